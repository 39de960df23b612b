import type { CRateBasis } from '../model/units.js';
import type { Cycle } from '../segment/cycles.js';
import type { Step } from '../segment/steps.js';
import { findPartialCycles } from './partial.js';

export type CeMode = 'discharge-over-charge' | 'charge-over-discharge';

/** The file's capacity and ∫I dt may differ by this fraction before `summary` (and `windows`) say so. */
export const CAPACITY_TOLERANCE = 0.01;

export interface SummaryOptions {
  massG: number | null;
  cRateBasis: CRateBasis | null;
  ce: CeMode;
  /** Warn when the file's capacity and ∫I dt disagree by more than this fraction. */
  capacityTolerance: number;
  /**
   * False for a per-cycle table read as synthetic steps: durations, mean currents and C-rates
   * would be artefacts of the synthetic time axis, so they are null. Default true.
   */
  timeSeries?: boolean;
  /** Partial cycles by index (src/analysis/partial.ts); found here when not given. */
  partial?: Map<number, string>;
}

/** Per-cycle figures; every key carries its unit. Absent values are null, never 0. */
export interface CycleSummary {
  cycle: number;
  /**
   * A partial or unfinished cycle (src/analysis/partial.ts): kept in tables, left out of CE
   * statistics, retention baselines, fade fits and `check` ranges.
   */
  partial: boolean;
  chargeCapacityMAh: number | null;
  dischargeCapacityMAh: number | null;
  chargeSpecificCapacityMAhG: number | null;
  dischargeSpecificCapacityMAhG: number | null;
  coulombicEfficiency: number | null;
  chargeEnergyMWh: number | null;
  dischargeEnergyMWh: number | null;
  chargeSpecificEnergyWhKg: number | null;
  dischargeSpecificEnergyWhKg: number | null;
  meanChargeVoltageV: number | null;
  meanDischargeVoltageV: number | null;
  voltageHysteresisV: number | null;
  /** null when the file has no time series (a per-cycle table). */
  durationS: number | null;
  meanChargeCurrentA: number | null;
  meanDischargeCurrentA: number | null;
  chargeCRate: number | null;
  dischargeCRate: number | null;
  /** C-rate of the cycle: discharge when there is one, else charge. */
  cRate: number | null;
  /** Where the capacities came from: the file's own counter or ∫I dt. */
  capacitySource: 'file' | 'integrated' | null;
  minVoltageV: number;
  maxVoltageV: number;
  records: number;
}

interface HalfCycle {
  capacityAh: number;
  energyWh: number;
  durationS: number;
  integratedAh: number;
  fromFile: boolean;
}

/** Sum a cycle's steps of one direction; capacity from the file counter when every step has one. */
function half(steps: Step[], kind: 'charge' | 'discharge'): HalfCycle | null {
  const list = steps.filter((s) => s.kind === kind);
  if (list.length === 0) return null;
  const fromFile = list.every((s) => s.fileCapacityAh !== null);
  const energyFromFile = list.every((s) => s.fileEnergyWh !== null);
  let capacityAh = 0;
  let energyWh = 0;
  let durationS = 0;
  let integratedAh = 0;
  // ∫V·I dt over the direction's own current sign: negative only when the voltage is (a cell
  // measured with its leads swapped reads −0.09 V, and its mean voltage must say so).
  let voltageSignWh = 0;
  for (const s of list) {
    integratedAh += Math.abs(s.integratedAh);
    capacityAh += fromFile ? s.fileCapacityAh! : Math.abs(s.integratedAh);
    energyWh += energyFromFile ? s.fileEnergyWh! : Math.abs(s.integratedWh);
    durationS += s.endTimeS - s.startTimeS;
    voltageSignWh += Math.sign(s.integratedAh) * s.integratedWh;
  }
  if (voltageSignWh < 0) energyWh = -Math.abs(energyWh);
  return { capacityAh, energyWh, durationS, integratedAh, fromFile };
}

/** Current for 1C, A, or null when the basis needs a mass that is not known. */
export function oneCCurrentA(basis: CRateBasis | null, massG: number | null): number | null {
  if (!basis) return null;
  if (basis.kind === 'nominal') return basis.capacityAh;
  return massG === null ? null : (basis.mAPerG * massG) / 1000;
}

/**
 * Per-cycle summary.
 * Capacity Q = Σ step capacities (file counter, else |∫I dt|); energy E likewise (∫V·I dt);
 * mean voltage = E/Q; CE = Q_dis/Q_chg (cathode, full cell) or Q_chg/Q_dis (anode);
 * specific values divide by the active mass; C-rate = mean |I| / I(1C). Without a time series
 * (`timeSeries: false`) duration, mean currents and C-rates are null.
 */
export function summariseCycles(cycles: Cycle[], options: SummaryOptions): CycleSummary[] {
  const perGram = (ah: number | null): number | null => (ah === null || options.massG === null ? null : (ah * 1000) / options.massG);
  const timeSeries = options.timeSeries ?? true;
  const oneC = timeSeries ? oneCCurrentA(options.cRateBasis, options.massG) : null;
  const partial = options.partial ?? findPartialCycles(cycles);
  return cycles.map((c, index) => {
    const chg = half(c.steps, 'charge');
    const dis = half(c.steps, 'discharge');
    const qc = chg?.capacityAh ?? null;
    const qd = dis?.capacityAh ?? null;
    let ce: number | null = null;
    if (qc !== null && qd !== null && qc > 0 && qd > 0) ce = options.ce === 'discharge-over-charge' ? qd / qc : qc / qd;
    const meanV = (h: HalfCycle | null): number | null => (h && h.capacityAh > 0 ? h.energyWh / h.capacityAh : null);
    const vc = meanV(chg);
    const vd = meanV(dis);
    const meanI = (h: HalfCycle | null): number | null => (timeSeries && h && h.durationS > 0 ? (h.integratedAh * 3600) / h.durationS : null);
    const ic = meanI(chg);
    const id = meanI(dis);
    const rate = (i: number | null): number | null => (i === null || oneC === null ? null : i / oneC);
    const first = c.steps[0]!;
    const last = c.steps[c.steps.length - 1]!;
    const whKg = (wh: number | null): number | null => (wh === null || options.massG === null ? null : wh / (options.massG / 1000));
    return {
      cycle: c.number,
      partial: partial.has(index),
      chargeCapacityMAh: qc === null ? null : qc * 1000,
      dischargeCapacityMAh: qd === null ? null : qd * 1000,
      chargeSpecificCapacityMAhG: perGram(qc),
      dischargeSpecificCapacityMAhG: perGram(qd),
      coulombicEfficiency: ce,
      chargeEnergyMWh: chg ? chg.energyWh * 1000 : null,
      dischargeEnergyMWh: dis ? dis.energyWh * 1000 : null,
      chargeSpecificEnergyWhKg: whKg(chg?.energyWh ?? null),
      dischargeSpecificEnergyWhKg: whKg(dis?.energyWh ?? null),
      meanChargeVoltageV: vc,
      meanDischargeVoltageV: vd,
      voltageHysteresisV: vc !== null && vd !== null ? vc - vd : null,
      durationS: timeSeries ? last.endTimeS - first.startTimeS : null,
      meanChargeCurrentA: ic,
      meanDischargeCurrentA: id === null ? null : -id,
      chargeCRate: rate(ic),
      dischargeCRate: rate(id),
      cRate: rate(id ?? ic),
      capacitySource: chg || dis ? ((chg?.fromFile ?? true) && (dis?.fromFile ?? true) ? 'file' : 'integrated') : null,
      minVoltageV: Math.min(...c.steps.map((s) => s.minVoltageV)),
      maxVoltageV: Math.max(...c.steps.map((s) => s.maxVoltageV)),
      records: c.steps.reduce((n, s) => n + s.records, 0),
    };
  });
}

export interface CapacityDisagreement {
  steps: number;
  worst: { cycle: number; step: number | null; fileAh: number; integratedAh: number; relative: number } | null;
}

/**
 * Compare the file's capacity counter with ∫I dt step by step. Steps too small to judge
 * (under 1e-3 of the largest step) are ignored: their relative error is noise.
 */
export function checkCapacityAgreement(cycles: Cycle[], tolerance: number): CapacityDisagreement {
  let largest = 0;
  for (const c of cycles) for (const s of c.steps) if (s.fileCapacityAh !== null) largest = Math.max(largest, s.fileCapacityAh);
  let count = 0;
  let worst: CapacityDisagreement['worst'] = null;
  for (const c of cycles) {
    for (const s of c.steps) {
      if (s.fileCapacityAh === null || s.fileCapacityAh < largest * 1e-3) continue;
      const integrated = Math.abs(s.integratedAh);
      const relative = Math.abs(integrated - s.fileCapacityAh) / s.fileCapacityAh;
      if (relative > tolerance) {
        count++;
        if (!worst || relative > worst.relative) worst = { cycle: c.number, step: s.fileStep, fileAh: s.fileCapacityAh, integratedAh: integrated, relative };
      }
    }
  }
  return { steps: count, worst };
}
