import { readFile } from 'node:fs/promises';
import type { CheckFileResult } from '../../gate/outcome.js';
import { checkSummary, checkUnsegmentable, specNeedsPoints } from '../../pipeline/check.js';
import { parseSpec, type Spec } from '../../gate/spec.js';
import { CyclekitError } from '../../model/errors.js';
import { checkCsvRows, checkJson, checkJunit, checkPlain, CHECK_CSV_HEADER, type CheckReportFile } from '../../report/check.js';
import { toCsv } from '../../report/csv.js';
import { envelope } from '../../report/json.js';
import { makeStyle } from '../../report/style.js';
import { loadOptions, outputMode } from '../options.js';
import { collectOutcomes, errorLine, stderrLines, type RunContext } from '../run.js';
import { writeAtomically } from '../../ingest/write/atomic.js';
import { checkCeFlag, summariseFile, type SummaryFlags } from './summary.js';

export interface CheckFlags extends SummaryFlags {
  spec: string;
  report?: 'plain' | 'json' | 'junit' | 'csv';
  output?: string;
  failOnNa?: boolean;
  /** The validated spec, set by the action before any file is read (and sent to workers). */
  parsedSpec?: Spec;
}

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
 * dQ/dV), summarise, gather the facts the rules ask for, evaluate (src/pipeline/check.ts).
 */
export async function checkFile(file: string, flags: CheckFlags): Promise<CheckFileResult> {
  const spec = flags.parsedSpec;
  if (!spec) throw new CyclekitError('E_USAGE', 'internal: check ran without a parsed spec');
  let s;
  try {
    s = await summariseFile(file, flags, specNeedsPoints(spec));
  } catch (err) {
    const failed = checkUnsegmentable(err, spec, flags.failOnNa ?? false);
    if (failed) return failed;
    throw err;
  }
  return checkSummary(s, spec, flags.failOnNa ?? false);
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

  const errLines = await stderrLines(outcomes, flags.quiet ? null : (r) => r.warnings);
  if (errLines.length > 0) ctx.stderr(errLines.join('\n') + '\n');

  const unreadable = outcomes.some((o) => 'error' in o);
  const failed = outcomes.some((o) => !('error' in o) && o.result.status === 'fail');
  return unreadable ? 2 : failed ? 1 : 0;
}
