import type { CycleSummary } from '../analysis/summary.js';
import type { Step } from '../segment/steps.js';

/** Record-level facts for the data-sanity rules, gathered from the kept points of every step. */
export interface RecordFacts {
  records: number;
  /** Consecutive records with the same time stamp (time did not advance). */
  repeatedTimes: number;
  firstRepeatAtS: number | null;
  /** Longest interval between consecutive records, s; null with fewer than two records. */
  maxGapS: number | null;
  maxGapAtS: number | null;
  currentMinA: number | null;
  currentMaxA: number | null;
  voltageMinV: number | null;
  voltageMaxV: number | null;
}

/** Where time went backwards, when the segmenter refused the file for it (E_TIME). */
export interface TimeReversal {
  line: number | null;
  message: string;
}

export interface DqdvPeakFact {
  cycle: number;
  direction: 'charge' | 'discharge';
  voltageV: number;
}

export interface DqdvCoupleFact {
  cycle: number;
  meanVoltageV: number;
  polarizationV: number;
}

export interface DqdvFacts {
  /** Cycles (per direction) that were analysed, so a missing peak is told from a missing half-cycle. */
  analysed: { cycle: number; direction: 'charge' | 'discharge' }[];
  peaks: DqdvPeakFact[];
  couples: DqdvCoupleFact[];
}

/** Discharge capacity retention of one cycle relative to a reference cycle (fraction). */
export interface RetentionFact {
  cycle: number;
  retention: number | null;
}

/** Everything rule evaluation may look at for one file. Plain data: `src/gate` does no I/O. */
export interface CheckFacts {
  cycles: CycleSummary[];
  /** null when the check did not keep points (no sanity rule asked) or the data could not be segmented. */
  records: RecordFacts | null;
  timeReversal: TimeReversal | null;
  /** Rows the reader skipped as malformed; null when unknown. */
  badRows: number | null;
  dqdv: DqdvFacts | { unavailable: string };
  /**
   * Retention per cycle for a reference cycle (null = the default reference). Supplied by the
   * caller so the gate uses the same definition as the `retention` command.
   */
  retention: (referenceCycle: number | null) => { referenceCycle: number | null; cycles: RetentionFact[]; reason?: string };
  /** When set, the data could not be analysed and every rule except monotonicTime is n/a for this reason. */
  unusable: string | null;
}

/**
 * Fold every kept sample into the sanity facts. Steps must have been loaded with points
 * (keepPoints), which hold every record in file order; gaps across step boundaries are
 * measured from one step's last sample to the next step's first.
 */
export function recordFacts(steps: Step[]): RecordFacts {
  const f: RecordFacts = {
    records: 0,
    repeatedTimes: 0,
    firstRepeatAtS: null,
    maxGapS: null,
    maxGapAtS: null,
    currentMinA: null,
    currentMaxA: null,
    voltageMinV: null,
    voltageMaxV: null,
  };
  let prevT: number | null = null;
  for (const s of steps) {
    const p = s.points;
    if (!p) continue;
    for (let k = 0; k < p.length; k++) {
      const t = p.timeS[k]!;
      const v = p.voltageV[k]!;
      const i = p.currentA[k]!;
      f.records++;
      if (prevT !== null) {
        const dt = t - prevT;
        if (dt <= 0) {
          f.repeatedTimes++;
          f.firstRepeatAtS ??= t;
        }
        if (f.maxGapS === null || dt > f.maxGapS) [f.maxGapS, f.maxGapAtS] = [dt, prevT];
      }
      prevT = t;
      if (Number.isFinite(i)) {
        if (f.currentMinA === null || i < f.currentMinA) f.currentMinA = i;
        if (f.currentMaxA === null || i > f.currentMaxA) f.currentMaxA = i;
      }
      if (Number.isFinite(v)) {
        if (f.voltageMinV === null || v < f.voltageMinV) f.voltageMinV = v;
        if (f.voltageMaxV === null || v > f.voltageMaxV) f.voltageMaxV = v;
      }
    }
  }
  return f;
}

/**
 * The fallback retention definition, used when no retention analysis is available:
 * retention(N) = Q_dis(N) / Q_dis(reference), the reference being the first cycle with a
 * discharge capacity unless one is named.
 */
export function simpleRetention(cycles: CycleSummary[], referenceCycle: number | null): ReturnType<CheckFacts['retention']> {
  const ref = referenceCycle === null ? cycles.find((c) => c.dischargeCapacityMAh !== null && c.dischargeCapacityMAh > 0) : cycles.find((c) => c.cycle === referenceCycle);
  if (!ref) {
    return { referenceCycle, cycles: [], reason: referenceCycle === null ? 'no cycle has a discharge capacity' : `reference cycle ${referenceCycle} is not in the data` };
  }
  const q0 = ref.dischargeCapacityMAh;
  if (q0 === null || !(q0 > 0)) return { referenceCycle: ref.cycle, cycles: [], reason: `reference cycle ${ref.cycle} has no discharge capacity` };
  return {
    referenceCycle: ref.cycle,
    cycles: cycles.map((c) => ({ cycle: c.cycle, retention: c.dischargeCapacityMAh === null ? null : c.dischargeCapacityMAh / q0 })),
  };
}
