import type { Cell } from './parquet.js';

/**
 * One worksheet as an .xlsx workbook, through SheetJS (@e965/xlsx, already the .xls reader;
 * loaded only when a workbook is written). Numbers are stored as numbers, so Excel and Origin
 * show them in the reader's own locale (decimal comma included) without re-import; absent
 * values are empty cells.
 */
export async function xlsxTable(sheetName: string, header: string[], rows: Cell[][]): Promise<Uint8Array> {
  const XLSX = await import('@e965/xlsx');
  const sheet = XLSX.utils.aoa_to_sheet([header, ...rows.map((r) => r.map((v) => (v === null || (typeof v === 'number' && !Number.isFinite(v)) ? null : v)))]);
  const book = XLSX.utils.book_new();
  // Sheet names: at most 31 characters, none of []:*?/\ (Excel's rule).
  XLSX.utils.book_append_sheet(book, sheet, sheetName.replace(/[[\]:*?/\\]/g, '_').slice(0, 31) || 'cyclekit');
  const out = XLSX.write(book, { type: 'buffer', bookType: 'xlsx', compression: true }) as Buffer;
  return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
}
