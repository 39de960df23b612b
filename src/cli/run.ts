import { CyclekitError, isCyclekitError } from '../model/errors.js';
import { toCsv } from '../report/csv.js';
import { envelope } from '../report/json.js';
import { makeStyle } from '../report/style.js';
import { expandInputs } from './inputs.js';

/** What one file produced: a result object for JSON, or the error that stopped it. */
export type FileOutcome<R> = { file: string; result: R } | { file: string; error: CyclekitError };

export interface Emitters<R> {
  /** The per-file object inside `results[]` (without `file`, which is added). */
  json(result: R): object;
  table(result: R, style: ReturnType<typeof makeStyle>): string;
  /** CSV header and rows for one file; a `file` column is prepended. */
  csv(result: R): { header: string[]; rows: (string | number | null)[][] };
  warnings?(result: R): string[];
}

export interface RunContext {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  debug: boolean;
}

export const defaultContext: RunContext = {
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
  debug: false,
};

/** Render a caught error as the one line users see; unexpected errors keep their stack only with --debug. */
export function errorLine(err: unknown, file?: string, debug = false): string {
  if (isCyclekitError(err)) {
    if (err.file === undefined && file !== undefined) err.file = file;
    return `cyclekit: ${err.render()}`;
  }
  const message = err instanceof Error ? err.message : String(err);
  const where = file ? `${file}: ` : '';
  return `cyclekit: ${where}internal error: ${message}${debug && err instanceof Error ? `\n${err.stack}` : ' (rerun with --debug for details)'}`;
}

export function asCyclekitError(err: unknown, file: string): CyclekitError {
  if (isCyclekitError(err)) {
    if (err.file === undefined) err.file = file;
    return err;
  }
  const e = new CyclekitError('E_IO', `internal error: ${err instanceof Error ? err.message : String(err)}`, { file });
  return e;
}

/**
 * Run a command over every input, one bad file never stopping the others, then print
 * everything at once (outputs are written whole) in input order. Returns the exit code:
 * 2 when any file could not be read, else 0.
 */
export async function runPerFile<R>(
  command: string,
  inputs: string[],
  flags: { recursive?: boolean; json?: boolean; csv?: boolean; quiet?: boolean },
  work: (file: string) => Promise<R>,
  emit: Emitters<R>,
  ctx: RunContext = defaultContext,
): Promise<number> {
  const files = await expandInputs(inputs, flags.recursive ?? false);
  if (files.length === 0) throw new CyclekitError('E_USAGE', 'no input files (pass FILE..., a directory with --recursive, or - for standard input)');
  const outcomes: FileOutcome<R>[] = [];
  for (const file of files) {
    try {
      outcomes.push({ file, result: await work(file) });
    } catch (err) {
      if (ctx.debug && err instanceof Error) ctx.stderr(`${err.stack}\n`);
      outcomes.push({ file, error: asCyclekitError(err, file) });
    }
  }
  return emitOutcomes(command, outcomes, flags, emit, ctx);
}

export function emitOutcomes<R>(
  command: string,
  outcomes: FileOutcome<R>[],
  flags: { json?: boolean; csv?: boolean; quiet?: boolean },
  emit: Emitters<R>,
  ctx: RunContext,
): number {
  const style = makeStyle();
  let failed = false;
  const errLines: string[] = [];
  for (const o of outcomes) {
    if ('error' in o) {
      failed = true;
      errLines.push(errorLine(o.error, o.file));
    } else if (!flags.quiet && emit.warnings) {
      for (const w of emit.warnings(o.result)) errLines.push(`cyclekit: ${o.file}: warning: ${w}`);
    }
  }
  let out: string;
  if (flags.json) {
    out = envelope(
      command,
      outcomes.map((o) => ('error' in o ? { file: o.file, error: o.error.toJSON() } : { file: o.file, ...emit.json(o.result) })),
    );
  } else if (flags.csv) {
    let header: string[] | null = null;
    const rows: (string | number | null)[][] = [];
    for (const o of outcomes) {
      if ('error' in o) continue;
      const part = emit.csv(o.result);
      header ??= ['file', ...part.header];
      for (const r of part.rows) rows.push([o.file, ...r]);
    }
    out = header ? toCsv(header, rows) : '';
  } else {
    const parts: string[] = [];
    for (const o of outcomes) {
      if ('error' in o) continue;
      const body = emit.table(o.result, style);
      parts.push(outcomes.length > 1 ? `${style.bold(`── ${o.file}`)}\n${body}` : body);
    }
    out = parts.length > 0 ? parts.join('\n\n') + '\n' : '';
  }
  if (out) ctx.stdout(out);
  if (errLines.length > 0) ctx.stderr(errLines.join('\n') + '\n');
  return failed ? 2 : 0;
}
