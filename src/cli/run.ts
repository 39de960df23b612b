import { CyclekitError, isCyclekitError } from '../model/errors.js';
import { toCsv } from '../report/csv.js';
import { envelope } from '../report/json.js';
import type { makeStyle } from '../report/style.js';
import { stat } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { expandInputs } from './inputs.js';
import { Progress } from './progress.js';

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
  /** Progress is drawn only on a terminal; absent means not a terminal. */
  stderrIsTTY?: boolean;
}

export const defaultContext: RunContext = {
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
  debug: false,
  stderrIsTTY: process.stderr.isTTY === true,
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

/** Options runPerFile looks at; commands pass their whole parsed option object. */
export interface BatchFlags {
  recursive?: boolean;
  json?: boolean;
  csv?: boolean;
  quiet?: boolean;
  /** --jobs N: files processed in parallel (default: CPU count). */
  jobs?: string | number;
}

/** --jobs as a positive integer; absent → the machine's parallelism. */
export function parseJobs(jobs: string | number | undefined): number {
  if (jobs === undefined) return Math.max(1, availableParallelism());
  const n = typeof jobs === 'number' ? jobs : Number(jobs);
  if (!Number.isInteger(n) || n < 1) throw new CyclekitError('E_USAGE', `--jobs: expected a positive whole number of parallel files, got '${jobs}'`);
  return n;
}

/**
 * Run a command over every input, one bad file never stopping the others, then print
 * everything at once (outputs are written whole) in input order. Returns the exit code:
 * 2 when any file could not be read, else 0.
 */
export async function runPerFile<R>(
  command: string,
  inputs: string[],
  flags: BatchFlags,
  work: (file: string) => Promise<R>,
  emit: Emitters<R>,
  ctx: RunContext = defaultContext,
): Promise<number> {
  const outcomes = await collectOutcomes(command, inputs, flags, work, ctx);
  return emitOutcomes(command, outcomes, flags, emit, ctx);
}

/**
 * Expand the inputs and run `work` on each file, returning one outcome per file in input
 * order whatever the concurrency. With --jobs > 1 and more than one file, files go to worker
 * threads that run `WORK[command]` (src/cli/work-registry.ts) with the same flags; standard
 * input, commands absent from the registry, and results that cannot be cloned run here.
 */
export async function collectOutcomes<R>(
  command: string,
  inputs: string[],
  flags: BatchFlags,
  work: (file: string) => Promise<R>,
  ctx: RunContext = defaultContext,
): Promise<FileOutcome<R>[]> {
  const jobs = parseJobs(flags.jobs);
  const files = await expandInputs(inputs, flags.recursive ?? false);
  if (files.length === 0) throw new CyclekitError('E_USAGE', 'no input files (pass FILE..., a directory with --recursive, or - for standard input)');
  const outcomes: (FileOutcome<R> | undefined)[] = new Array(files.length);
  const progress = new Progress(files.length, ctx.stderrIsTTY === true && !flags.quiet, ctx.stderr);

  const runHere = async (index: number): Promise<void> => {
    const file = files[index]!;
    try {
      const result = await work(file);
      outcomes[index] = { file, result };
      progress.fileDone(rowsOf(result));
    } catch (err) {
      if (ctx.debug && err instanceof Error) ctx.stderr(`${err.stack}\n`);
      outcomes[index] = { file, error: asCyclekitError(err, file) };
      progress.fileDone(0);
    }
  };

  const pooled: { index: number; file: string }[] = [];
  const local: number[] = [];
  // Only a batch can use worker threads: one file never loads the pool.
  const threads = jobs > 1 && files.length > 1 ? await import('./pool.js') : null;
  const registered = threads !== null && threads.workerUrl() !== null ? (await import('./work-registry.js')).WORK[command] !== undefined : false;
  files.forEach((file, index) => (registered && file !== '-' ? pooled.push({ index, file }) : local.push(index)));
  // Starting a worker costs ~0.3-0.5 s (it loads the whole program). Unless --jobs was given,
  // small batches stay in this thread, where they finish sooner (measured: 50 files of 300
  // rows, 0.8 s in-process vs 1.3-1.7 s with two workers).
  const small = flags.jobs === undefined && pooled.length > 0 && (await totalBytes(pooled.map((p) => p.file))) < AUTO_WORKER_MIN_BYTES;
  if (small || pooled.length < 2) {
    local.push(...pooled.map((p) => p.index));
    local.sort((a, b) => a - b);
    pooled.length = 0;
  }

  const fallback: number[] = [];
  const pool =
    threads !== null && pooled.length > 0
      ? threads.runPool(command, pooled, flags as Record<string, unknown>, jobs, ctx.debug, (index, outcome) => {
          const file = files[index]!;
          if (outcome.kind === 'fallback') return void fallback.push(index);
          if (outcome.kind === 'error') {
            if (outcome.stack !== undefined) ctx.stderr(`${outcome.stack}\n`);
            outcomes[index] = { file, error: outcome.error };
            progress.fileDone(0);
          } else {
            outcomes[index] = { file, result: outcome.result as R };
            progress.fileDone(rowsOf(outcome.result));
          }
        })
      : Promise.resolve();
  for (const index of local) await runHere(index);
  await pool;
  for (const index of fallback) await runHere(index);
  progress.finish();
  return outcomes.map((o, i) => o ?? { file: files[i]!, error: new CyclekitError('E_IO', 'internal error: the file was never processed', { file: files[i]! }) });
}

/** Input size from which the default --jobs starts worker threads. */
export const AUTO_WORKER_MIN_BYTES = 32 * 1024 * 1024;

async function totalBytes(files: string[]): Promise<number> {
  let sum = 0;
  for (const f of files) {
    try {
      sum += (await stat(f)).size;
    } catch {
      // unreadable files are reported by the work itself
    }
  }
  return sum;
}

/**
 * Rows read for one result, for the rows/s figure: results carry them in different places
 * (`dataset.stats.rows` for anything built on loadDataset, `rows` for compact results).
 */
function rowsOf(result: unknown): number {
  const r = result as { rows?: unknown; dataset?: { stats?: { rows?: unknown } }; stats?: { rows?: unknown } } | null;
  const n = r?.dataset?.stats?.rows ?? r?.stats?.rows ?? r?.rows;
  return typeof n === 'number' ? n : 0;
}

export async function emitOutcomes<R>(
  command: string,
  outcomes: FileOutcome<R>[],
  flags: { json?: boolean; csv?: boolean; quiet?: boolean; wide?: boolean },
  emit: Emitters<R>,
  ctx: RunContext,
): Promise<number> {
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
    // chalk (five modules) is loaded for tables only: JSON and CSV runs never colour anything.
    const style = (await import('../report/style.js')).makeStyle(process.stdout, process.env, flags.wide === true);
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
