import type { CyclekitError } from '../model/errors.js';
import type { Cell } from '../export/parquet.js';
import type { makeStyle } from './style.js';
import type { FileFacts } from '../pipeline/summarise.js';
import type { CellTypeJson } from './dataset.js';

/** The style a table is drawn in: colours (or none) and the width to fit. */
export type Style = ReturnType<typeof makeStyle>;

/** A table of one file: header and rows (a `file` column is prepended when files are joined). */
export interface TableRows<C> {
  header: string[];
  rows: C[][];
}

/**
 * How a per-file command shows one file's result, in every output kind: `J` is the typed shape
 * of the file's object inside the JSON envelope's `results[]` (without `file`, which is added).
 */
export interface Emitters<R, J extends object> {
  json(result: R): J;
  table(result: R, style: Style): string;
  /** CSV header and rows for one file (rows may be made as they are iterated); a `file` column is prepended. */
  csv(result: R): { header: string[]; rows: Iterable<(string | number | null)[]> };
  /** The same table with unrounded values, for Parquet and .xlsx; absent → the CSV's cells. */
  values?(result: R): TableRows<Cell>;
  warnings?(result: R): string[];
  /** Records read for this result, for the progress line's rows/s. */
  rows?(result: R): number;
}

/** What one file produced: a result, or the error that stopped it. */
export type FileOutcome<R> = { file: string; result: R } | { file: string; error: CyclekitError };

/** A compact per-file result (retention, rate, energy): how the file was read, one analysis and its warnings. */
export interface CompactFileResult<T> extends FileFacts {
  result: T;
  warnings: string[];
}

/**
 * The emitters of a compact result: JSON opens with the cell type and its source (every file
 * result carries them, CLI.md), then the analysis' own keys; table and CSV show the analysis.
 */
export function compactEmitters<T, J extends object>(of: {
  json(result: T): J;
  table(result: T, style: Style): string;
  csvHeader: string[];
  csvRows(result: T): (string | number | null)[][];
}): Emitters<CompactFileResult<T>, CellTypeJson & J> {
  return {
    json: (r) => ({ cellType: r.cellType, cellTypeSource: r.cellTypeSource, ...of.json(r.result) }),
    table: (r, style) => of.table(r.result, style),
    csv: (r) => ({ header: of.csvHeader, rows: of.csvRows(r.result) }),
    warnings: (r) => r.warnings,
    rows: (r) => r.rows,
  };
}
