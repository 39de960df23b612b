import { CompensatedSum } from '../math/sum.js';
import type { CheckFacts } from './facts.js';
import { describeCycleSelection, inCycleRanges, isPlaceSelection, resolveCycleRanges, type CycleSelection } from '../segment/selection.js';
import type { Aggregate, Bounds, Rule, Spec } from './spec.js';

export type RuleStatus = 'pass' | 'fail' | 'n/a';

/** A measured value: one number, the range seen over all records, a description, or nothing. */
export type Measured = number | { min: number | null; max: number | null } | string | null;

export type Expected = Bounds | { nearV: number; toleranceV: number } | string;

/** One rule's verdict on one file (CLI.md `check`: rule, status, measured, expected; the rest extends it). */
export interface RuleResult {
  rule: string;
  index: number;
  metric: string;
  status: RuleStatus;
  measured: Measured;
  expected: Expected;
  unit: string | null;
  /** Cycle numbers the measurement used; null for whole-file rules. */
  cycles: number[] | null;
  /** Why a rule failed or could not be applied; null when it passed. */
  reason: string | null;
}

/** Evaluate every rule of a validated spec on one file's facts, in spec order. Pure. */
export function evaluateSpec(spec: Spec, facts: CheckFacts): RuleResult[] {
  return spec.rules.map((rule) => evaluateRule(rule, facts));
}

export function evaluateRule(rule: Rule, facts: CheckFacts): RuleResult {
  const base = { rule: rule.label, index: rule.index, metric: rule.metric, unit: rule.unit };
  const expected: Expected = rule.kind === 'dqdvPeak' ? { nearV: rule.nearV, toleranceV: rule.toleranceV } : rule.kind === 'monotonicTime' ? (rule.strict ? 'strictly increasing' : 'non-decreasing') : rule.bounds;
  const na = (reason: string, cycles: number[] | null = null): RuleResult => ({ ...base, status: 'n/a', measured: null, expected, cycles, reason });
  const judged = (measured: number, cycles: number[] | null, bounds: Bounds, what = ''): RuleResult => {
    const problem = outside(measured, bounds);
    return { ...base, status: problem ? 'fail' : 'pass', measured, expected, cycles, reason: problem ? `${what}${problem}` : null };
  };

  if (rule.kind === 'monotonicTime') {
    if (facts.timeReversal) return { ...base, status: 'fail', measured: facts.timeReversal.message, expected, cycles: null, reason: facts.timeReversal.message };
    if (facts.unusable) return na(facts.unusable);
    if (!facts.records) return na('record-level data not available');
    if (rule.strict && facts.records.repeatedTimes > 0) {
      const msg = `${facts.records.repeatedTimes} record(s) repeat the previous time stamp (first at ${facts.records.firstRepeatAtS} s)`;
      return { ...base, status: 'fail', measured: msg, expected, cycles: null, reason: msg };
    }
    return { ...base, status: 'pass', measured: rule.strict ? 'strictly increasing' : 'non-decreasing', expected, cycles: null, reason: null };
  }
  if (facts.unusable) return na(facts.unusable);

  switch (rule.kind) {
    case 'cycle': {
      let series = facts.cycles.map((c) => ({ cycle: c.cycle, value: c[rule.key] }));
      const atRate = cyclesAtRate(rule, facts);
      if (typeof atRate === 'string') return na(atRate);
      if (atRate) series = series.filter((s) => atRate.has(s.cycle));
      const picked = select(rule.cycles, series, rule.metric, atRate !== null, partialCycles(facts));
      if (!picked.ok) return na(picked.reason);
      return judged(aggregate(rule.aggregate, picked.values), picked.cycles, rule.bounds);
    }
    case 'retention': {
      const r = facts.retention(rule.referenceCycle);
      if (r.reason) return na(r.reason);
      const picked = select(rule.cycles, r.cycles.map((c) => ({ cycle: c.cycle, value: c.retention })), 'retention', false, partialCycles(facts));
      if (!picked.ok) return na(picked.reason);
      return judged(aggregate(rule.aggregate, picked.values), picked.cycles, rule.bounds, `relative to cycle ${r.referenceCycle}: `);
    }
    case 'cycleCount':
      return judged(facts.cycles.length, null, rule.bounds);
    case 'dqdvPeak': {
      const d = facts.dqdv;
      if ('unavailable' in d) return na(d.unavailable);
      const atRate = cyclesAtRate(rule, facts);
      if (typeof atRate === 'string') return na(atRate);
      const analysed = d.analysed.filter((a) => a.direction === rule.direction && (!atRate || atRate.has(a.cycle))).map((a) => ({ cycle: a.cycle, value: nearestPeak(d.peaks, a.cycle, rule.direction, rule.nearV) }));
      // A half-cycle with no peak at all must not vanish from the selection: keep it with NaN and judge it below.
      const picked = select(rule.cycles, analysed.map((a) => ({ cycle: a.cycle, value: a.value ?? Number.NaN })), `${rule.direction} dQ/dV`, atRate !== null);
      if (!picked.ok) return na(picked.reason);
      const missing: number[] = [];
      const found: number[] = [];
      picked.cycles.forEach((c, i) => {
        const v = picked.values[i]!;
        if (Number.isNaN(v) || Math.abs(v - rule.nearV) > rule.toleranceV) missing.push(c);
        else found.push(v);
      });
      const measured = found.length > 0 ? aggregate(rule.aggregate, found) : nearestOverall(picked.values, rule.nearV);
      if (missing.length > 0) {
        return { ...base, status: 'fail', measured, expected, cycles: picked.cycles, reason: `no ${rule.direction} peak within ±${rule.toleranceV} V of ${rule.nearV} V in cycle(s) ${listCycles(missing)}` };
      }
      return { ...base, status: 'pass', measured, expected, cycles: picked.cycles, reason: null };
    }
    case 'polarization': {
      const d = facts.dqdv;
      if ('unavailable' in d) return na(d.unavailable);
      const atRate = cyclesAtRate(rule, facts);
      if (typeof atRate === 'string') return na(atRate);
      const byCycle = new Map<number, number | null>();
      for (const c of d.couples) {
        if (rule.nearV !== null && Math.abs(c.meanVoltageV - rule.nearV) > rule.toleranceV) {
          if (!byCycle.has(c.cycle)) byCycle.set(c.cycle, null);
          continue;
        }
        const prev = byCycle.get(c.cycle);
        byCycle.set(c.cycle, prev === undefined || prev === null ? c.polarizationV : Math.max(prev, c.polarizationV));
      }
      for (const a of d.analysed) if (!byCycle.has(a.cycle)) byCycle.set(a.cycle, null);
      const series = [...byCycle.entries()]
        .filter(([cycle]) => !atRate || atRate.has(cycle))
        .sort((a, b) => a[0] - b[0])
        .map(([cycle, value]) => ({ cycle, value }));
      const picked = select(rule.cycles, series, rule.nearV !== null ? `a redox couple near ${rule.nearV} V` : 'a redox couple', atRate !== null);
      if (!picked.ok) return na(picked.reason);
      return judged(aggregate(rule.aggregate, picked.values), picked.cycles, rule.bounds);
    }
    case 'maxGap': {
      if (!facts.records) return na('record-level data not available');
      if (facts.records.maxGapS === null) return na('fewer than two records');
      return judged(facts.records.maxGapS, null, rule.bounds, `gap starting at t = ${facts.records.maxGapAtS} s: `);
    }
    case 'recordRange': {
      const r = facts.records;
      if (!r) return na('record-level data not available');
      const [lo, hi] = rule.field === 'currentA' ? [r.currentMinA, r.currentMaxA] : [r.voltageMinV, r.voltageMaxV];
      if (lo === null || hi === null) return na('no records');
      const measured = { min: lo, max: hi };
      const problems: string[] = [];
      if (rule.bounds.min !== null && lo < rule.bounds.min) problems.push('lowest value below the minimum');
      if (rule.bounds.max !== null && hi > rule.bounds.max) problems.push('highest value above the maximum');
      return { ...base, status: problems.length > 0 ? 'fail' : 'pass', measured, expected, cycles: null, reason: problems.length > 0 ? problems.join('; ') : null };
    }
    case 'badRows':
      if (facts.badRows === null) return na('the reader does not count bad rows');
      return judged(facts.badRows, null, rule.bounds);
  }
}

/**
 * The cycles run at the rule's atCRate (|C-rate| within the relative window), null when the
 * rule has none, or why none can be picked.
 */
function cyclesAtRate(rule: { atCRate: number | null; cRateTolerance: number }, facts: CheckFacts): Set<number> | null | string {
  if (rule.atCRate === null) return null;
  const target = rule.atCRate;
  const known = facts.cycles.filter((c) => c.cRate !== null);
  if (known.length === 0) return `no C-rate is known (pass --c-rate-basis or add cRateBasis to cell.yaml), so cycles at ${target}C cannot be picked`;
  const chosen = known.filter((c) => Math.abs(Math.abs(c.cRate!) - target) <= rule.cRateTolerance * target);
  if (chosen.length === 0) {
    const seen = [...new Set(known.map((c) => Number(Math.abs(c.cRate!).toPrecision(2))))].slice(0, 8).join(', ');
    return `no cycle ran at ${target}C ± ${Math.round(rule.cRateTolerance * 100)} % (rates seen: ${seen} C)`;
  }
  return new Set(chosen.map((c) => c.cycle));
}

function partialCycles(facts: CheckFacts): Set<number> {
  return new Set(facts.cycles.filter((c) => c.partial === true).map((c) => c.cycle));
}

type Picked = { ok: true; cycles: number[]; values: number[] } | { ok: false; reason: string };

/**
 * Pick the values a rule looks at. "all", "first" and "last" take the cycles that have a value
 * (an unfinished last cycle or a first cycle without a charge simply has none); explicit cycles
 * and ranges must be present in full, since judging a partial range would hide missing data.
 */
function select(sel: CycleSelection, allSeries: { cycle: number; value: number | null }[], what: string, filtered: boolean, partial: ReadonlySet<number> = new Set()): Picked {
  // Partial cycles (src/analysis/partial.ts) are in the data but judged by no rule: "all",
  // "last" and "N-last" end at the last complete cycle; an explicit range skips them.
  const series = allSeries.filter((s) => !partial.has(s.cycle));
  const skipped = allSeries.filter((s) => partial.has(s.cycle)).map((s) => s.cycle);
  const withValue = series.filter((s): s is { cycle: number; value: number } => s.value !== null);
  if (sel.all || isPlaceSelection(sel)) {
    if (withValue.length === 0) return { ok: false, reason: `no cycle has ${what}${series.length === 0 ? '' : ` (${nullHint(what)})`}` };
    const placed = resolveCycleRanges(sel, withValue.map((s) => s.cycle));
    const chosen = sel.all ? withValue : withValue.filter((s) => inCycleRanges(placed, s.cycle));
    return { ok: true, cycles: chosen.map((s) => s.cycle), values: chosen.map((s) => s.value) };
  }
  if (series.length === 0 && skipped.length > 0) {
    // Nothing complete to place `first` or `last` on: they leave the range open.
    const open = sel.ranges.map((r): [number, number] => [typeof r.from === 'number' ? r.from : -Infinity, typeof r.to === 'number' ? r.to : Infinity]);
    const inRange = skipped.filter((c) => inCycleRanges(open, c));
    if (inRange.length > 0) return { ok: false, reason: `${describeCycleSelection(sel)}: cycle(s) ${listCycles(inRange)} partial, no complete cycle to judge` };
  }
  const span = series.length > 0 ? `the data has cycles ${series[0]!.cycle}-${series[series.length - 1]!.cycle}` : 'the data has no cycles';
  const ranges = resolveCycleRanges(
    sel,
    series.map((s) => s.cycle),
  );
  const inRange = series.filter((s) => inCycleRanges(ranges, s.cycle));
  const present = [...new Set([...inRange.map((s) => s.cycle), ...skipped])].sort((a, b) => a - b);
  // The gaps as ranges, found from the cycles present: a range such as 1-4000000000 is never enumerated.
  const gaps: string[] = [];
  if (!filtered) {
    for (const [from, to] of ranges) {
      let expected = from;
      for (const c of present) {
        if (c < expected) continue;
        if (c > to) break;
        if (c > expected) gaps.push(c - 1 === expected ? `${expected}` : `${expected}-${c - 1}`);
        expected = c + 1;
      }
      if (expected <= to) gaps.push(to === expected ? `${expected}` : `${expected}-${to}`);
    }
  }
  const skippedInRange = skipped.filter((c) => inCycleRanges(ranges, c));
  if (inRange.length === 0 && gaps.length === 0 && skippedInRange.length > 0) {
    return { ok: false, reason: `${describeCycleSelection(sel)}: cycle(s) ${listCycles(skippedInRange)} partial, no complete cycle to judge` };
  }
  if (inRange.length === 0 || gaps.length > 0) {
    const missing = gaps.length > 6 ? `${gaps.slice(0, 6).join(', ')}, …` : gaps.join(', ');
    return { ok: false, reason: `${describeCycleSelection(sel)}: ${gaps.length > 0 ? `cycle(s) ${missing} not in the data` : 'no matching cycle'} (${span})` };
  }
  const nulls = inRange.filter((s) => s.value === null).map((s) => s.cycle);
  if (nulls.length > 0) return { ok: false, reason: `no ${what} for cycle(s) ${listCycles(nulls)} (${nullHint(what)})` };
  return { ok: true, cycles: inRange.map((s) => s.cycle), values: inRange.map((s) => s.value!) };
}

function nullHint(what: string): string {
  if (/Specific|WhKg/.test(what)) return 'no active mass: pass --mass or add massMg to cell.yaml';
  if (/CRate|cRate/.test(what)) return 'no 1C definition: pass --c-rate-basis or add cRateBasis to cell.yaml';
  if (/coulombic/i.test(what)) return 'a cycle needs both a charge and a discharge';
  return 'not measurable in those cycles';
}

/** Collapse 1,2,3,5 to "1-3, 5"; long lists are cut. */
export function listCycles(cycles: number[]): string {
  const parts: string[] = [];
  for (let i = 0; i < cycles.length; ) {
    let j = i;
    while (j + 1 < cycles.length && cycles[j + 1] === cycles[j]! + 1) j++;
    parts.push(i === j ? `${cycles[i]}` : `${cycles[i]}-${cycles[j]}`);
    i = j + 1;
  }
  return parts.length > 6 ? `${parts.slice(0, 6).join(', ')}, …` : parts.join(', ');
}

export function aggregate(how: Aggregate, values: number[]): number {
  switch (how) {
    case 'first':
      return values[0]!;
    case 'last':
      return values[values.length - 1]!;
    case 'min':
      return values.reduce((a, b) => (b < a ? b : a));
    case 'max':
      return values.reduce((a, b) => (b > a ? b : a));
    case 'mean': {
      const s = new CompensatedSum();
      for (const v of values) s.add(v);
      return s.value / values.length;
    }
  }
}

/** null when inside the bounds, else what is wrong. */
function outside(v: number, b: Bounds): string | null {
  // No numbers here: `measured` and `expected` carry them, and reporters round them.
  if (Number.isNaN(v)) return 'not a number';
  if (b.min !== null && v < b.min) return 'below the minimum';
  if (b.max !== null && v > b.max) return 'above the maximum';
  return null;
}

function nearestPeak(peaks: { cycle: number; direction: string; voltageV: number }[], cycle: number, direction: string, nearV: number): number | null {
  let best: number | null = null;
  for (const p of peaks) {
    if (p.cycle !== cycle || p.direction !== direction) continue;
    if (best === null || Math.abs(p.voltageV - nearV) < Math.abs(best - nearV)) best = p.voltageV;
  }
  return best;
}

function nearestOverall(values: number[], nearV: number): number | null {
  let best: number | null = null;
  for (const v of values) if (!Number.isNaN(v) && (best === null || Math.abs(v - nearV) < Math.abs(best - nearV))) best = v;
  return best;
}
