import { createHash } from 'node:crypto';
import { createReadStream, existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { CyclekitError } from '../model/errors.js';
import { Duck, literal } from './duckdb.js';
import { COUPLES_COLUMNS, cycleColumns, FILES_COLUMNS, PEAKS_COLUMNS, TABLES, type Column, type Row, type TableName } from './schema.js';

/** What one source file contributes to the archive. */
export interface FileRows {
  file: Row;
  cycles: Row[];
  peaks: Row[];
  couples: Row[];
}

/** The work for one file: read it and turn it into rows (or throw, which is recorded as an error row). */
export type Extract = (path: string) => Promise<Omit<FileRows, 'file'> & { file: Row }>;

export interface IndexOptions {
  archiveDir: string;
  /** `[i, n]`: index only the files whose path hash falls in share i of n. */
  shard: [number, number] | null;
  version: string;
  /** Called after each file: what happened to it. */
  onFile?: (path: string, outcome: 'indexed' | 'unchanged' | 'error' | 'other shard') => void;
}

export interface IndexSummary {
  indexed: number;
  unchanged: number;
  errors: number;
  otherShard: number;
}

/** 16 hex digits of SHA-1 of the path: the file's name in every table, and its shard and partition. */
export function pathKey(path: string): string {
  return createHash('sha1').update(path).digest('hex').slice(0, 16);
}

/** Which of `n` shards a path belongs to: deterministic, so N machines split one input list without talking. */
export function shardOf(path: string, n: number): number {
  return Number(BigInt(`0x${pathKey(path)}`) % BigInt(n));
}

export function tablePath(archiveDir: string, table: TableName, key: string): string {
  return join(archiveDir, table, `part=${key.slice(0, 2)}`, `${key}.parquet`);
}

export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** A Parquet glob of one table that DuckDB, Spark or Trino read with Hive partitioning. */
export function tableGlob(archiveDir: string, table: TableName): string {
  return join(archiveDir, table, '*', '*.parquet');
}

/** What the archive already holds per path: hash, size and mtime as indexed. */
async function indexedFiles(duck: Duck, archiveDir: string): Promise<Map<string, { hash: string; size: number; mtimeMs: number }>> {
  const out = new Map<string, { hash: string; size: number; mtimeMs: number }>();
  if (!hasParquet(join(archiveDir, 'files'))) return out;
  const rows = await duck.all(`SELECT path, contentSha256, sizeBytes, mtimeMs FROM read_parquet(${literal(tableGlob(archiveDir, 'files'))}, hive_partitioning = true, union_by_name = true)`);
  for (const r of rows) out.set(String(r.path), { hash: String(r.contentSha256), size: Number(r.sizeBytes), mtimeMs: Number(r.mtimeMs) });
  return out;
}

export function hasParquet(dir: string): boolean {
  if (!existsSync(dir)) return false;
  return readdirSync(dir).some((part) => {
    const p = join(dir, part);
    return statSync(p).isDirectory() && readdirSync(p).some((f) => f.endsWith('.parquet'));
  });
}

/** Remove what an interrupted run left half-written: temporaries are never part of the archive. */
function removeTemporaries(archiveDir: string): void {
  for (const table of TABLES) {
    const dir = join(archiveDir, table);
    if (!existsSync(dir)) continue;
    for (const part of readdirSync(dir)) {
      const p = join(dir, part);
      if (!statSync(p).isDirectory()) continue;
      for (const f of readdirSync(p)) if (f.endsWith('.tmp')) rmSync(join(p, f), { force: true });
    }
  }
}

/**
 * Index `files` into the archive: each file read once and written as one Parquet file per
 * table. A file whose path, size and mtime (or, failing that, content hash) match what the
 * archive holds is skipped; a changed file replaces its rows. Every table's file is written
 * to a temporary name and renamed; the `files` row goes last, so a run killed at any point
 * leaves the archive as it was for that file, and the next run redoes it.
 */
export async function indexFiles(files: string[], extract: Extract, options: IndexOptions): Promise<IndexSummary> {
  const { archiveDir } = options;
  try {
    mkdirSync(archiveDir, { recursive: true });
    for (const table of TABLES) mkdirSync(join(archiveDir, table), { recursive: true });
  } catch (err) {
    throw new CyclekitError('E_IO', `cannot write the archive here: ${(err as NodeJS.ErrnoException).code ?? String(err)}`, { file: archiveDir });
  }
  removeTemporaries(archiveDir);
  const duck = await Duck.open();
  const known = await indexedFiles(duck, archiveDir);
  const summary: IndexSummary = { indexed: 0, unchanged: 0, errors: 0, otherShard: 0 };
  for (const path of files) {
    if (options.shard && shardOf(path, options.shard[1]) !== options.shard[0]) {
      summary.otherShard++;
      options.onFile?.(path, 'other shard');
      continue;
    }
    const st = statSync(path);
    const before = known.get(path);
    if (before && before.size === st.size && before.mtimeMs === st.mtimeMs) {
      summary.unchanged++;
      options.onFile?.(path, 'unchanged');
      continue;
    }
    const hash = await sha256File(path);
    if (before && before.hash === hash) {
      summary.unchanged++;
      options.onFile?.(path, 'unchanged');
      continue;
    }
    const source = { path, contentSha256: hash };
    const fileBase: Row = { ...source, sizeBytes: st.size, mtimeMs: st.mtimeMs, cyclekitVersion: options.version };
    let rows: FileRows;
    try {
      const got = await extract(path);
      rows = {
        file: { ...fileBase, status: 'ok', ...got.file },
        cycles: got.cycles.map((r) => ({ ...source, ...r })),
        peaks: got.peaks.map((r) => ({ ...source, ...r })),
        couples: got.couples.map((r) => ({ ...source, ...r })),
      };
      summary.indexed++;
      options.onFile?.(path, 'indexed');
    } catch (err) {
      const e = err as { code?: string; message?: string };
      rows = { file: { ...fileBase, status: 'error', errorCode: e.code ?? 'E_INTERNAL', errorMessage: e.message ?? String(err) }, cycles: [], peaks: [], couples: [] };
      summary.errors++;
      options.onFile?.(path, 'error');
    }
    await writeFileRows(duck, archiveDir, pathKey(path), rows);
  }
  return summary;
}

async function writeFileRows(duck: Duck, archiveDir: string, key: string, rows: FileRows): Promise<void> {
  const plan: [TableName, Column[], Row[]][] = [
    ['cycles', cycleColumns(rows.cycles), rows.cycles],
    ['peaks', PEAKS_COLUMNS, rows.peaks],
    ['couples', COUPLES_COLUMNS, rows.couples],
    ['files', FILES_COLUMNS, [rows.file]],
  ];
  const written: [string, string][] = [];
  for (const [table, columns, tableRows] of plan) {
    const final = tablePath(archiveDir, table, key);
    mkdirSync(join(final, '..'), { recursive: true });
    const tmp = `${final}.${process.pid}.tmp`;
    await duck.writeParquet(tmp, columns, tableRows);
    written.push([tmp, final]);
  }
  // Renamed in plan order: `files` last, so its row appears only with the rows it vouches for.
  for (const [tmp, final] of written) renameSync(tmp, final);
}
