import { join } from 'node:path';
import { summariseCycles, type CycleSummary } from '../../src/analysis/summary.js';
import { openRecords } from '../../src/ingest/open.js';
import type { ReadStats } from '../../src/ingest/contract.js';
import type { CanonicalRecord, StreamHeader } from '../../src/model/record.js';
import { loadDataset, type Dataset, type LoadOptions } from '../../src/pipeline/load.js';
import { REAL } from '../helpers/cli.js';

export const real = (rel: string): string => join(REAL, rel);

export interface ReadAll {
  header: StreamHeader;
  stats: ReadStats;
  records: CanonicalRecord[];
}

/** Every record of a file through detection and its reader, as the CLI would read it. */
export async function readAll(path: string, format?: string): Promise<ReadAll> {
  const stream = await openRecords(path, { columns: {}, strict: false, ...(format ? { format } : {}) });
  const records: CanonicalRecord[] = [];
  for await (const batch of stream.batches) records.push(...batch);
  return { header: stream.header, stats: stream.stats, records };
}

export const LOAD: LoadOptions = { columns: {}, strict: false, restCurrentA: 1e-7, keepPoints: false, cycleRule: 'auto', massG: null, cRateBasis: null };

export function load(path: string, extra: Partial<LoadOptions> = {}): Promise<Dataset> {
  return loadDataset(path, { ...LOAD, ...extra });
}

/** The per-cycle summary `cyclekit summary` prints, keyed by cycle number. */
export function summaryByCycle(ds: Dataset): Map<number, CycleSummary> {
  const rows = summariseCycles(ds.cycles.cycles, { massG: ds.massG, cRateBasis: null, ce: 'discharge-over-charge', capacityTolerance: 0.01, timeSeries: ds.header.perCycleTable !== true });
  return new Map(rows.map((r) => [r.cycle, r]));
}
