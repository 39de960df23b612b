import type { CellType } from '../ingest/sidecar.js';
import { formatCRateBasis } from '../model/units.js';
import type { Dataset } from '../pipeline/load.js';

/** The two keys every file result carries (CLI.md): the cell type and where it came from. */
export type CellTypeJson = {
  cellType: CellType;
  cellTypeSource: string;
};

export function cellTypeJson(d: Dataset): CellTypeJson {
  return { cellType: d.cellType.cellType, cellTypeSource: d.cellType.source };
}

/** How a file was read, as the JSON of `summary` and `report` open each file's result. */
export type DatasetJson = CellTypeJson & {
  format: string;
  massG: number | null;
  massSource: string | null;
  join?: { parts: string[]; seams: NonNullable<Dataset['seams']>; detected: string[] | null };
  cRateBasis: string | null;
  cycleRule: string;
};

export function datasetJson(d: Dataset): DatasetJson {
  return {
    format: d.header.format,
    massG: d.massG,
    massSource: d.massSource,
    cellType: d.cellType.cellType,
    cellTypeSource: d.cellType.source,
    ...(d.seams ? { join: { parts: d.seams.map((x) => x.file), seams: d.seams, detected: d.joinDetected ?? null } } : {}),
    cRateBasis: d.cRateBasis ? formatCRateBasis(d.cRateBasis) : null,
    cycleRule: d.cycles.description,
  };
}
