import type { Step, StepPoints } from '../../src/segment/steps.js';
import { mulberry32 } from '../../src/sim/random.js';

/**
 * Synthetic galvanostatic half cycles with known answers: capacity Q(V) is a sum of logistic
 * plateaus, Q(V) = Σ qₖ·σ((V − Eₖ)/wₖ) + s·(V − V_lo), so dQ/dV has peaks exactly at Eₖ
 * (height qₖ/4wₖ, FWHM 3.5255·wₖ, area qₖ) and every window integral is analytic.
 * The sampler runs at constant current with uneven time steps, adds seeded Gaussian voltage
 * noise and small relaxation dips, like a real logger.
 */
export interface Plateau {
  e: number;
  /** mAh */
  q: number;
  /** V */
  w: number;
}

export interface CurveSpec {
  plateaus: Plateau[];
  /** Background dQ/dV, mAh/V. */
  slopeMAhPerV: number;
  vLo: number;
  vHi: number;
}

const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));

/** Capacity (mAh) passed from vLo up to v on the charge curve (monotone in v). */
export function capacityAt(spec: CurveSpec, v: number): number {
  let q = spec.slopeMAhPerV * (v - spec.vLo);
  for (const p of spec.plateaus) q += p.q * (sigmoid((v - p.e) / p.w) - sigmoid((spec.vLo - p.e) / p.w));
  return q;
}

export function totalCapacity(spec: CurveSpec): number {
  return capacityAt(spec, spec.vHi);
}

/** Analytic capacity (mAh) with voltage in [a, b] ∩ [vLo, vHi]. */
export function windowIntegral(spec: CurveSpec, a: number, b: number): number {
  const lo = Math.max(a, spec.vLo);
  const hi = Math.min(b, spec.vHi);
  return hi > lo ? capacityAt(spec, hi) - capacityAt(spec, lo) : 0;
}

function voltageAt(spec: CurveSpec, q: number): number {
  let lo = spec.vLo;
  let hi = spec.vHi;
  for (let k = 0; k < 60; k++) {
    const mid = (lo + hi) / 2;
    if (capacityAt(spec, mid) < q) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

export interface SampleOptions {
  direction: 'charge' | 'discharge';
  /** Mean number of samples over the half cycle. */
  samples: number;
  noiseV: number;
  /** Depth of occasional relaxation dips (against the direction of travel), V. */
  wiggleV: number;
  seed: number;
  /** Also return the noiseless voltages. */
}

/** Sample one half cycle of `spec` as a Step with points (current sign per direction). */
export function sampleStep(spec: CurveSpec, o: SampleOptions, index = 0): Step {
  const rand = mulberry32(o.seed);
  const gauss = (): number => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
  const total = totalCapacity(spec);
  const currentA = 0.001 * (o.direction === 'charge' ? 1 : -1);
  const durationS = (total / 1) * 3600; // at 1 mA
  const meanDt = durationS / o.samples;
  const t: number[] = [0];
  while (t[t.length - 1]! < durationS) t.push(Math.min(durationS, t[t.length - 1]! + meanDt * (0.3 + 1.4 * rand())));
  const n = t.length;
  const points: StepPoints = {
    timeS: new Float64Array(n),
    voltageV: new Float64Array(n),
    currentA: new Float64Array(n),
    chargeAh: new Float64Array(n),
    length: n,
  };
  let dip = 0;
  for (let i = 0; i < n; i++) {
    const qPassed = (t[i]! / 3600) * 1; // mAh at 1 mA
    const vTrue = o.direction === 'charge' ? voltageAt(spec, qPassed) : voltageAt(spec, total - qPassed);
    if (rand() < 0.01) dip = o.wiggleV;
    const against = o.direction === 'charge' ? -dip : dip;
    dip *= 0.6;
    points.timeS[i] = t[i]!;
    points.voltageV[i] = vTrue + against + o.noiseV * gauss();
    points.currentA[i] = currentA;
    points.chargeAh[i] = (Math.sign(currentA) * qPassed) / 1000;
  }
  const integratedAh = points.chargeAh[n - 1]!;
  let minV = Infinity;
  let maxV = -Infinity;
  for (const v of points.voltageV) [minV, maxV] = [Math.min(minV, v), Math.max(maxV, v)];
  return {
    index,
    kind: o.direction,
    fileCycle: 1,
    fileStep: index + 1,
    startLine: 1,
    endLine: n,
    records: n,
    startTimeS: 0,
    endTimeS: durationS,
    firstVoltageV: points.voltageV[0]!,
    lastVoltageV: points.voltageV[n - 1]!,
    minVoltageV: minV,
    maxVoltageV: maxV,
    integratedAh,
    integratedWh: 0,
    fileCapacityAh: null,
    fileEnergyWh: null,
    meanTemperatureC: null,
    points,
  };
}

/** Shift every plateau potential by dV (e.g. ±η/2 for charge/discharge polarisation). */
export function shifted(spec: CurveSpec, dV: number): CurveSpec {
  return { ...spec, plateaus: spec.plateaus.map((p) => ({ ...p, e: p.e + dV })) };
}

/** An HE-V-like half cell: three V couples at 1.67, 3.43 and 4.03 V over 1.5–4.1 V. */
export const HEV_LIKE: CurveSpec = {
  vLo: 1.5,
  vHi: 4.1,
  slopeMAhPerV: 0.05,
  plateaus: [
    { e: 1.67, q: 0.3, w: 0.012 },
    { e: 3.43, q: 0.6, w: 0.015 },
    { e: 4.03, q: 0.35, w: 0.015 },
  ],
};
