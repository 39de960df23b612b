import type { CyclekitError } from '../model/errors.js';
import type { Cell } from '../export/parquet.js';
import type { makeStyle } from './style.js';

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
  /** CSV header and rows for one file; a `file` column is prepended. */
  csv(result: R): TableRows<string | number | null>;
  /** The same table with unrounded values, for Parquet and .xlsx; absent → the CSV's cells. */
  values?(result: R): TableRows<Cell>;
  warnings?(result: R): string[];
  /** Records read for this result, for the progress line's rows/s. */
  rows?(result: R): number;
}

/** What one file produced: a result, or the error that stopped it. */
export type FileOutcome<R> = { file: string; result: R } | { file: string; error: CyclekitError };
