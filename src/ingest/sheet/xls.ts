import { readFile, stat } from 'node:fs/promises';
import type { WorkBook, WorkSheet } from '@e965/xlsx';
import { limit, limitError } from '../../util/limits.js';
import { lazy } from '../../util/lazy.js';

const sheetjs = lazy<typeof import('@e965/xlsx')>('@e965/xlsx');
import { CyclekitError } from '../../model/errors.js';
import type { Cell, Workbook } from './cells.js';

/**
 * Legacy Excel 97–2003 workbooks (.xls, BIFF8 in an OLE2 compound file) through SheetJS CE
 * (@e965/xlsx 0.20.3). BIFF has no streaming reader in any maintained JS library, so the
 * file and the parsed sheets are held in memory: about 100 MB of heap for the 600 KB,
 * 2 943-row Neware export; only the sheets a reader asks for are parsed.
 */
const ROW_BATCH = 4096;

export async function openXls(path: string, file: string, wanted: (names: string[]) => string[]): Promise<Workbook> {
  const size = (await stat(path)).size;
  if (size > limit('binaryFileBytes')) throw limitError('binaryFileBytes', `an .xls of ${size} bytes`, { file });
  const bytes = await readFile(path);
  let names: string[];
  let book: WorkBook;
  try {
    names = quietly(() => sheetjs().read(bytes, { type: 'buffer', bookSheets: true }).SheetNames);
    book = quietly(() => sheetjs().read(bytes, { type: 'buffer', dense: true, cellText: false, cellNF: false, cellHTML: false, cellFormula: false, cellDates: false, sheets: wanted(names) }));
  } catch (err) {
    throw new CyclekitError('E_CORRUPT', `cannot read the .xls workbook: ${err instanceof Error ? err.message : String(err)}`, { file });
  }
  return {
    container: 'xls',
    sheetNames: names,
    async *rows(sheet: string) {
      const ws = book.Sheets[sheet];
      if (!ws) throw new CyclekitError('E_FORMAT', `sheet '${sheet}' was not loaded from the workbook`, { file });
      boundRange(ws, sheet, file);
      const rows = sheetjs().utils.sheet_to_json<Cell[]>(ws, { header: 1, raw: true, defval: null, blankrows: true });
      for (let i = 0; i < rows.length; i += ROW_BATCH) yield rows.slice(i, i + ROW_BATCH);
    },
    async close() {},
  };
}

/**
 * SheetJS reports what it cannot parse with console.error ("Missing Info for XLS Record …"),
 * up to a line per record: stderr carries cyclekit's own lines only. The read is synchronous,
 * so nothing else can print while the console is muted.
 */
function quietly<T>(read: () => T): T {
  const saved = { error: console.error, warn: console.warn, log: console.log };
  console.error = console.warn = console.log = () => {};
  try {
    return read();
  } finally {
    Object.assign(console, saved);
  }
}

/**
 * A sheet's range comes from its DIMENSIONS record, which one damaged byte can turn into
 * billions of rows; SheetJS would then build a blank row for each. A claim past the limits is
 * refused; otherwise the range is cut to the rows and columns the sheet really holds.
 */
function boundRange(ws: WorkSheet, sheet: string, file: string): void {
  const ref = ws['!ref'];
  if (!ref) return;
  const range = sheetjs().utils.decode_range(ref);
  if (range.e.r + 1 > limit('sheetRows')) throw limitError('sheetRows', `sheet '${sheet}' declares ${range.e.r + 1} rows`, { file });
  if (range.e.c + 1 > limit('sheetColumns')) throw limitError('sheetColumns', `sheet '${sheet}' declares ${range.e.c + 1} columns`, { file });
  const data = (ws as { '!data'?: unknown[][] })['!data'];
  if (!Array.isArray(data)) return;
  let widest = 0;
  for (const row of data) if (Array.isArray(row) && row.length > widest) widest = row.length;
  range.e.r = Math.min(range.e.r, Math.max(range.s.r, data.length - 1));
  range.e.c = Math.min(range.e.c, Math.max(range.s.c, widest - 1));
  ws['!ref'] = sheetjs().utils.encode_range(range);
}
