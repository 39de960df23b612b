import type { CycleSummary } from '../analysis/summary.js';
import { evaluateSpec } from '../gate/evaluate.js';
import { recordFacts, type CheckFacts, type DqdvFacts } from '../gate/facts.js';
import { fileStatus, type CheckFileResult } from '../gate/outcome.js';
import { parseSpec, type Rule, type Spec } from '../gate/spec.js';
import { readBoundedText } from '../util/bounded-read.js';
import { CyclekitError, isCyclekitError } from '../model/errors.js';
import type { LoadOptions } from './load.js';
import { MIN_RETENTION_CYCLES } from '../analysis/applicability.js';
import type { StarterInput } from '../gate/starter.js';
import { performance } from 'node:perf_hooks';
import { formatCRateBasis } from '../model/units.js';
import type { Cycle } from '../segment/cycles.js';
import { defaultDqdv } from './dqdv.js';
import { defaultRetention } from './retention.js';
import { summariseFile, type CeChoice, type SummaryResult } from './summarise.js';
import { retention, RETENTION_DEFAULTS } from '../analysis/retention.js';
import { inCycleRanges, resolveCycleRanges } from '../segment/selection.js';

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

/** Read and validate a spec file; every problem is one E_SPEC line naming the rule. */
export async function loadSpec(path: string): Promise<Spec> {
  // Bounded: a spec is never read whole past its limit.
  const text = await readBoundedText(path, 'specBytes', 'spec', 'E_SPEC');
  if (text === null) throw new CyclekitError('E_SPEC', 'cannot read the spec: ENOENT', { file: path });
  return parseSpec(text, path);
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

export interface CheckOptions {
  load: LoadOptions;
  ce: CeChoice;
  spec: Spec;
  /** A rule that cannot be applied (n/a) fails the file. */
  failOnNa: boolean;
}

/**
 * One file through a spec: load (keeping points only when a rule needs record-level data or
 * dQ/dV), summarise, gather the facts the rules ask for, evaluate; with the time it took.
 */
export async function checkFile(file: string, o: CheckOptions): Promise<CheckFileResult> {
  const started = performance.now();
  const seconds = (): number => (performance.now() - started) / 1000;
  let s;
  try {
    s = await summariseFile(file, { ...o.load, keepPoints: specNeedsPoints(o.spec) }, o.ce);
  } catch (err) {
    const failed = checkUnsegmentable(err, o.spec, o.failOnNa);
    if (failed) return { ...failed, durationS: seconds() };
    throw err;
  }
  return { ...checkSummary(s, o.spec, o.failOnNa), durationS: seconds() };
}

/** What `check init FILE` draws a starter spec from: the file's cycles and, when it has one, its retention. */
export async function starterInput(file: string, load: LoadOptions, ce: CeChoice): Promise<StarterInput> {
  const s = await summariseFile(file, load, ce);
  let ret: StarterInput['retention'] = null;
  const body = s.cycles.length > 3 ? s.cycles.slice(0, -1) : s.cycles;
  if (s.cycles.length >= MIN_RETENTION_CYCLES) {
    try {
      const r = defaultRetention(s.cycles);
      const target = body[body.length - 1]!.cycle;
      const at = r.cycles.find((c) => c.cycle === target)?.retention ?? null;
      if (r.referenceCycle !== null && at !== null) ret = { referenceCycle: r.referenceCycle, cycle: target, value: at };
    } catch (err) {
      // No usable reference cycle: the starter spec simply has no retention rule. A bug is not that.
      if (!isCyclekitError(err)) throw err;
    }
  }
  return { file: s.dataset.file, format: s.dataset.header.format, massG: s.dataset.massG, cycles: s.cycles, badRows: s.dataset.stats.badRows, retention: ret };
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
  const a = defaultDqdv(chosen);
  return {
    analysed: a.halfCycles.map((h) => ({ cycle: h.cycle, direction: h.direction })),
    peaks: a.halfCycles.flatMap((h) => h.peaks.map((p) => ({ cycle: h.cycle, direction: h.direction, voltageV: p.voltageV }))),
    couples: a.couples.map((c) => ({ cycle: c.cycle, meanVoltageV: c.meanVoltageV, polarizationV: c.polarizationV })),
  };
}
