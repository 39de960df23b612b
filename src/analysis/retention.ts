import { median } from '../math/median.js';
import { CyclekitError, fieldError } from '../model/errors.js';
import { protocolView, snapCRate } from './rate.js';
import type { CycleSummary } from './summary.js';

export interface RetentionOptions {
  /** Cycle number (as reported) to take as 100 %; null picks one (see `chooseReference`). */
  referenceCycle: number | null;
  /** The first N cycles (in file order) are formation cycles: never the default reference. */
  skipFormation: number;
  /** Segment ends, in cycle numbers (e.g. 5000, 10000). Empty: one segment, reference → last. */
  segmentEnds: number[];
  /** Retention threshold, fraction (0.8 = 80 %). */
  threshold: number;
  /** Median over this many usable cycles around each segment boundary (1 = the cycle itself). */
  boundaryWindow: number;
}

/** What `retention` does unless told otherwise (the CLI's flag defaults, `report`, `check`, `compare`). */
export const RETENTION_DEFAULTS: Readonly<RetentionOptions> = { referenceCycle: null, skipFormation: 0, segmentEnds: [], threshold: 0.8, boundaryWindow: 1 };

export interface RetentionCycle {
  cycle: number;
  dischargeCapacityMAh: number | null;
  dischargeSpecificCapacityMAhG: number | null;
  retention: number | null;
  coulombicEfficiency: number | null;
  cRate: number | null;
  /** Why the cycle is set aside from the fit, boundaries and CE statistics; null when it is not. */
  outlier: string | null;
}

export interface RetentionSegment {
  fromCycle: number;
  toCycle: number;
  /** The cycle the segment's retention is relative to (the reference, or the previous segment end). */
  relativeToCycle: number;
  /** Usable cycle actually used for the segment end when `toCycle` itself is an outlier or missing. */
  toCycleUsed: number;
  /** Q(toCycle) / Q(relativeToCycle), fraction. */
  retention: number;
  meanCoulombicEfficiency: number | null;
  minCoulombicEfficiency: number | null;
  minCoulombicEfficiencyCycle: number | null;
}

export interface FadeFit {
  method: string;
  /** d ln(Q/Q_ref) / d cycle. */
  slope: number;
  /** ln(Q/Q_ref) at the reference cycle. */
  intercept: number;
  points: number;
}

export interface RetentionResult {
  referenceCycle: number;
  referenceReason: string;
  referenceCapacityMAh: number;
  referenceCRate: number | null;
  threshold: number;
  cycles: RetentionCycle[];
  segments: RetentionSegment[];
  overall: RetentionSegment;
  /** Fraction of capacity lost per cycle from the fit: 1 − e^slope. */
  fadePerCycle: number | null;
  /** 1 − e^(1000·slope). */
  fadePer1000Cycles: number | null;
  fit: FadeFit | null;
  /** Cycles from the reference until retention first reaches the threshold. */
  cyclesToThreshold: number | null;
  thresholdCycle: number | null;
  thresholdExtrapolated: boolean;
  outliers: { cycle: number; reason: string }[];
  /** The rate (or current) retention, fade and threshold are measured at: the long cycling. */
  longCyclingLevel: string | null;
  /** Cycles at other rates (rate steps, periodic check-ups) left out of segments, fit and threshold. */
  otherRateCycles: number[];
  /** Why there is no fade figure, when there is none. */
  fadeNote: string | null;
}

/** A fade fit on fewer cycles than this describes noise, not ageing. */
export const MIN_FIT_CYCLES = 10;

/** Extrapolations beyond this many cycles are not reported: no cell test says anything about them. */
const MAX_EXTRAPOLATION = 1e6;

/** Neighbours on each side used to judge whether a cycle is an outlier. */
const NEIGHBOURS = 5;

/**
 * Flag cycles that do not belong in a fade curve: no discharge; a discharge capacity far from
 * the median of its ±5 neighbours at the same C-rate (interrupted or restarted cycles), judged
 * against the robust scatter of all such deviations (|d| > max(8·1.4826·MAD, 1 %)); or a
 * cycle much shorter (< 50 %) than its neighbours. Runs shorter than 5 cycles are not judged.
 */
export function flagOutliers(cycles: CycleSummary[], levelOf?: (c: CycleSummary) => number | null): Map<number, string> {
  const flags = new Map<number, string>();
  const runs: CycleSummary[][] = [];
  let key: number | null | undefined;
  for (const c of cycles) {
    if (c.dischargeCapacityMAh === null || !(c.dischargeCapacityMAh > 0)) {
      flags.set(c.cycle, 'no discharge');
      continue;
    }
    const k = levelOf ? levelOf(c) : c.cRate === null ? null : snapCRate(Math.abs(c.cRate));
    if (runs.length === 0 || k !== key) runs.push([]);
    key = k;
    runs[runs.length - 1]!.push(c);
  }
  const deviations: { c: CycleSummary; d: number; short: boolean }[] = [];
  for (const run of runs) {
    if (run.length < 5) continue;
    for (let i = 0; i < run.length; i++) {
      const around: CycleSummary[] = [];
      for (let j = Math.max(0, i - NEIGHBOURS); j <= Math.min(run.length - 1, i + NEIGHBOURS); j++) if (j !== i) around.push(run[j]!);
      const c = run[i]!;
      const m = median(around.map((n) => n.dischargeCapacityMAh!));
      // Without a time series (a per-cycle table) no cycle can be told short by its duration.
      const times = around.map((n) => n.durationS).filter((x): x is number => x !== null);
      const t = times.length > 0 ? median(times) : 0;
      deviations.push({ c, d: (c.dischargeCapacityMAh! - m) / m, short: t > 0 && c.durationS !== null && c.durationS < 0.5 * t });
    }
  }
  if (deviations.length === 0) return flags;
  const scale = 1.4826 * median(deviations.map((x) => Math.abs(x.d)));
  const limit = Math.max(8 * scale, 0.01);
  for (const { c, d, short } of deviations) {
    if (Math.abs(d) > limit) flags.set(c.cycle, `discharge capacity ${(d * 100).toFixed(1)} % from its neighbours' median${short ? ', cycle much shorter than its neighbours' : ''} (interrupted or restarted?)`);
    else if (short) flags.set(c.cycle, 'cycle much shorter than its neighbours (interrupted?)');
  }
  return flags;
}

/**
 * Theil–Sen slope (median of pairwise slopes; Sen 1968) with intercept median(y − b·x).
 * Robust to up to ~29 % outliers. Over 400 points, an evenly spaced subsample of 400 is
 * used so that 10⁴-cycle files cost 8·10⁴ slopes rather than 5·10⁷.
 */
export function theilSen(x: number[], y: number[]): { slope: number; intercept: number } | null {
  const n = x.length;
  if (n < 3) return null;
  const step = n > 400 ? (n - 1) / 399 : 1;
  const idx: number[] = [];
  for (let k = 0; k * step <= n - 1 + 1e-9; k++) idx.push(Math.round(k * step));
  const slopes: number[] = [];
  for (let a = 0; a < idx.length; a++) {
    for (let b = a + 1; b < idx.length; b++) {
      const i = idx[a]!;
      const j = idx[b]!;
      const dx = x[j]! - x[i]!;
      if (dx !== 0) slopes.push((y[j]! - y[i]!) / dx);
    }
  }
  if (slopes.length === 0) return null;
  const slope = median(slopes);
  const intercept = median(x.map((xi, i) => y[i]! - slope * xi));
  return { slope, intercept };
}

/**
 * Default reference: the first usable cycle, after the formation cycles, at the dominant
 * (most frequent, snapped) C-rate. Formation and rate-conditioning cycles at other rates
 * would otherwise set 100 % at a capacity the long test never sees.
 */
function chooseReference(cycles: CycleSummary[], flags: Map<number, string>, skip: number, level: { label: string; cycles: Set<number> } | null): { cycle: CycleSummary; reason: string } {
  if (level !== null) {
    const inLevel = cycles.slice(skip).find((c) => !flags.has(c.cycle) && level.cycles.has(c.cycle));
    if (inLevel) return { cycle: inLevel, reason: `first usable cycle at the dominant rate ${level.label} (the long cycling)${skip > 0 ? ` after ${skip} formation cycle(s)` : ''}` };
  }
  const candidates = cycles.slice(skip).filter((c) => !flags.has(c.cycle));
  if (candidates.length === 0) throw new CyclekitError('E_VALUE', `no usable cycle with a discharge after skipping ${skip} formation cycle(s)`);
  const rates = candidates.map((c) => (c.cRate === null ? null : snapCRate(Math.abs(c.cRate))));
  if (rates.every((r) => r === null)) {
    return { cycle: candidates[0]!, reason: `first usable cycle${skip > 0 ? ` after ${skip} formation cycle(s)` : ''} (no C-rate known)` };
  }
  const counts = new Map<number, number>();
  for (const r of rates) if (r !== null) counts.set(r, (counts.get(r) ?? 0) + 1);
  let dominant = 0;
  let most = -1;
  for (const [r, n] of counts) if (n > most) [dominant, most] = [r, n];
  const i = rates.indexOf(dominant);
  return { cycle: candidates[i]!, reason: `first usable cycle at the dominant rate ${dominant}C${skip > 0 ? ` after ${skip} formation cycle(s)` : ''}` };
}

/**
 * Capacity retention, R(n) = Q_dis(n) / Q_dis(ref) (fraction).
 * Segment retention: Q(end) / Q(start anchor), the anchor being the reference for the first
 * segment and the previous segment end otherwise (so segment retentions multiply to the overall
 * one; paper: 95.2 % × 93.3 % = 88.8 %). Fade: Theil–Sen fit of ln R against cycle number over
 * non-outlier cycles at the reference C-rate, fade per cycle = 1 − e^slope (an exponential fade
 * model, which a linear one approximates when the fade is small). Threshold: first non-outlier
 * cycle with R ≤ threshold, else the fit extrapolated (marked `thresholdExtrapolated`).
 */
export function retention(cycles: CycleSummary[], options: RetentionOptions): RetentionResult {
  if (cycles.length === 0) throw new CyclekitError('E_VALUE', 'no cycles in the file');
  if (!(options.threshold > 0 && options.threshold < 1)) throw new RangeError(`threshold must be in (0, 1), got ${options.threshold}`);
  // Partial cycles are no capacity to measure fade against: set aside before outliers are judged.
  // One view of the protocol with `rate`: fade is measured within the long-cycling level only,
  // and a cycle is judged an outlier among its neighbours at its own rate.
  const view = protocolView(cycles);
  const levelByCycle = new Map<number, number>();
  view.levels.forEach((l, i) => {
    for (const c of l.cycles) levelByCycle.set(c, i);
  });
  const levelOf = (cycle: number): number => levelByCycle.get(cycle) ?? -1;
  const complete = cycles.filter((c) => c.partial !== true);
  const flags = flagOutliers(complete, (c) => levelOf(c.cycle));
  for (const c of cycles) if (c.partial === true) flags.set(c.cycle, 'partial or unfinished cycle');
  let ref: CycleSummary;
  let referenceReason: string;
  if (options.referenceCycle !== null) {
    const found = cycles.find((c) => c.cycle === options.referenceCycle);
    if (!found) throw fieldError('E_USAGE', 'referenceCycle', (name) => `${name('referenceCycle')} ${options.referenceCycle}: no such cycle (cycles ${cycles[0]!.cycle}–${cycles[cycles.length - 1]!.cycle})`);
    if (found.dischargeCapacityMAh === null || !(found.dischargeCapacityMAh > 0)) throw fieldError('E_USAGE', 'referenceCycle', (name) => `${name('referenceCycle')} ${options.referenceCycle}: that cycle has no discharge`);
    ref = found;
    referenceReason = '--reference-cycle';
  } else {
    const long = view.longCycling === null || view.levels.length < 2 ? null : view.levels[view.longCycling]!;
    const chosen = chooseReference(cycles, flags, options.skipFormation, long === null ? null : { label: long.label, cycles: new Set(long.cycles) });
    ref = chosen.cycle;
    referenceReason = chosen.reason;
  }
  const qRef = ref.dischargeCapacityMAh!;
  const refRate = ref.cRate === null ? null : snapCRate(Math.abs(ref.cRate));
  const rows: RetentionCycle[] = cycles.map((c) => ({
    cycle: c.cycle,
    dischargeCapacityMAh: c.dischargeCapacityMAh,
    dischargeSpecificCapacityMAhG: c.dischargeSpecificCapacityMAhG,
    retention: c.dischargeCapacityMAh === null ? null : c.dischargeCapacityMAh / qRef,
    coulombicEfficiency: c.coulombicEfficiency,
    cRate: c.cRate,
    outlier: c === ref ? null : (flags.get(c.cycle) ?? null),
  }));
  const refIndex = cycles.indexOf(ref);
  const after = rows.slice(refIndex);
  const refLevel = view.levels.length > 1 ? levelOf(ref.cycle) : -1;
  const atRefLevel = (cycle: number): boolean => refLevel < 0 || levelOf(cycle) === refLevel;
  const otherRateCycles = refLevel < 0 ? [] : rows.filter((r) => r.retention !== null && r.outlier === null && !atRefLevel(r.cycle)).map((r) => r.cycle);
  const usable = after.filter((r) => r.outlier === null && r.retention !== null && atRefLevel(r.cycle));
  const sameRate = usable.filter((r) => refRate === null || r.cRate === null || snapCRate(Math.abs(r.cRate)) === refRate);

  // The capacity at a boundary: the usable cycle nearest to the requested number (earlier on ties),
  // or a median over `boundaryWindow` usable cycles around it.
  const at = (cycle: number): { used: number; q: number } => {
    let best = 0;
    for (let i = 1; i < usable.length; i++) if (Math.abs(usable[i]!.cycle - cycle) < Math.abs(usable[best]!.cycle - cycle)) best = i;
    const w = Math.max(1, Math.floor(options.boundaryWindow));
    if (w === 1 || usable[best]!.cycle === ref.cycle) return { used: usable[best]!.cycle, q: usable[best]!.dischargeCapacityMAh! };
    const lo = Math.max(0, best - Math.floor((w - 1) / 2));
    const hi = Math.min(usable.length, lo + w);
    return { used: usable[best]!.cycle, q: median(usable.slice(lo, hi).map((r) => r.dischargeCapacityMAh!)) };
  };
  const ce = (from: number, to: number): Pick<RetentionSegment, 'meanCoulombicEfficiency' | 'minCoulombicEfficiency' | 'minCoulombicEfficiencyCycle'> => {
    const inRange = usable.filter((r) => r.cycle >= from && r.cycle <= to && r.coulombicEfficiency !== null);
    if (inRange.length === 0) return { meanCoulombicEfficiency: null, minCoulombicEfficiency: null, minCoulombicEfficiencyCycle: null };
    let sum = 0;
    let min = inRange[0]!;
    for (const r of inRange) {
      sum += r.coulombicEfficiency!;
      if (r.coulombicEfficiency! < min.coulombicEfficiency!) min = r;
    }
    return { meanCoulombicEfficiency: sum / inRange.length, minCoulombicEfficiency: min.coulombicEfficiency, minCoulombicEfficiencyCycle: min.cycle };
  };
  const lastUsable = usable[usable.length - 1]!;
  const segment = (fromCycle: number, toCycle: number, anchor: number): RetentionSegment => {
    const a = anchor === ref.cycle ? { used: ref.cycle, q: qRef } : at(anchor);
    const b = at(toCycle);
    return { fromCycle, toCycle, relativeToCycle: a.used, toCycleUsed: b.used, retention: b.q / a.q, ...ce(fromCycle, toCycle) };
  };
  const overall = segment(ref.cycle, lastUsable.cycle, ref.cycle);
  const segments: RetentionSegment[] = [];
  const ends = [...new Set(options.segmentEnds)].filter((e) => e > ref.cycle).sort((a, b) => a - b);
  if (ends.length === 0) segments.push(overall);
  else {
    let from = ref.cycle;
    let anchor = ref.cycle;
    for (const end of ends) {
      if (from > lastUsable.cycle) break;
      const to = Math.min(end, lastUsable.cycle);
      segments.push(segment(from, to, anchor));
      anchor = end;
      from = end + 1;
    }
    if (from <= lastUsable.cycle && from > ref.cycle) segments.push(segment(from, lastUsable.cycle, anchor));
  }

  const fitted = sameRate.length >= MIN_FIT_CYCLES ? theilSen(sameRate.map((r) => r.cycle - ref.cycle), sameRate.map((r) => Math.log(r.retention!))) : null;
  const fit: FadeFit | null = fitted ? { method: 'Theil–Sen on ln(retention) vs cycle (exponential fade)', ...fitted, points: sameRate.length } : null;
  const levelLabel = refLevel >= 0 ? view.levels[refLevel]!.label : null;
  let fadeNote: string | null = null;
  if (!fit) fadeNote = `${sameRate.length} usable cycle(s)${levelLabel ? ` at ${levelLabel}` : ''}: a fade fit needs ≥ ${MIN_FIT_CYCLES}`;
  else if (fit.slope >= 0) fadeNote = 'capacity gains over the fit: no fade to extrapolate';

  let thresholdCycle: number | null = null;
  let thresholdExtrapolated = false;
  const crossing = usable.find((r) => r.retention! <= options.threshold);
  if (crossing) thresholdCycle = crossing.cycle;
  else if (fit && fit.slope < 0 && fitShowsFade(fit, sameRate)) {
    const n = Math.ceil((Math.log(options.threshold) - fit.intercept) / fit.slope);
    // A slope of float noise (−1e−16) on a flat curve would "extrapolate" to 10¹⁵ cycles.
    if (Number.isFinite(n) && n <= MAX_EXTRAPOLATION) {
      thresholdCycle = ref.cycle + Math.max(n, 0);
      thresholdExtrapolated = true;
    }
  }
  return {
    referenceCycle: ref.cycle,
    referenceReason,
    referenceCapacityMAh: qRef,
    referenceCRate: ref.cRate,
    threshold: options.threshold,
    cycles: rows,
    segments,
    overall,
    fadePerCycle: fit ? 1 - Math.exp(fit.slope) : null,
    // A gain "extrapolated" over 1000 cycles reads as −2297 % fade: no figure then.
    fadePer1000Cycles: fit && fit.slope < 0 ? 1 - Math.exp(1000 * fit.slope) : null,
    fit,
    cyclesToThreshold: thresholdCycle === null ? null : thresholdCycle - ref.cycle,
    thresholdCycle,
    thresholdExtrapolated,
    outliers: rows.filter((r) => r.outlier !== null).map((r) => ({ cycle: r.cycle, reason: r.outlier! })),
    longCyclingLevel: levelLabel,
    otherRateCycles,
    fadeNote,
  };
}

/**
 * Extrapolate only a fade the data show: the fitted loss over the fitted cycles must be at least
 * 0.5 %, else the slope is noise on a flat curve and its 80 % crossing means nothing.
 */
function fitShowsFade(fit: FadeFit, points: { cycle: number }[]): boolean {
  const span = points[points.length - 1]!.cycle - points[0]!.cycle;
  return 1 - Math.exp(fit.slope * span) >= 0.005;
}
