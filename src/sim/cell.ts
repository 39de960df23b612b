import { buildCurve, type PotentialCurve } from './curve.js';
import { overpotential, type Overpotential } from './kinetics.js';
import type { CellSpec } from './materials.js';

/**
 * Where the cell is: the cathode's extracted fraction θ (0 = fully sodiated) and, in a full
 * cell, the anode's desodiated fraction ψ (1 = empty of sodium). A charge raises θ and lowers ψ.
 */
export interface CellState {
  cathodeFraction: number;
  anodeFraction: number;
}

/** A cell ready to simulate: curves built, capacities calibrated. Immutable. */
export interface CellModel {
  spec: CellSpec;
  cathodeCurve: PotentialCurve;
  anodeCurve: PotentialCurve | null;
  /** Total cathode capacity (θ from 0 to 1) before fade, mAh per g of cathode. */
  cathodeCapacityMAhG: number;
  /** Total anode capacity, mAh per g of cathode (full cells; 0 otherwise). */
  anodeCapacityMAhG: number;
  /** Anode active mass per cathode active mass (full cells; 0 otherwise). */
  anodeMassRatio: number;
  /** Cell-level resistance beyond the electrodes' own (separator, contacts), V per mA g⁻¹. */
  cellResistanceVPerMAG: number;
  /** Discharge-only hysteresis on the cathode's upper couples, V (see CellSpec.dischargeHysteresis). */
  dischargeHysteresisV: number;
  initial: CellState;
}

const curveCache = new Map<string, PotentialCurve>();

/** Curves are pure functions of their spec: build each once per process. */
export function curveFor(spec: CellSpec['cathode']): PotentialCurve {
  let c = curveCache.get(spec.id);
  if (!c) curveCache.set(spec.id, (c = buildCurve(spec.curve)));
  return c;
}

export interface ModelParameters {
  cathodeCapacityMAhG: number;
  npRatio: number;
  cellResistanceVPerMAG: number;
  dischargeHysteresisV: number;
  /** Anode desodiated fraction at the start (pre-sodiation leaves it below 1). */
  anodeInitialFraction: number;
}

export function makeModel(spec: CellSpec, p: ModelParameters): CellModel {
  const cathodeCurve = curveFor(spec.cathode);
  const anodeCurve = spec.anode ? curveFor(spec.anode) : null;
  const anodeCapacityMAhG = spec.anode ? p.npRatio * p.cathodeCapacityMAhG : 0;
  return {
    spec,
    cathodeCurve,
    anodeCurve,
    cathodeCapacityMAhG: p.cathodeCapacityMAhG,
    anodeCapacityMAhG,
    anodeMassRatio: spec.anode ? anodeCapacityMAhG / spec.anode.nominalCapacityMAhG : 0,
    cellResistanceVPerMAG: p.cellResistanceVPerMAG,
    dischargeHysteresisV: p.dischargeHysteresisV,
    initial: { cathodeFraction: cathodeCurve.fractionAt(spec.cathode.asMadeOcvV), anodeFraction: p.anodeInitialFraction },
  };
}

/** Open-circuit voltage of the cell: cathode potential minus anode potential (Na metal = 0 V). */
export function openCircuitV(m: CellModel, s: CellState): number {
  const vc = m.cathodeCurve.potentialAt(s.cathodeFraction);
  return m.anodeCurve ? vc - m.anodeCurve.potentialAt(s.anodeFraction) : vc;
}

/** Total overpotential magnitude at cathode-specific current i (mA g⁻¹). */
export function cellOverpotential(m: CellModel, specificCurrentMAG: number): Overpotential {
  const c = overpotential(m.spec.cathode.kinetics, specificCurrentMAG);
  let kineticV = c.kineticV;
  let ohmicV = c.ohmicV + m.cellResistanceVPerMAG * Math.abs(specificCurrentMAG);
  if (m.spec.anode && m.anodeMassRatio > 0) {
    const a = overpotential(m.spec.anode.kinetics, specificCurrentMAG / m.anodeMassRatio);
    kineticV += a.kineticV;
    ohmicV += a.ohmicV;
  }
  return { kineticV, ohmicV };
}

/** State after passing dq mAh per g of cathode (positive = charge), with the cathode faded to `fade`. */
export function advance(m: CellModel, s: CellState, chargeMAhG: number, fade: number): CellState {
  return {
    cathodeFraction: s.cathodeFraction + chargeMAhG / (m.cathodeCapacityMAhG * fade),
    anodeFraction: m.anodeCapacityMAhG > 0 ? s.anodeFraction - chargeMAhG / m.anodeCapacityMAhG : s.anodeFraction,
  };
}

/**
 * Terminal voltage during a constant-current step: OCV ± η (sign = direction), less the
 * discharge hysteresis H·σ((U_c − onset)/width), a smooth step in the cathode's own potential
 * U_c; width > H/4 keeps V monotone in the charge passed.
 */
export function terminalV(m: CellModel, s: CellState, direction: 1 | -1, etaV: number): number {
  const v = openCircuitV(m, s) + direction * etaV;
  return direction < 0 ? v - hysteresisV(m, s) : v;
}

export function hysteresisV(m: CellModel, s: CellState): number {
  const h = m.spec.dischargeHysteresis;
  if (!h || m.dischargeHysteresisV === 0) return 0;
  const uc = m.cathodeCurve.potentialAt(s.cathodeFraction);
  return m.dischargeHysteresisV / (1 + Math.exp(-(uc - h.onsetV) / h.widthV));
}

/**
 * Charge (mAh g⁻¹ of cathode, ≥ 0) a constant-current step passes before the terminal voltage
 * reaches its limit. V is monotone in the charge passed (the curves are), so bisection is exact
 * to 1e-10 of the cathode capacity; the curves' runaway beyond θ ∈ [0, 1] guarantees a crossing.
 */
export function chargeToCutoff(m: CellModel, s: CellState, direction: 1 | -1, etaV: number, limitV: number, fade: number): number {
  const beyond = (q: number): boolean => {
    const v = terminalV(m, advance(m, s, direction * q, fade), direction, etaV);
    return direction > 0 ? v >= limitV : v <= limitV;
  };
  if (beyond(0)) return 0;
  let lo = 0;
  let hi = m.cathodeCapacityMAhG * fade * 1.5;
  while (!beyond(hi)) hi *= 2;
  for (let k = 0; k < 80 && hi - lo > 1e-10 * m.cathodeCapacityMAhG; k++) {
    const mid = (lo + hi) / 2;
    if (beyond(mid)) hi = mid;
    else lo = mid;
  }
  return hi;
}
