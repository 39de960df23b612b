import { join } from 'node:path';
import { CyclekitError } from '../model/errors.js';
import { Duck, literal } from './duckdb.js';
import { hasParquet, tableGlob } from './index.js';
import { TABLES } from './schema.js';

/**
 * The views a query sees. Rows of `cycles`, `peaks` and `couples` count only when `files`
 * vouches for their path and content hash (an interrupted re-index never shows half a file).
 *   files   every indexed file, readable or not
 *   cells   the readable ones
 *   errors  the unreadable ones, with code and message
 *   cycles, peaks, couples
 */
export async function openArchive(archiveDir: string): Promise<Duck> {
  if (!hasParquet(join(archiveDir, 'files'))) throw new CyclekitError('E_USAGE', `${archiveDir}: not a cyclekit archive (no files/ table); build one with cyclekit index PATH --to ${archiveDir}`);
  const duck = await Duck.open();
  const read = (table: (typeof TABLES)[number]): string | null =>
    hasParquet(join(archiveDir, table)) ? `read_parquet(${literal(tableGlob(archiveDir, table))}, hive_partitioning = true, union_by_name = true)` : null;
  await duck.run(`CREATE VIEW files AS SELECT * EXCLUDE (part) FROM ${read('files')!}`);
  await duck.run(`CREATE VIEW cells AS SELECT * FROM files WHERE status = 'ok'`);
  await duck.run(`CREATE VIEW errors AS SELECT path, contentSha256, errorCode, errorMessage FROM files WHERE status = 'error'`);
  for (const table of ['cycles', 'peaks', 'couples'] as const) {
    const source = read(table);
    // A table with no rows anywhere has no Parquet schema to read: an empty view keeps queries valid.
    if (source === null) {
      await duck.run(`CREATE VIEW ${table} AS SELECT NULL::VARCHAR AS path, NULL::VARCHAR AS contentSha256 WHERE false`);
      continue;
    }
    await duck.run(`CREATE VIEW ${table} AS SELECT t.* EXCLUDE (part) FROM ${source} t SEMI JOIN files f ON t.path = f.path AND t.contentSha256 = f.contentSha256`);
  }
  return duck;
}

/** One SQL question over an archive's views: the columns DuckDB names and its rows. A query DuckDB refuses is one E_USAGE line. */
export async function askArchive(archiveDir: string, sql: string): Promise<{ columns: string[]; rows: Record<string, unknown>[] }> {
  const duck = await openArchive(archiveDir);
  try {
    return { columns: await duck.columns(sql), rows: await duck.all(sql) };
  } catch (err) {
    throw new CyclekitError('E_USAGE', `query: ${(err instanceof Error ? err.message : String(err)).split('\n')[0]}`);
  }
}

/**
 * Ready-made questions, as SQL over the views.
 * retentionAt(N): per readable cell, discharge capacity at cycle N over that of its first
 * cycle with a discharge (complete cycles only when the archive marks partial ones).
 */
export function retentionAtSql(cycle: number): string {
  return `
WITH c AS (
  SELECT path, cycle, dischargeCapacityMAh FROM cycles
  WHERE dischargeCapacityMAh IS NOT NULL AND dischargeCapacityMAh > 0
),
first AS (SELECT path, arg_min(dischargeCapacityMAh, cycle) AS firstMAh, min(cycle) AS firstCycle FROM c GROUP BY path),
at_cycle AS (SELECT path, dischargeCapacityMAh AS atMAh FROM c WHERE cycle = ${cycle})
SELECT first.path, first.firstCycle, first.firstMAh AS firstDischargeMAh, ${cycle} AS cycle, at_cycle.atMAh AS dischargeMAh, at_cycle.atMAh / first.firstMAh AS retention
FROM first JOIN at_cycle USING (path)
ORDER BY retention, first.path`;
}

/** Cells whose last cycle with a discharge kept less than `fraction` of the first one's capacity. */
export function cellsBelowSql(fraction: number): string {
  return `
WITH c AS (
  SELECT path, cycle, dischargeCapacityMAh FROM cycles
  WHERE dischargeCapacityMAh IS NOT NULL AND dischargeCapacityMAh > 0
),
ends AS (
  SELECT path, arg_min(dischargeCapacityMAh, cycle) AS firstMAh, arg_max(dischargeCapacityMAh, cycle) AS lastMAh, max(cycle) AS lastCycle FROM c GROUP BY path
)
SELECT path, lastCycle, firstMAh AS firstDischargeMAh, lastMAh AS lastDischargeMAh, lastMAh / firstMAh AS retention
FROM ends WHERE lastMAh / firstMAh < ${fraction}
ORDER BY retention, path`;
}
