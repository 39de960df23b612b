import { cellOverpotential, chargeToCutoff, hysteresisV, openCircuitV, advance, type CellModel, type CellState } from './cell.js';
import type { Fade } from './fade.js';
import type { StepPlan } from './protocol.js';
import { seededRandom } from './random.js';

/** One logged sample. The generator reuses one object: copy it if you keep it. */
export interface SimRecord {
  /** 0-based running index of the record. */
  index: number;
  timeS: number;
  stepTimeS: number;
  voltageV: number;
  /** Positive = charge. */
  currentA: number;
  /** Charge passed since the step started, Ah (magnitude). */
  capacityAh: number;
  /** Energy since the step started, Wh (magnitude). */
  energyWh: number;
  cycle: number;
  programStep: number;
  /** 1-based running step count. */
  stepNumber: number;
  kind: 'charge' | 'discharge' | 'rest';
  temperatureC: number;
}

/** A cycler's logging rule: a point every Δt seconds and/or whenever V moved by ΔV. */
export interface SamplingRule {
  dtS: number | null;
  dvV: number | null;
}

export interface EngineOptions {
  model: CellModel;
  steps: Iterable<StepPlan>;
  massG: number;
  /** Specific current of 1C, mA per g of cathode. */
  oneCMAG: number;
  sampling: SamplingRule;
  /** Standard deviation of the voltage measurement noise, V. */
  noiseV: number;
  seed: number;
  temperatureC: number;
  fade: Fade;
  /** Time constant of the voltage relaxation during rests, s. */
  relaxationS: number;
}

/** Steps are walked on a grid of at least this many points, fine enough to place ΔV crossings. */
const MIN_GRID = 400;

/**
 * Run a program on a cell and yield the samples a cycler would log, in time order, streaming:
 * memory does not grow with the number of cycles. Pure: the same options give the same records.
 *
 * Constant-current steps are solved exactly: the charge to the voltage limit comes from
 * `chargeToCutoff`, so the step's duration and capacity do not depend on the sampling rule.
 * Capacity is |I|·t; energy is ∫|V·I| dt by the trapezoid rule on a grid finer than the log.
 * The noise is measurement noise: it is added to the logged voltage only.
 */
export function* simulate(o: EngineOptions): Generator<SimRecord> {
  const m = o.model;
  const rng = seededRandom(o.seed);
  const dt = o.sampling.dtS;
  const dv = o.sampling.dvV;
  if ((dt === null || !(dt > 0)) && (dv === null || !(dv > 0))) throw new RangeError('sampling: give a positive Δt, ΔV or both');
  const rec: SimRecord = {
    index: -1, timeS: 0, stepTimeS: 0, voltageV: 0, currentA: 0, capacityAh: 0, energyWh: 0,
    cycle: 1, programStep: 1, stepNumber: 0, kind: 'rest', temperatureC: o.temperatureC,
  };
  let state: CellState = m.initial;
  let clock = 0;
  let lastDirection: 1 | -1 | 0 = 0;
  let lastRelaxingV = 0;

  for (const plan of o.steps) {
    rec.stepNumber++;
    rec.cycle = plan.cycle;
    rec.programStep = plan.programStep;
    rec.kind = plan.kind;
    const fade = o.fade(plan.cycle);
    let duration: number;
    let voltageAt: (t: number) => number;
    let currentA: number;
    let endState: CellState;
    if (plan.kind === 'rest') {
      duration = plan.durationS;
      currentA = 0;
      const ocv = openCircuitV(m, state);
      const offset = lastDirection * lastRelaxingV;
      voltageAt = (t) => ocv + offset * Math.exp(-t / o.relaxationS);
      endState = state;
    } else {
      const direction: 1 | -1 = plan.kind === 'charge' ? 1 : -1;
      const i = plan.cRate * o.oneCMAG;
      const eta = cellOverpotential(m, i);
      const etaV = eta.kineticV + eta.ohmicV;
      const q = chargeToCutoff(m, state, direction, etaV, plan.limitV, fade);
      duration = (q * 3600) / i;
      currentA = (direction * i * o.massG) / 1000;
      const s0 = state;
      const rate = (direction * i) / 3600;
      const cathodeQ = m.cathodeCapacityMAhG * fade;
      const anodeQ = m.anodeCapacityMAhG;
      const anode = m.anodeCurve;
      const hyst = direction < 0 && m.dischargeHysteresisV > 0;
      voltageAt = (t) => {
        const dq = rate * t;
        const theta = s0.cathodeFraction + dq / cathodeQ;
        let v = m.cathodeCurve.potentialAt(theta);
        if (anode) v -= anode.potentialAt(s0.anodeFraction - dq / anodeQ);
        v += direction * etaV;
        if (hyst) v -= hysteresisV(m, { cathodeFraction: theta, anodeFraction: 0 });
        return v;
      };
      endState = advance(m, state, direction * q, fade);
      lastDirection = direction;
      // What relaxes in the next rest: the kinetic part and the hysteresis (the ohmic drop goes at once).
      lastRelaxingV = eta.kineticV + (hyst ? hysteresisV(m, endState) : 0);
    }
    rec.currentA = currentA;
    const absI = Math.abs(currentA);

    // Walk the step on a grid commensurate with Δt; log on Δt, on ΔV crossings, and at the end.
    const perDt = dt !== null && dt > 0 ? dt : duration;
    const sub = Math.max(1, Math.ceil((perDt * MIN_GRID) / Math.max(duration, 1e-9)));
    const h = Math.min(perDt / sub, duration > 0 ? duration : perDt);
    let cursorT = 0;
    let cursorV = voltageAt(0);
    let energy = 0;
    let lastLogT = 0;
    let lastLogV = cursorV;
    const advanceTo = (t: number, v: number): void => {
      energy += (((cursorV + v) / 2) * absI * (t - cursorT)) / 3600;
      cursorT = t;
      cursorV = v;
    };
    const emit = (t: number, v: number): SimRecord => {
      rec.index++;
      rec.timeS = clock + t;
      rec.stepTimeS = t;
      rec.voltageV = o.noiseV > 0 ? v + o.noiseV * rng.gaussian() : v;
      rec.capacityAh = (absI * t) / 3600;
      rec.energyWh = energy;
      lastLogT = t;
      lastLogV = v;
      return rec;
    };
    yield emit(0, cursorV);
    const steps = duration > 0 ? Math.ceil(duration / h - 1e-9) : 0;
    for (let k = 1; k <= steps; k++) {
      const t = k === steps ? duration : k * h;
      const v = voltageAt(t);
      if (dv !== null && dv > 0) {
        // V is monotone and smooth within a step: each ΔV crossing in (cursorT, t] is placed by
        // linear interpolation between the cursor and the grid point (the grid is fine enough
        // that the logged step differs from ΔV by far less than the noise).
        while (Math.abs(v - lastLogV) >= dv) {
          const target = lastLogV + Math.sign(v - lastLogV) * dv;
          const f = (target - cursorV) / (v - cursorV);
          const tHit = cursorT + Math.min(1, Math.max(0, f)) * (t - cursorT);
          if (!(tHit > cursorT) || tHit >= t) break;
          const vHit = voltageAt(tHit);
          advanceTo(tHit, vHit);
          yield emit(tHit, vHit);
        }
      }
      advanceTo(t, v);
      if (k === steps || (dt !== null && dt > 0 && t - lastLogT >= dt - 1e-9)) yield emit(t, v);
    }
    clock += duration;
    state = endState;
  }
}
