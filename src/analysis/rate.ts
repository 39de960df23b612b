import type { CycleSummary } from './summary.js';

/** How far (relative) a measured C-rate may lie from a standard rate and still be reported as it: `--rate-tolerance`. */
export const DEFAULT_RATE_TOLERANCE = 0.1;

/** C-rates that test protocols use; a measured rate within `tolerance` of one is reported as it. */
export const STANDARD_RATES = [0.01, 0.02, 0.05, 0.1, 0.2, 0.25, 1 / 3, 0.5, 1, 2, 3, 5, 10, 20, 30, 50, 100, 200];

/**
 * Snap a measured C-rate to the nearest standard rate when within `tolerance` (relative);
 * otherwise keep it, rounded to 3 significant figures. Measured rates scatter by a few %
 * (mass error, CV tails), so grouping on raw values would split one rate into many.
 */
export function snapCRate(rate: number, tolerance = DEFAULT_RATE_TOLERANCE): number {
  let best = rate;
  let bestErr = Infinity;
  for (const s of STANDARD_RATES) {
    const err = Math.abs(rate / s - 1);
    if (err < bestErr) {
      best = s;
      bestErr = err;
    }
  }
  return bestErr <= tolerance ? best : Number(rate.toPrecision(3));
}

export interface RateGroup {
  /** Snapped C-rate; null when the file gives no 1C basis (groups then follow the current). */
  cRate: number | null;
  /** Mean |discharge current|, mA. */
  meanDischargeCurrentMA: number | null;
  cycles: number[];
  meanDischargeCapacityMAh: number;
  meanDischargeSpecificCapacityMAhG: number | null;
  /** Mean capacity / mean capacity of the slowest group (its first occurrence). Fraction. */
  retentionVsSlowest: number | null;
}

export interface RateResult {
  /** 'c-rate' when grouped on the C-rate, 'current' when only the current was known. */
  groupedBy: 'c-rate' | 'current';
  groups: RateGroup[];
  /** Index into `groups` of the slowest group used as 100 %. */
  slowestGroup: number | null;
  /** When the test returns to its first rate: last such group vs the first group. */
  recovery: { cRate: number | null; cycles: number[]; retention: number } | null;
  /** Cycles without a discharge, or partial, not in any group. */
  skippedCycles: number[];
}

function mean(xs: number[]): number {
  let s = 0;
  for (const x of xs) s += x;
  return s / xs.length;
}

/**
 * Rate capability: consecutive cycles at the same (snapped) C-rate form one group.
 * Group capacity = arithmetic mean of its cycles' discharge capacities;
 * retention vs slowest = q̄_group / q̄_slowest; recovery = q̄_last / q̄_first when the last
 * group returns to the first group's rate (the usual 0.2C → … → 50C → 0.2C protocol).
 * Without a 1C basis the groups follow the mean discharge current (±tolerance) instead.
 */
export function rateCapability(cycles: CycleSummary[], tolerance = DEFAULT_RATE_TOLERANCE): RateResult {
  // A partial cycle (an opening discharge, a cut-short last one) is no rate's capacity.
  const withDischarge = cycles.filter((c) => c.partial !== true && c.dischargeCapacityMAh !== null && c.dischargeCapacityMAh > 0);
  const grouped = new Set(withDischarge);
  const skippedCycles = cycles.filter((c) => !grouped.has(c)).map((c) => c.cycle);
  const byRate = withDischarge.some((c) => c.cRate !== null);
  const level = (c: CycleSummary): number | null => {
    if (byRate) return c.cRate === null ? null : snapCRate(Math.abs(c.cRate), tolerance);
    return c.meanDischargeCurrentA === null ? null : Math.abs(c.meanDischargeCurrentA) * 1000;
  };
  type Acc = { level: number | null; list: CycleSummary[] };
  const acc: Acc[] = [];
  for (const c of withDischarge) {
    const l = level(c);
    const last = acc[acc.length - 1];
    const same = last !== undefined && (byRate
      ? last.level === l
      : last.level !== null && l !== null ? Math.abs(l / last.level - 1) <= tolerance : last.level === l);
    if (same) last.list.push(c);
    else acc.push({ level: l, list: [c] });
  }
  const groups: RateGroup[] = acc.map((a) => {
    const spec = a.list.map((c) => c.dischargeSpecificCapacityMAhG).filter((x): x is number => x !== null);
    const currents = a.list.map((c) => c.meanDischargeCurrentA).filter((x): x is number => x !== null).map((x) => Math.abs(x) * 1000);
    return {
      cRate: byRate ? a.level : null,
      meanDischargeCurrentMA: currents.length > 0 ? mean(currents) : null,
      cycles: a.list.map((c) => c.cycle),
      meanDischargeCapacityMAh: mean(a.list.map((c) => c.dischargeCapacityMAh!)),
      meanDischargeSpecificCapacityMAhG: spec.length === a.list.length ? mean(spec) : null,
      retentionVsSlowest: null,
    };
  });
  const capacity = (g: RateGroup): number => g.meanDischargeSpecificCapacityMAhG ?? g.meanDischargeCapacityMAh;
  const speed = (g: RateGroup): number | null => (byRate ? g.cRate : g.meanDischargeCurrentMA);
  let slowestGroup: number | null = null;
  groups.forEach((g, i) => {
    const s = speed(g);
    if (s === null) return;
    const best = slowestGroup === null ? null : speed(groups[slowestGroup]!);
    if (best === null || s < best * (1 - 1e-9)) slowestGroup = i;
  });
  if (slowestGroup !== null) {
    const base = capacity(groups[slowestGroup]!);
    for (const g of groups) g.retentionVsSlowest = capacity(g) / base;
  }
  let recovery: RateResult['recovery'] = null;
  const first = groups[0];
  if (first && groups.length > 2) {
    const sameAsFirst = (g: RateGroup): boolean => {
      const a = speed(first);
      const b = speed(g);
      return a !== null && b !== null && (byRate ? a === b : Math.abs(b / a - 1) <= tolerance);
    };
    for (let i = groups.length - 1; i >= 2; i--) {
      const g = groups[i]!;
      if (sameAsFirst(g)) {
        recovery = { cRate: g.cRate, cycles: g.cycles, retention: capacity(g) / capacity(first) };
        break;
      }
    }
  }
  return { groupedBy: byRate ? 'c-rate' : 'current', groups, slowestGroup, recovery, skippedCycles };
}

/** One rate (or, without a 1C basis, one discharge current) of a test, wherever it recurs. */
export interface ProtocolLevel {
  /** "0.2C", "C/3", or "0.079 mA" without a 1C basis. */
  label: string;
  cRate: number | null;
  meanDischargeCurrentMA: number | null;
  /** Indices into the rate result's groups. */
  groups: number[];
  cycles: number[];
}

/** The protocol as `rate` sees it: its groups, pooled by level, and the long-cycling level. */
export interface ProtocolView {
  rate: RateResult;
  levels: ProtocolLevel[];
  /** Index into `levels` of the level holding the most cycles (the long cycling), null without groups. */
  longCycling: number | null;
}

/** How a rate group reads: "0.2C", "C/3", or its current, "0.079 mA". */
export function rateGroupLabel(r: RateResult, g: RateGroup): string {
  if (r.groupedBy === 'current') return g.meanDischargeCurrentMA === null ? '?' : `${Number(g.meanDischargeCurrentMA.toPrecision(3))} mA`;
  if (g.cRate === null) return '?';
  return Math.abs(g.cRate - 1 / 3) < 1e-9 ? 'C/3' : `${Number(g.cRate.toPrecision(3))}C`;
}

/**
 * Pool `rate`'s groups by level (the same snapped C-rate, or currents within `tolerance`) and
 * pick the long-cycling level: the one with the most cycles, the later one on a tie (a test
 * opens with formation or rate steps and then cycles). Partial cycles are in no group.
 */
export function protocolView(cycles: CycleSummary[], tolerance = DEFAULT_RATE_TOLERANCE): ProtocolView {
  const rate = rateCapability(cycles.filter((c) => c.partial !== true), tolerance);
  const levels: ProtocolLevel[] = [];
  rate.groups.forEach((g, i) => {
    const same = levels.find((l) => (rate.groupedBy === 'c-rate'
      ? l.cRate === g.cRate
      : l.meanDischargeCurrentMA !== null && g.meanDischargeCurrentMA !== null && Math.abs(g.meanDischargeCurrentMA / l.meanDischargeCurrentMA - 1) <= tolerance));
    if (same) {
      same.groups.push(i);
      same.cycles.push(...g.cycles);
    } else levels.push({ label: rateGroupLabel(rate, g), cRate: g.cRate, meanDischargeCurrentMA: g.meanDischargeCurrentMA, groups: [i], cycles: [...g.cycles] });
  });
  let longCycling: number | null = null;
  levels.forEach((l, i) => {
    if (longCycling === null || l.cycles.length >= levels[longCycling]!.cycles.length) longCycling = i;
  });
  return { rate, levels, longCycling };
}
