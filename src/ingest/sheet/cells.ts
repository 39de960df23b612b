/**
 * What a workbook is to the sheet readers, whichever container holds it: the .xls and .xlsx
 * decoders produce it, workbook.ts picks the decoder, records.ts turns rows into records.
 */

/** A cell as a workbook stores it: numbers stay numbers (Excel serial days for dates). */
export type Cell = number | string | boolean | null;

export type Container = 'xlsx' | 'xls';

export interface Workbook {
  container: Container;
  /** Sheet names in workbook order. */
  sheetNames: string[];
  /** A sheet's rows from its first, in batches. */
  rows(sheet: string): AsyncGenerator<Cell[][]>;
  close(): Promise<void>;
}
