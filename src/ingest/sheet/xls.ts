import { readFile } from 'node:fs/promises';
import type { WorkBook } from '@e965/xlsx';
import { lazy } from '../../util/lazy.js';

const sheetjs = lazy<typeof import('@e965/xlsx')>('@e965/xlsx');
import { CyclekitError } from '../../model/errors.js';
import type { Cell, Workbook } from './workbook.js';

/**
 * Legacy Excel 97–2003 workbooks (.xls, BIFF8 in an OLE2 compound file) through SheetJS CE
 * (@e965/xlsx 0.20.3). BIFF has no streaming reader in any maintained JS library, so the
 * file and the parsed sheets are held in memory: about 100 MB of heap for the 600 KB,
 * 2 943-row Neware export; only the sheets a reader asks for are parsed.
 */
const ROW_BATCH = 4096;

export async function openXls(path: string, file: string, wanted: (names: string[]) => string[]): Promise<Workbook> {
  const bytes = await readFile(path);
  let names: string[];
  let book: WorkBook;
  try {
    names = sheetjs().read(bytes, { type: 'buffer', bookSheets: true }).SheetNames;
    book = sheetjs().read(bytes, { type: 'buffer', dense: true, cellText: false, cellNF: false, cellHTML: false, cellFormula: false, cellDates: false, sheets: wanted(names) });
  } catch (err) {
    throw new CyclekitError('E_CORRUPT', `cannot read the .xls workbook: ${err instanceof Error ? err.message : String(err)}`, { file });
  }
  return {
    container: 'xls',
    sheetNames: names,
    async *rows(sheet: string) {
      const ws = book.Sheets[sheet];
      if (!ws) throw new CyclekitError('E_FORMAT', `sheet '${sheet}' was not loaded from the workbook`, { file });
      const rows = sheetjs().utils.sheet_to_json<Cell[]>(ws, { header: 1, raw: true, defval: null, blankrows: true });
      for (let i = 0; i < rows.length; i += ROW_BATCH) yield rows.slice(i, i + ROW_BATCH);
    },
    async close() {},
  };
}
