import { readFile } from 'node:fs/promises';
import { analyseDqdv, DQDV_DEFAULTS } from '../../analysis/dqdv.js';
import { COUPLE_DEFAULTS } from '../../analysis/couples.js';
import { PEAK_DEFAULTS } from '../../analysis/peaks.js';
import { retention } from '../../analysis/retention.js';
import type { CycleSummary } from '../../analysis/summary.js';
import { evaluateSpec } from '../../gate/evaluate.js';
import { recordFacts, type CheckFacts, type DqdvFacts } from '../../gate/facts.js';
import { fileStatus, type CheckFileResult } from '../../gate/outcome.js';
import { parseSpec, type Rule, type Spec } from '../../gate/spec.js';
import { CyclekitError, isCyclekitError } from '../../model/errors.js';
import { checkCsvRows, checkJson, checkJunit, checkPlain, CHECK_CSV_HEADER, type CheckReportFile } from '../../report/check.js';
import { toCsv } from '../../report/csv.js';
import { envelope } from '../../report/json.js';
import { makeStyle } from '../../report/style.js';
import type { Cycle } from '../../segment/cycles.js';
import { loadOptions, outputMode } from '../options.js';
import { joinInputs } from '../per-file.js';
import { collectOutcomes, errorLine, type RunContext } from '../run.js';
import { writeAtomically } from '../../ingest/write/atomic.js';
import { checkCeFlag, datasetJson, summariseFile, type SummaryFlags } from './summary.js';

export interface CheckFlags extends SummaryFlags {
  spec: string;
  report?: 'plain' | 'json' | 'junit' | 'csv';
  output?: string;
  failOnNa?: boolean;
  /** The validated spec, set by the action before any file is read (and sent to workers). */
  parsedSpec?: Spec;
}

const POINT_RULES = new Set<Rule['kind']>(['monotonicTime', 'maxGap', 'recordRange', 'dqdvPeak', 'polarization']);
const DQDV_RULES = new Set<Rule['kind']>(['dqdvPeak', 'polarization']);

/** Read and validate a spec file; every problem is one E_SPEC line naming the rule. */
export async function loadSpec(path: string): Promise<Spec> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new CyclekitError('E_SPEC', `cannot read the spec: ${(err as NodeJS.ErrnoException).code ?? String(err)}`, { file: path });
  }
  return parseSpec(text, path);
}

/**
 * One file through a spec: load (keeping points only when a rule needs record-level data or
 * dQ/dV), summarise, gather the facts the rules ask for, evaluate. A file whose time runs
 * backwards cannot be segmented; when the spec has a monotonicTime rule that is a failed
 * rule (exit 1) rather than an unreadable file (exit 2).
 */
export async function checkFile(file: string, flags: CheckFlags): Promise<CheckFileResult> {
  const spec = flags.parsedSpec;
  if (!spec) throw new CyclekitError('E_USAGE', 'internal: check ran without a parsed spec');
  const needsPoints = spec.rules.some((r) => POINT_RULES.has(r.kind));
  let s;
  try {
    s = await summariseFile(file, flags, needsPoints);
  } catch (err) {
    if (isCyclekitError(err) && err.code === 'E_TIME' && spec.rules.some((r) => r.kind === 'monotonicTime')) {
      const where = err.line !== undefined ? `line ${err.line}: ` : '';
      const facts: CheckFacts = {
        cycles: [],
        records: null,
        timeReversal: { line: err.line ?? null, message: `${where}${err.message}` },
        badRows: null,
        dqdv: { unavailable: 'the data could not be analysed' },
        retention: () => ({ referenceCycle: null, cycles: [] }),
        unusable: `the data could not be analysed: ${where}${err.message}`,
      };
      const rules = evaluateSpec(spec, facts);
      return { format: null, massG: null, massSource: null, cRateBasis: null, cycleRule: null, cycleCount: null, rows: 0, status: fileStatus(rules, flags.failOnNa ?? false), rules, warnings: [] };
    }
    throw err;
  }
  const d = s.dataset;
  const facts: CheckFacts = {
    cycles: s.cycles,
    records: needsPoints ? recordFacts(d.steps) : null,
    timeReversal: null,
    badRows: d.stats.badRows,
    dqdv: spec.rules.some((r) => DQDV_RULES.has(r.kind)) ? dqdvFacts(d.cycles.cycles, spec) : { unavailable: 'no dQ/dV rule' },
    retention: (referenceCycle) => retentionFacts(s.cycles, referenceCycle),
    unusable: null,
  };
  const rules = evaluateSpec(spec, facts);
  return {
    ...datasetJson(d),
    cycleCount: d.cycles.cycles.length,
    rows: d.stats.rows,
    status: fileStatus(rules, flags.failOnNa ?? false),
    rules,
    warnings: s.warnings,
  };
}

/** Retention as the `retention` command defines it (reference cycle choice included). */
function retentionFacts(cycles: CycleSummary[], referenceCycle: number | null): ReturnType<CheckFacts['retention']> {
  try {
    const r = retention(cycles, { referenceCycle, skipFormation: 0, segmentEnds: [], threshold: 0.8, boundaryWindow: 1 });
    return { referenceCycle: r.referenceCycle, cycles: r.cycles.map((c) => ({ cycle: c.cycle, retention: c.retention })) };
  } catch (err) {
    if (isCyclekitError(err)) return { referenceCycle, cycles: [], reason: err.message.replace(/^--reference-cycle/, 'referenceCycle') };
    throw err;
  }
}

/** dQ/dV peaks and couples with the `dqdv` command's defaults, only for the cycles some rule selects. */
function dqdvFacts(cycles: Cycle[], spec: Spec): DqdvFacts {
  const wanted = new Set<number>();
  let everything = false;
  const lastNumber = cycles[cycles.length - 1]?.number ?? -1;
  for (const r of spec.rules) {
    if (r.kind !== 'dqdvPeak' && r.kind !== 'polarization') continue;
    const sel = r.cycles;
    if (sel.kind === 'all') everything = true;
    else if (sel.kind === 'last') {
      // The last cycle may be unfinished: take the last few so "last with a peak" is found.
      for (const c of cycles.slice(-3)) wanted.add(c.number);
    } else {
      const to = sel.to === 'last' ? lastNumber : sel.to;
      for (const c of cycles) if (c.number >= sel.from && c.number <= to) wanted.add(c.number);
    }
  }
  const chosen = everything ? cycles : cycles.filter((c) => wanted.has(c.number));
  const a = analyseDqdv(chosen, ['charge', 'discharge'], { dqdv: DQDV_DEFAULTS['interp-sg'], peaks: PEAK_DEFAULTS, couples: COUPLE_DEFAULTS });
  return {
    analysed: a.halfCycles.map((h) => ({ cycle: h.cycle, direction: h.direction })),
    peaks: a.halfCycles.flatMap((h) => h.peaks.map((p) => ({ cycle: h.cycle, direction: h.direction, voltageV: p.voltageV }))),
    couples: a.couples.map((c) => ({ cycle: c.cycle, meanVoltageV: c.meanVoltageV, polarizationV: c.polarizationV })),
  };
}

/** Validate the spec, check every file, write the report; the exit code says pass, fail or unreadable. */
export async function runCheck(files: string[], flags: CheckFlags, ctx: RunContext): Promise<number> {
  const mode = outputMode(flags);
  if (flags.report !== undefined && mode !== 'table' && flags.report !== mode) throw new CyclekitError('E_USAGE', `--report ${flags.report} and --${mode} disagree: pick one`);
  const report = flags.report ?? (mode === 'table' ? 'plain' : mode);
  loadOptions(flags);
  checkCeFlag(flags.ce);
  // The whole spec is validated before any data is touched.
  const spec = await loadSpec(flags.spec);
  const withSpec: CheckFlags = { ...flags, parsedSpec: spec };
  if (flags.join) files = await joinInputs(files, withSpec);
  const outcomes = await collectOutcomes('check', files, withSpec, (f) => checkFile(f, withSpec), ctx);

  const reportFiles: CheckReportFile[] = outcomes.map((o) =>
    'error' in o ? { file: o.file, error: { ...o.error.toJSON(), rendered: errorLine(o.error, o.file).replace(/^cyclekit: /, '') } } : { file: o.file, result: o.result },
  );
  const style = makeStyle();
  const plainStyle = flags.output !== undefined ? makeStyle({ isTTY: false } as NodeJS.WriteStream) : style;
  let text: string;
  if (report === 'json') {
    text = envelope(
      'check',
      outcomes.map((o) => ('error' in o ? { file: o.file, error: o.error.toJSON() } : { file: o.file, ...checkJson(o.result) })),
    );
  } else if (report === 'junit') text = checkJunit(reportFiles, spec.name ?? '');
  else if (report === 'csv') {
    const rows: (string | number | null)[][] = [];
    for (const o of outcomes) if (!('error' in o)) for (const r of checkCsvRows(o.result)) rows.push([o.file, ...r]);
    text = toCsv(['file', ...CHECK_CSV_HEADER], rows);
  } else text = checkPlain(reportFiles, plainStyle);

  if (flags.output !== undefined) {
    await writeAtomically(flags.output, (write) => write(text));
    if (report !== 'plain' && !flags.quiet) ctx.stdout(checkPlain(reportFiles, style));
  } else ctx.stdout(text);

  const errLines: string[] = [];
  for (const o of outcomes) {
    if ('error' in o) errLines.push(errorLine(o.error, o.file));
    else if (!flags.quiet) for (const w of o.result.warnings) errLines.push(`cyclekit: ${o.file}: warning: ${w}`);
  }
  if (errLines.length > 0) ctx.stderr(errLines.join('\n') + '\n');

  const unreadable = outcomes.some((o) => 'error' in o);
  const failed = outcomes.some((o) => !('error' in o) && o.result.status === 'fail');
  return unreadable ? 2 : failed ? 1 : 0;
}
