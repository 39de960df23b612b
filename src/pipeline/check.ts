import { analyseDqdv, DQDV_ANALYSIS_DEFAULTS } from '../analysis/dqdv.js';
import { retention, RETENTION_DEFAULTS } from '../analysis/retention.js';
import type { CycleSummary } from '../analysis/summary.js';
import { evaluateSpec } from '../gate/evaluate.js';
import { recordFacts, type CheckFacts, type DqdvFacts } from '../gate/facts.js';
import { fileStatus, type CheckFileResult } from '../gate/outcome.js';
import type { Rule, Spec } from '../gate/spec.js';
import { isCyclekitError, type CyclekitError } from '../model/errors.js';
import { formatCRateBasis } from '../model/units.js';
import type { Cycle } from '../segment/cycles.js';
import { inCycleRanges, resolveCycleRanges } from '../segment/selection.js';
import type { SummaryResult } from './summarise.js';

const POINT_RULES = new Set<Rule['kind']>(['monotonicTime', 'maxGap', 'recordRange', 'dqdvPeak', 'polarization']);
const DQDV_RULES = new Set<Rule['kind']>(['dqdvPeak', 'polarization']);

/** Whether the spec has a rule that reads record-level data or dQ/dV: the file must then be loaded with its points. */
export function specNeedsPoints(spec: Spec): boolean {
  return spec.rules.some((r) => POINT_RULES.has(r.kind));
}

/**
 * Evaluate a spec on one summarised file. `summary.dataset` must have been loaded with its
 * points (keepPoints) when `specNeedsPoints(spec)`; otherwise record-level rules are n/a.
 */
export function checkSummary(s: SummaryResult, spec: Spec, failOnNa = false): CheckFileResult {
  const d = s.dataset;
  const withPoints = specNeedsPoints(spec) && (d.steps.length === 0 || d.steps.some((step) => step.points !== null));
  const facts: CheckFacts = {
    cycles: s.cycles,
    records: withPoints ? recordFacts(d.steps) : null,
    timeReversal: null,
    badRows: d.stats.badRows,
    dqdv: spec.rules.some((r) => DQDV_RULES.has(r.kind)) ? dqdvFacts(d.cycles.cycles, spec) : { unavailable: 'no dQ/dV rule' },
    retention: (referenceCycle) => retentionFacts(s.cycles, referenceCycle),
    unusable: null,
  };
  const rules = evaluateSpec(spec, facts);
  return {
    format: d.header.format,
    massG: d.massG,
    massSource: d.massSource,
    cRateBasis: d.cRateBasis ? formatCRateBasis(d.cRateBasis) : null,
    cycleRule: d.cycles.description,
    cycleCount: d.cycles.cycles.length,
    rows: d.stats.rows,
    status: fileStatus(rules, failOnNa),
    rules,
    warnings: s.warnings,
  };
}

/**
 * A file whose time runs backwards cannot be segmented; when the spec has a monotonicTime rule
 * that is a failed rule (exit 1) rather than an unreadable file (exit 2). Null when the error
 * is not of that kind and must be reported as it is.
 */
export function checkUnsegmentable(err: unknown, spec: Spec, failOnNa = false): CheckFileResult | null {
  if (!isCyclekitError(err) || (err as CyclekitError).code !== 'E_TIME' || !spec.rules.some((r) => r.kind === 'monotonicTime')) return null;
  const e = err as CyclekitError;
  const where = e.line !== undefined ? `line ${e.line}: ` : '';
  const facts: CheckFacts = {
    cycles: [],
    records: null,
    timeReversal: { line: e.line ?? null, message: `${where}${e.message}` },
    badRows: null,
    dqdv: { unavailable: 'the data could not be analysed' },
    retention: () => ({ referenceCycle: null, cycles: [] }),
    unusable: `the data could not be analysed: ${where}${e.message}`,
  };
  const rules = evaluateSpec(spec, facts);
  return { format: null, massG: null, massSource: null, cRateBasis: null, cycleRule: null, cycleCount: null, rows: 0, status: fileStatus(rules, failOnNa), rules, warnings: [] };
}

/** Retention as the `retention` command defines it (reference cycle choice included). */
function retentionFacts(cycles: CycleSummary[], referenceCycle: number | null): ReturnType<CheckFacts['retention']> {
  try {
    const r = retention(cycles, { ...RETENTION_DEFAULTS, referenceCycle });
    return { referenceCycle: r.referenceCycle, cycles: r.cycles.map((c) => ({ cycle: c.cycle, retention: c.retention })) };
  } catch (err) {
    // The analysis names its option fields, and the spec's keys are those fields: the message reads as is.
    if (isCyclekitError(err)) return { referenceCycle, cycles: [], reason: err.message };
    throw err;
  }
}

/** dQ/dV peaks and couples with the `dqdv` command's defaults, only for the cycles some rule selects. */
function dqdvFacts(cycles: Cycle[], spec: Spec): DqdvFacts {
  const wanted = new Set<number>();
  let everything = false;
  const numbers = cycles.map((c) => c.number);
  for (const r of spec.rules) {
    if (r.kind !== 'dqdvPeak' && r.kind !== 'polarization') continue;
    const sel = r.cycles;
    if (sel.all) {
      everything = true;
      continue;
    }
    for (const range of sel.ranges) {
      if (range.from === range.to && typeof range.from !== 'number') {
        // The first or last cycle may lack the rule's half cycle: take a few, so "the last with a peak" is found.
        for (const c of range.from === 'first' ? cycles.slice(0, 3) : cycles.slice(-3)) wanted.add(c.number);
      } else {
        const resolved = resolveCycleRanges({ all: false, ranges: [range], text: sel.text }, numbers);
        for (const n of numbers) if (inCycleRanges(resolved, n)) wanted.add(n);
      }
    }
  }
  const chosen = everything ? cycles : cycles.filter((c) => wanted.has(c.number));
  const a = analyseDqdv(chosen, ['charge', 'discharge'], DQDV_ANALYSIS_DEFAULTS);
  return {
    analysed: a.halfCycles.map((h) => ({ cycle: h.cycle, direction: h.direction })),
    peaks: a.halfCycles.flatMap((h) => h.peaks.map((p) => ({ cycle: h.cycle, direction: h.direction, voltageV: p.voltageV }))),
    couples: a.couples.map((c) => ({ cycle: c.cycle, meanVoltageV: c.meanVoltageV, polarizationV: c.polarizationV })),
  };
}
