import { retention, type RetentionResult } from '../../analysis/retention.js';
import { CyclekitError } from '../../model/errors.js';
import { RETENTION_CSV_HEADER, retentionCsvRows, retentionJson, retentionTable } from '../../report/retention.js';
import type { InputFlags } from '../options.js';
import type { PerFileRunner } from '../per-file.js';
import { cellTypeJson, summariseFile, type CellTypeJson } from './summary.js';

export interface RetentionFlags extends InputFlags {
  referenceCycle?: string;
  skipFormation: string;
  segments?: string;
  threshold: string;
  boundaryWindow: string;
}

/** "80%", "80", "0.8" → 0.8. Numbers above 1 are read as percent. */
export function parseFraction(text: string, what: string): number {
  const m = /^\s*(\d*\.?\d+)\s*(%?)\s*$/.exec(text);
  if (!m) throw new CyclekitError('E_USAGE', `${what}: expected a percentage such as 80% or a fraction such as 0.8, got '${text}'`);
  const v = Number(m[1]);
  const f = m[2] === '%' || v > 1 ? v / 100 : v;
  if (!(f > 0 && f < 1)) throw new CyclekitError('E_USAGE', `${what}: must lie strictly between 0 and 100 %, got '${text}'`);
  return f;
}

export function parseCount(text: string, what: string, min = 0): number {
  if (!/^\s*\d+\s*$/.test(text) || Number(text) < min) throw new CyclekitError('E_USAGE', `${what}: expected a whole number ≥ ${min}, got '${text}'`);
  return Number(text);
}

/**
 * `--segments 5000` → ends every 5000 cycles up to the last; `--segments 100,500,2000` → those ends.
 */
export function segmentEnds(spec: string | undefined, lastCycle: number): number[] {
  if (spec === undefined) return [];
  if (spec.includes(',')) return spec.split(',').map((s) => parseCount(s, '--segments', 1));
  const every = parseCount(spec, '--segments', 1);
  const ends: number[] = [];
  for (let e = every; e < lastCycle + every; e += every) ends.push(e);
  return ends;
}

export function retentionOptionsFrom(flags: RetentionFlags): Omit<Parameters<typeof retention>[1], 'segmentEnds'> {
  return {
    referenceCycle: flags.referenceCycle === undefined ? null : parseCount(flags.referenceCycle, '--reference-cycle'),
    skipFormation: parseCount(flags.skipFormation, '--skip-formation'),
    threshold: parseFraction(flags.threshold, '--threshold'),
    boundaryWindow: parseCount(flags.boundaryWindow, '--boundary-window', 1),
  };
}

export interface RetentionFileResult {
  result: RetentionResult;
  cellType: CellTypeJson;
  warnings: string[];
}

export async function retentionForFile(file: string, flags: RetentionFlags): Promise<RetentionFileResult> {
  const s = await summariseFile(file, { ...flags, ce: 'auto' });
  const last = s.cycles[s.cycles.length - 1]?.cycle ?? 0;
  const result = retention(s.cycles, { ...retentionOptionsFrom(flags), segmentEnds: segmentEnds(flags.segments, last) });
  return { result, cellType: cellTypeJson(s.dataset), warnings: s.warnings.filter((w) => !w.startsWith('no active mass')) };
}

export const retentionRunner: PerFileRunner<RetentionFlags, RetentionFileResult> = {
  prepare: (flags: RetentionFlags) => {
    retentionOptionsFrom(flags);
    segmentEnds(flags.segments, 0);
    return (f) => retentionForFile(f, flags);
  },
  emit: {
    json: (r) => ({ ...r.cellType, ...retentionJson(r.result) }),
    table: (r, style) => retentionTable(r.result, style),
    csv: (r) => ({ header: RETENTION_CSV_HEADER, rows: retentionCsvRows(r.result) }),
    warnings: (r) => r.warnings,
  },
};
