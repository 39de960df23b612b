import type { CheckFileResult } from '../../gate/outcome.js';
import { checkSummary, checkUnsegmentable, specNeedsPoints } from '../../pipeline/check.js';
import { parseSpec, type Spec } from '../../gate/spec.js';
import { CyclekitError } from '../../model/errors.js';
import { checkCsvRows, checkJson, checkJunit, checkPlain, CHECK_CSV_HEADER, type CheckReportFile } from '../../report/check.js';
import { toCsv } from '../../report/csv.js';
import { envelope } from '../../report/json.js';
import { makeStyle } from '../../report/style.js';
import { loadOptions, outputMode, outputPlan } from '../options.js';
import { appendFile } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import { checkMarkdown, githubAnnotations } from '../../report/github.js';
import { starterSpec, type StarterInput } from '../../gate/starter.js';
import { retention, RETENTION_DEFAULTS } from '../../analysis/retention.js';
import { MIN_RETENTION_CYCLES } from '../../analysis/applicability.js';
import { joinInputs } from '../per-file.js';
import { collectOutcomes, errorLine, stderrLines, type RunContext } from '../run.js';
import { refuseOutputOverInputs, writeAtomically } from '../../util/atomic-write.js';
import { escapeControlInBlock } from '../../util/escape.js';
import { readBoundedText } from '../../util/bounded-read.js';
import { expandInputs } from '../inputs.js';
import { sidecarCandidates } from '../../ingest/sidecar.js';
import { checkCeFlag, summariseFile, type SummaryFlags } from './summary.js';

export interface CheckFlags extends SummaryFlags {
  spec?: string;
  report?: 'plain' | 'json' | 'junit' | 'csv' | 'github';
  sep?: string;
  decimal?: string;
  output?: string;
  failOnNa?: boolean;
  /** The validated spec, set by the action before any file is read (and sent to workers). */
  parsedSpec?: Spec;
}

/** Read and validate a spec file; every problem is one E_SPEC line naming the rule. */
export async function loadSpec(path: string): Promise<Spec> {
  const text = await readBoundedText(path, 'specBytes', 'spec', 'E_SPEC');
  if (text === null) throw new CyclekitError('E_SPEC', 'cannot read the spec: ENOENT', { file: path });
  return parseSpec(text, path);
}

/**
 * One file through a spec: load (keeping points only when a rule needs record-level data or
 * dQ/dV), summarise, gather the facts the rules ask for, evaluate (src/pipeline/check.ts).
 */
export async function checkFile(file: string, flags: CheckFlags): Promise<CheckFileResult> {
  const spec = flags.parsedSpec;
  if (!spec) throw new CyclekitError('E_USAGE', 'internal: check ran without a parsed spec');
  const started = performance.now();
  const seconds = (): number => (performance.now() - started) / 1000;
  let s;
  try {
    s = await summariseFile(file, flags, specNeedsPoints(spec));
  } catch (err) {
    const failed = checkUnsegmentable(err, spec, flags.failOnNa ?? false);
    if (failed) return { ...failed, durationS: seconds() };
    throw err;
  }
  return { ...checkSummary(s, spec, flags.failOnNa ?? false), durationS: seconds() };
}

/**
 * `check init [FILE]`: a commented starter spec on stdout (or -o FILE), drawn from FILE's own
 * cycles when one is given, else a template (src/gate/starter.ts).
 */
export async function runCheckInit(files: string[], flags: CheckFlags, ctx: RunContext): Promise<number> {
  if (files.length > 1) throw new CyclekitError('E_USAGE', `check init takes at most one data file, got ${files.length}`);
  if (flags.spec !== undefined) throw new CyclekitError('E_USAGE', 'check init writes a spec: it takes no --spec (use -o FILE to choose where it goes)');
  let input: StarterInput | null = null;
  if (files.length === 1) {
    checkCeFlag(flags.ce);
    const s = await summariseFile(files[0]!, flags);
    let ret: StarterInput['retention'] = null;
    const body = s.cycles.length > 3 ? s.cycles.slice(0, -1) : s.cycles;
    if (s.cycles.length >= MIN_RETENTION_CYCLES) {
      try {
        const r = retention(s.cycles, RETENTION_DEFAULTS);
        const target = body[body.length - 1]!.cycle;
        const at = r.cycles.find((c) => c.cycle === target)?.retention ?? null;
        if (r.referenceCycle !== null && at !== null) ret = { referenceCycle: r.referenceCycle, cycle: target, value: at };
      } catch {
        // no usable reference cycle: the starter spec simply has no retention rule
      }
    }
    input = { file: s.dataset.file, format: s.dataset.header.format, massG: s.dataset.massG, cycles: s.cycles, badRows: s.dataset.stats.badRows, retention: ret };
  }
  const text = starterSpec(input);
  // The spec must read back: a starter that the reader refused would be a broken promise.
  parseSpec(text, 'starter spec');
  if (flags.output !== undefined && flags.output !== '-') await writeAtomically(flags.output, (write) => write(text));
  else ctx.stdout(text);
  return 0;
}

/** Validate the spec, check every file, write the report; the exit code says pass, fail or unreadable. */
export async function runCheck(files: string[], flags: CheckFlags, ctx: RunContext): Promise<number> {
  if (files[0] === 'init') return runCheckInit(files.slice(1), flags, ctx);
  if (flags.spec === undefined) throw new CyclekitError('E_USAGE', "required option '--spec <file>' not specified (or run `cyclekit check init [FILE]` to write a starter spec)");
  const mode = outputMode(flags);
  const dialect = outputPlan({ ...flags, output: undefined, to: undefined }).dialect;
  const timestamp = new Date().toISOString().slice(0, 19);
  const started = performance.now();
  if (flags.report !== undefined && mode !== 'table' && flags.report !== mode) throw new CyclekitError('E_USAGE', `--report ${flags.report} and --${mode} disagree: pick one`);
  const report = flags.report ?? (mode === 'table' ? 'plain' : mode);
  loadOptions(flags);
  checkCeFlag(flags.ce);
  // The whole spec is validated before any data is touched.
  const spec = await loadSpec(flags.spec);
  if (flags.output !== undefined) {
    const inputs = (await expandInputs(files, flags.recursive ?? false)).filter((f) => f !== '-');
    await refuseOutputOverInputs(flags.output, [
      { path: flags.spec, role: 'spec' },
      ...inputs.map((path) => ({ path, role: 'input' })),
      ...inputs.flatMap((f) => sidecarCandidates(f).map((path) => ({ path, role: 'sidecar' }))),
    ]);
  }
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
  } else if (report === 'junit') text = checkJunit(reportFiles, spec.name ?? '', { timestamp, totalS: (performance.now() - started) / 1000 });
  else if (report === 'csv') {
    const rows: (string | number | null)[][] = [];
    for (const o of outcomes) if (!('error' in o)) for (const r of checkCsvRows(o.result)) rows.push([o.file, ...r]);
    text = toCsv(['file', ...CHECK_CSV_HEADER], rows, dialect);
  } else if (report === 'github') {
    // Annotations go to stdout, where the runner reads them; the Markdown summary to the job summary file.
    const markdown = checkMarkdown(reportFiles, spec.name ?? '');
    ctx.stdout(escapeControlInBlock(checkPlain(reportFiles, makeStyle({ isTTY: false } as NodeJS.WriteStream)), false) + githubAnnotations(reportFiles, flags.failOnNa ?? false));
    const summaryFile = process.env.GITHUB_STEP_SUMMARY;
    if (summaryFile) {
      try {
        await appendFile(summaryFile, markdown + '\n');
      } catch (err) {
        throw new CyclekitError('E_IO', `cannot append the job summary ($GITHUB_STEP_SUMMARY): ${(err as NodeJS.ErrnoException).code ?? String(err)}`, { file: summaryFile });
      }
    }
    if (flags.output !== undefined) await writeAtomically(flags.output, (write) => write(markdown));
    text = '';
  } else text = escapeControlInBlock(checkPlain(reportFiles, plainStyle), plainStyle.level > 0);

  if (report === 'github') {
    // written above
  } else if (flags.output !== undefined) {
    await writeAtomically(flags.output, (write) => write(text));
    if (report !== 'plain' && !flags.quiet) ctx.stdout(escapeControlInBlock(checkPlain(reportFiles, style), style.level > 0));
  } else ctx.stdout(text);

  const errLines = await stderrLines(outcomes, flags.quiet ? null : (r) => r.warnings);
  if (errLines.length > 0) ctx.stderr(errLines.join('\n') + '\n');

  const unreadable = outcomes.some((o) => 'error' in o);
  const failed = outcomes.some((o) => !('error' in o) && o.result.status === 'fail');
  return unreadable ? 2 : failed ? 1 : 0;
}
