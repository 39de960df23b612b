import { CyclekitError, isCyclekitError } from '../model/errors.js';
import { inFlagTerms } from './flag-names.js';
import { csvPieces, type CsvDialect } from '../report/csv.js';
import { envelopeOutput } from '../report/json.js';
import type { Emitters, FileOutcome } from '../report/emitters.js';
import type { Cell } from '../export/parquet.js';
import { open, stat } from 'node:fs/promises';
import { limit } from '../util/limits.js';
import { clipMessage, escapeControl, escapeControlInBlock } from '../util/escape.js';
import { availableParallelism } from 'node:os';
import { expandInputs, isRecognised } from './inputs.js';
import { outputPlan, parseColumnOverrides, type OutputFlags } from './options.js';
import { writeAtomically } from '../util/atomic-write.js';
import { VERSION } from '../version.js';
import { FileProgress, Progress, sampleBytesPerRow } from './progress.js';
import { defaultContext, type RunContext } from './context.js';

/** Render a caught error as the one line users see; unexpected errors keep their stack only with --debug. */
export function errorLine(err: unknown, file?: string, debug = false): string {
  if (isCyclekitError(err)) {
    if (err.file === undefined && file !== undefined) err.file = file;
    return `cyclekit: ${inFlagTerms(err).render()}`;
  }
  const message = escapeControl(clipMessage(err instanceof Error ? err.message : String(err)));
  const where = file ? `${escapeControl(file)}: ` : '';
  return `cyclekit: ${where}internal error: ${message}${debug && err instanceof Error ? `\n${err.stack}` : ' (rerun with --debug for details)'}`;
}

/** `cyclekit: FILE: warning: …` on one line, whatever the file name or the warning quotes from the data. */
export function warningLine(file: string, warning: string): string {
  return `cyclekit: ${escapeControl(file)}: warning: ${escapeControl(clipMessage(warning))}`;
}

export function asCyclekitError(err: unknown, file: string): CyclekitError {
  if (isCyclekitError(err)) {
    if (err.file === undefined) err.file = file;
    return inFlagTerms(err);
  }
  const e = new CyclekitError('E_INTERNAL', `internal error: ${err instanceof Error ? err.message : String(err)}`, { file });
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
  /** --include/--exclude globs (repeatable). */
  include?: string[];
  exclude?: string[];
  /** --skip-unknown: a file no reader recognises is a notice, not an error. */
  skipUnknown?: boolean;
  col?: string[];
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
  emit: Emitters<R, object>,
  ctx: RunContext = defaultContext,
): Promise<number> {
  const outcomes = await collectOutcomes(command, inputs, flags, work, ctx, emit.rows);
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
  rowsOf: (result: R) => number = () => 0,
): Promise<FileOutcome<R>[]> {
  const jobs = parseJobs(flags.jobs);
  const found = await expandInputs(inputs, flags.recursive ?? false, { include: flags.include ?? [], exclude: flags.exclude ?? [] });
  if (found.length === 0) throw new CyclekitError('E_USAGE', 'no input files (pass FILE..., a directory with --recursive, or - for standard input)');
  const files = flags.skipUnknown ? await recognisedOnly(found, flags, ctx) : found;
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
  // Containers decoded by third-party code or inflated whole (spreadsheets, Access databases,
  // zips) run in a worker with a heap and time cap whatever --jobs is: a file that exhausts
  // them fails alone, with one line, instead of taking the process and the batch with it.
  const risky = await riskyFiles(files);
  const batch = jobs > 1 && files.length > 1;
  const threads = batch || risky.size > 0 ? await import('./pool.js') : null;
  const registered = threads !== null && threads.workerUrl() !== null ? (await import('./work-registry.js')).workFor(command) !== undefined : false;
  const isolated: { index: number; file: string }[] = [];
  files.forEach((file, index) => {
    if (registered && risky.has(index)) isolated.push({ index, file });
    else if (registered && batch && file !== '-') pooled.push({ index, file });
    else local.push(index);
  });
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
  const onDone = (index: number, outcome: import('./pool.js').PoolOutcome): void => {
    const file = files[index]!;
    if (outcome.kind === 'fallback') return void fallback.push(index);
    if (outcome.kind === 'error') {
      if (outcome.stack !== undefined) ctx.stderr(`${outcome.stack}\n`);
      outcomes[index] = { file, error: outcome.error };
      progress.fileDone(0);
    } else {
      outcomes[index] = { file, result: outcome.result as R };
      progress.fileDone(rowsOf(outcome.result as R));
    }
  };
  const pool = threads !== null && pooled.length > 0 ? threads.runPool(command, pooled, flags as Record<string, unknown>, jobs, ctx.debug, onDone) : Promise.resolve();
  const bounds = { heapMb: limit('workerHeapMb'), fileSeconds: limit('fileSeconds') };
  const isolation =
    threads !== null && isolated.length > 0
      ? threads.runPool(command, isolated, flags as Record<string, unknown>, Math.min(jobs, isolated.length), ctx.debug, onDone, bounds)
      : Promise.resolve();
  const single = files.length === 1 && ctx.stderrIsTTY === true && !flags.quiet ? await largeFileProgress(files[0]!, ctx) : null;
  single?.start();
  try {
    for (const index of local) await runHere(index);
    await pool;
    await isolation;
    for (const index of fallback) await runHere(index);
  } finally {
    single?.finish();
  }
  progress.finish();
  return outcomes.map((o, i) => o ?? { file: files[i]!, error: new CyclekitError('E_INTERNAL', 'internal error: the file was never processed', { file: files[i]! }) });
}

/**
 * --skip-unknown: drop the files no reader recognises (a LICENSE, a PDF, notes), each with a
 * one-line notice on stderr; damaged cycler files are recognised and still fail. A batch left
 * with no file at all is a usage error: a CI job pointed at the wrong folder must not pass.
 */
async function recognisedOnly(files: string[], flags: BatchFlags & { format?: string }, ctx: RunContext): Promise<string[]> {
  // --format forces a reader onto every file: nothing is detected, so nothing is "unknown".
  if (flags.format !== undefined) return files;
  const columns = parseColumnOverrides(flags.col ?? []);
  const kept: string[] = [];
  const notices: string[] = [];
  for (const file of files) {
    if (await isRecognised(file, columns)) kept.push(file);
    else notices.push(`cyclekit: ${file}: skipped: not a file any reader recognises (--skip-unknown)`);
  }
  if (notices.length > 0 && !flags.quiet) ctx.stderr(notices.join('\n') + '\n');
  if (kept.length === 0) throw new CyclekitError('E_USAGE', `--skip-unknown: none of the ${files.length} input file(s) is a cycler export that a reader recognises`);
  return kept;
}

/** A file from this size on shows its own progress line when it is the only input. */
export const LARGE_FILE_BYTES = 16 * 1024 * 1024;

/**
 * The progress line for one file, or null when it is small (or standard input). A command that
 * reads the file `passes` times (convert reads it twice) counts every pass toward the total.
 */
export async function largeFileProgress(file: string, ctx: RunContext, passes = 1): Promise<FileProgress | null> {
  if (file === '-') return null;
  try {
    const size = (await stat(file)).size;
    if (size < LARGE_FILE_BYTES) return null;
    const handle = await open(file, 'r');
    try {
      const head = Buffer.alloc(64 * 1024);
      const { bytesRead } = await handle.read(head, 0, head.length, 0);
      const perRow = sampleBytesPerRow(head.subarray(0, bytesRead));
      return new FileProgress(passes > 1 ? `${file} (${passes} passes)` : file, size * passes, perRow === null ? null : perRow * passes, ctx.stderr);
    } finally {
      await handle.close();
    }
  } catch {
    return null;
  }
}

/** First bytes of the containers that run isolated: ZIP (xlsx, ndax), OLE2 (xls), Access (Arbin .res). */
const RISKY_MAGIC: number[][] = [
  [0x50, 0x4b, 0x03, 0x04],
  [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1],
  [0x00, 0x01, 0x00, 0x00, 0x53, 0x74, 0x61, 0x6e, 0x64, 0x61, 0x72, 0x64], // \0\1\0\0 "Standard" (Jet/ACE DB)
];

/**
 * Indexes of the files whose first bytes are a risky container's (by content, never by name).
 * CYCLEKIT_ISOLATE=off reads them in this thread like any other file: for trusted inputs where
 * ~0.3 s per file for a worker is not worth it (docs/security.md); the limits still apply.
 */
async function riskyFiles(files: string[]): Promise<Set<number>> {
  const out = new Set<number>();
  if (/^(off|0|no|false)$/i.test(process.env.CYCLEKIT_ISOLATE ?? '')) return out;
  const head = Buffer.alloc(12);
  for (let index = 0; index < files.length; index++) {
    const file = files[index]!;
    if (file === '-') continue;
    let handle;
    try {
      handle = await open(file, 'r');
      const { bytesRead } = await handle.read(head, 0, head.length, 0);
      if (RISKY_MAGIC.some((magic) => bytesRead >= magic.length && magic.every((b, i) => head[i] === b))) out.add(index);
    } catch {
      // unreadable: reported by the work itself
    } finally {
      await handle?.close();
    }
  }
  return out;
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

export async function emitOutcomes<R>(
  command: string,
  outcomes: FileOutcome<R>[],
  flags: OutputFlags & { quiet?: boolean; wide?: boolean },
  emit: Emitters<R, object>,
  ctx: RunContext,
): Promise<number> {
  const plan = outputPlan(flags);
  const failed = outcomes.some((o) => 'error' in o);
  const errLines = await stderrLines(outcomes, flags.quiet ? null : (r) => emit.warnings?.(r) ?? []);
  let out: string | Uint8Array | Iterable<string>;
  if (plan.kind === 'json') {
    // A large document in pieces: a 10,000-cycle report is 37 MB, never held as one string.
    out = envelopeOutput(
      command,
      outcomes.map((o) => ('error' in o ? { file: o.file, error: o.error.toJSON() } : { file: o.file, ...emit.json(o.result) })),
    );
  } else if (plan.kind === 'csv') {
    // Rows become text as they are made: windows over 10,000 cycles never hold every row, nor the whole CSV.
    out = csvOutput(outcomes, emit, plan.dialect);
  } else if (plan.kind === 'parquet' || plan.kind === 'xlsx') {
    // Exact values where the command has them (a CSV rounds to 12 digits), else the CSV's cells as numbers.
    const table = joinTables(outcomes, (r) => emit.values?.(r) ?? numericCells(emit.csv(r))) ?? { header: ['file'], rows: [] };
    out =
      plan.kind === 'parquet'
        ? await (await import('../export/parquet.js')).parquetTable(table.header, table.rows, INTEGER_COLUMNS, { 'cyclekit.command': command, 'cyclekit.version': VERSION })
        : await (await import('../export/xlsx.js')).xlsxTable(command, table.header, table.rows);
  } else {
    // chalk (five modules) is loaded for tables only: JSON and CSV runs never colour anything.
    const styles = await import('../report/style.js');
    const style = plan.path === null ? styles.makeStyle(process.stdout, process.env, flags.wide === true) : styles.makeStyle({ isTTY: false } as NodeJS.WriteStream, process.env, flags.wide === true);
    const parts: string[] = [];
    for (const o of outcomes) {
      if ('error' in o) continue;
      // Cells and metadata come from the file: only cyclekit's own colour codes may reach the terminal.
      const body = escapeControlInBlock(emit.table(o.result, style), style.level > 0);
      parts.push(outcomes.length > 1 ? `${style.bold(`── ${escapeControl(o.file)}`)}\n${body}` : body);
    }
    out = parts.length > 0 ? parts.join('\n\n') + '\n' : '';
  }
  if (plan.path !== null) {
    const bytes = out;
    await writeAtomically(plan.path, async (write) => {
      if (typeof bytes === 'string' || bytes instanceof Uint8Array) await write(bytes);
      else for (const piece of bytes) await write(piece);
    });
  } else if (typeof out === 'string') {
    if (out) ctx.stdout(out);
  } else if (!(out instanceof Uint8Array)) {
    for (const piece of out) {
      ctx.stdout(piece);
      await ctx.stdoutDrained?.();
    }
  }
  if (errLines.length > 0) ctx.stderr(errLines.join('\n') + '\n');
  return failed ? 2 : 0;
}

/** Columns that hold whole numbers: INT32 in Parquet. */
const INTEGER_COLUMNS: ReadonlySet<string> = new Set(['cycle', 'fromCycle', 'toCycle', 'referenceCycle', 'records', 'index', 'rows', 'cycles']);

/** Every file's rows under one header, a `file` column first; null when no file produced a table. */
function joinTables<R, C>(outcomes: FileOutcome<R>[], part: (result: R) => { header: string[]; rows: C[][] }): { header: string[]; rows: (C | string)[][] } | null {
  let header: string[] | null = null;
  const rows: (C | string)[][] = [];
  for (const o of outcomes) {
    if ('error' in o) continue;
    const p = part(o.result);
    header ??= ['file', ...p.header];
    for (const r of p.rows) rows.push([o.file, ...r]);
  }
  return header ? { header, rows } : null;
}

/** Every file's CSV rows under the first file's header, a `file` column first; nothing when no file produced a table. */
function* csvOutput<R>(outcomes: FileOutcome<R>[], emit: Emitters<R, object>, dialect: CsvDialect): Generator<string> {
  const results = outcomes.flatMap((o) => ('error' in o ? [] : [o]));
  if (results.length === 0) return;
  const first = emit.csv(results[0]!.result);
  function* rows(): Generator<(string | number | null)[]> {
    for (const [i, o] of results.entries()) {
      for (const r of (i === 0 ? first : emit.csv(o.result)).rows) yield [o.file, ...r];
    }
  }
  yield* csvPieces(['file', ...first.header], rows(), dialect);
}

/** A CSV emitter's cells with numbers as numbers, for binary tables of commands without exact values. */
function numericCells(t: { header: string[]; rows: Iterable<(string | number | null)[]> }): { header: string[]; rows: Cell[][] } {
  const numeric = /^-?\d+(\.\d+)?(e[-+]?\d+)?$/i;
  return { header: t.header, rows: Array.from(t.rows, (r) => r.map((v) => (typeof v === 'string' && numeric.test(v) ? Number(v) : v === '' ? null : v))) };
}

/**
 * What a batch prints on stderr: per file its error (one line) or its warnings, in input order.
 * The list of known formats that some errors end with is printed once, after the last line,
 * when two or more errors carry it: thirty unreadable files are thirty short lines, not thirty
 * paragraphs. (JSON keeps each error's whole message.)
 */
export async function stderrLines<R>(outcomes: FileOutcome<R>[], warnings: ((result: R) => string[]) | null): Promise<string[]> {
  const lines: string[] = [];
  const batch = outcomes.filter((o) => 'error' in o).length > 1;
  let known = batch ? (await import('../ingest/formats/index.js')).READERS.map((r) => r.id).join(', ') : null;
  // One error with the list stays one line; from two on, the list is printed once.
  if (known !== null && outcomes.filter((o) => 'error' in o && errorLine(o.error, o.file).includes(known!)).length < 2) known = null;
  let listed = false;
  for (const o of outcomes) {
    if ('error' in o) {
      let line = errorLine(o.error, o.file);
      if (known !== null && line.includes(known)) {
        line = line.split(` (${known})`).join(' (known formats below)').split(known).join('the known formats below');
        listed = true;
      }
      lines.push(line);
    } else if (warnings) {
      for (const w of warnings(o.result)) lines.push(warningLine(o.file, w));
    }
  }
  if (listed) lines.push(`cyclekit: known formats (--format): ${known}`);
  return lines;
}
