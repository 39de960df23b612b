import { retention, RETENTION_DEFAULTS, type RetentionOptions, type RetentionResult } from '../analysis/retention.js';
import type { CycleSummary } from '../analysis/summary.js';
import type { LoadOptions } from './load.js';
import { DEFAULT_CE, fileFacts, summariseFile, type FileFacts } from './summarise.js';

/** Where retention segments end: every N cycles, or at listed cycles. */
export type Segments = { every: number } | { ends: number[] };

/** Segment ends for a test whose last cycle is `lastCycle` (every N: N, 2N, … up to the first ≥ last). */
export function segmentEndsFor(segments: Segments | null, lastCycle: number): number[] {
  if (segments === null) return [];
  if ('ends' in segments) return segments.ends;
  const ends: number[] = [];
  for (let e = segments.every; e < lastCycle + segments.every; e += segments.every) ends.push(e);
  return ends;
}

/** Retention with the defaults every command shares: reference chosen, no segments, 80 %. */
export function defaultRetention(cycles: CycleSummary[], segmentEnds: number[] = []): RetentionResult {
  return retention(cycles, { ...RETENTION_DEFAULTS, segmentEnds });
}

export interface RetentionFileOptions extends Omit<RetentionOptions, 'segmentEnds'> {
  load: LoadOptions;
  segments: Segments | null;
}

export interface RetentionFileResult extends FileFacts {
  result: RetentionResult;
  warnings: string[];
}

export async function retentionFile(file: string, o: RetentionFileOptions): Promise<RetentionFileResult> {
  const s = await summariseFile(file, o.load, DEFAULT_CE);
  const last = s.cycles[s.cycles.length - 1]?.cycle ?? 0;
  const result = retention(s.cycles, { referenceCycle: o.referenceCycle, skipFormation: o.skipFormation, threshold: o.threshold, boundaryWindow: o.boundaryWindow, segmentEnds: segmentEndsFor(o.segments, last) });
  return { ...fileFacts(s.dataset), result, warnings: s.warnings.filter((w) => !w.startsWith('no active mass')) };
}
