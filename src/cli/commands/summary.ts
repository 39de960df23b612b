import { summariseDataset, type CeChoice, type SummaryResult } from '../../pipeline/summarise.js';
import type { CellType } from '../../ingest/sidecar.js';
import { CyclekitError } from '../../model/errors.js';
import { formatCRateBasis } from '../../model/units.js';
import { loadDataset, type Dataset, type LoadOptions } from '../../pipeline/load.js';
import { SUMMARY_CSV_KEYS, summaryCsvRows, summaryTable } from '../../report/summary.js';
import { csvNumber } from '../../report/numbers.js';
import { loadOptions, type InputFlags } from '../options.js';
import type { PerFileRunner } from '../per-file.js';

export interface SummaryFlags extends InputFlags {
  ce: string;
}

export type { SummaryResult } from '../../pipeline/summarise.js';

/**
 * Load, segment and summarise one file: shared by `summary`, `report` and `check`. With
 * `keepPoints`, `pointCycles` limits the kept points to the cycles an analysis will read.
 */
export async function summariseFile(file: string, flags: SummaryFlags, keepPoints = false, pointCycles?: LoadOptions['pointCycles']): Promise<SummaryResult> {
  const options: LoadOptions = { ...loadOptions(flags, keepPoints), ...(pointCycles ? { pointCycles } : {}) };
  return summariseDataset(await loadDataset(file, options), flags.ce as CeChoice);
}

export { ceModeFor, MAX_PLAUSIBLE_MAH_G, MIN_PLAUSIBLE_MAH_G } from '../../pipeline/summarise.js';

const CE_MODES = ['auto', 'discharge-over-charge', 'charge-over-discharge'];

/** `--ce` is read per file, so commands check it up front to fail once with a usage error. */
export function checkCeFlag(ce: string): void {
  if (!CE_MODES.includes(ce)) throw new CyclekitError('E_USAGE', `--ce: expected discharge-over-charge, charge-over-discharge or auto, got '${ce}'`);
}

export interface CellTypeJson {
  cellType: CellType;
  cellTypeSource: string;
}

/** The two keys every file result carries (CLI.md): the cell type and where it came from. */
export function cellTypeJson(d: Dataset): CellTypeJson {
  return { cellType: d.cellType.cellType, cellTypeSource: d.cellType.source };
}

/** How a file was read, as the JSON of `summary` and `check` open each file's result. */
export function datasetJson(d: Dataset): { format: string; massG: number | null; massSource: string | null; cellType: CellType; cellTypeSource: string; cRateBasis: string | null; cycleRule: string } {
  return {
    format: d.header.format,
    massG: d.massG,
    massSource: d.massSource,
    cellType: d.cellType.cellType,
    cellTypeSource: d.cellType.source,
    ...(d.seams ? { join: { parts: d.seams.map((x) => x.file), seams: d.seams } } : {}),
    cRateBasis: d.cRateBasis ? formatCRateBasis(d.cRateBasis) : null,
    cycleRule: d.cycles.description,
  };
}

export function summaryJson(r: SummaryResult): object {
  return {
    ...datasetJson(r.dataset),
    cycles: r.cycles,
    warnings: r.warnings,
  };
}

/** Columns after the per-cycle keys in `summary --csv` (added at the end: existing columns keep their places). */
export const SUMMARY_CSV_AUDIT_KEYS = ['format', 'massG', 'massSource', 'cellType'];

export const summaryRunner: PerFileRunner<SummaryFlags, SummaryResult> = {
  prepare: (flags: SummaryFlags) => {
    checkCeFlag(flags.ce);
    return (f) => summariseFile(f, flags);
  },
  emit: {
    json: summaryJson,
    table: (r, style) => {
      const d = r.dataset;
      const head = style.dim(`${d.header.format} · ${d.cycles.cycles.length} cycles · ${d.cycles.description}${d.massG !== null ? ` · mass ${(d.massG * 1000).toPrecision(4)} mg (${d.massSource})` : ''}`);
      return `${head}\n${summaryTable(r.cycles, style)}`;
    },
    csv: (r) => {
      // Where each row's numbers came from, so a table merged over a folder can be audited.
      const d = r.dataset;
      const audit = [d.header.format, d.massG === null ? null : csvNumber(d.massG), d.massSource, d.cellType.cellType];
      return { header: [...(SUMMARY_CSV_KEYS as string[]), ...SUMMARY_CSV_AUDIT_KEYS], rows: summaryCsvRows(r.cycles).map((row) => [...row, ...audit]) };
    },
    values: (r) => {
      const d = r.dataset;
      const audit = [d.header.format, d.massG, d.massSource, d.cellType.cellType];
      return { header: [...(SUMMARY_CSV_KEYS as string[]), ...SUMMARY_CSV_AUDIT_KEYS], rows: r.cycles.map((c) => [...SUMMARY_CSV_KEYS.map((k) => c[k] as string | number | null), ...audit]) };
    },
    warnings: (r) => r.warnings,
  },
};
