import type { FileMetadata } from '../../model/record.js';
import { makeSheetReader } from '../sheet/records.js';
import type { Cell } from '../sheet/cells.js';

const RECORD = /^Record-Tab(\d*)$/i;
const CYCLE_TAB = /^Cycle-Tab$/i;

/**
 * LAND / LANHE Excel export: Record-Tab (records, continued in Record-Tab2, Record-Tab3…
 * when Excel's row limit is reached), Cycle-Tab and Step-Tab. Units are in the headers
 * (TestTime/Sec, Current/mA, Capacity/mAh); Step-State is R / RateC / RateD. There is no
 * mass field, but SpeCap/mAh/g beside Capacity/mAh gives it as their ratio. The Cycle-Tab's
 * own Coulombic efficiency of cycle 1 is kept, so the summary can cross-check its own.
 */
export const landXlsx = makeSheetReader({
  id: 'land-xlsx',
  title: 'LAND/LANHE Excel export (Record-Tab / Cycle-Tab sheets)',
  recognise(names, container) {
    if (!names.some((n) => RECORD.test(n))) return null;
    return { confidence: 0.95, reason: `${container} workbook with LAND sheets ${names.slice(0, 6).join(', ')}` };
  },
  dataSheets: (names) =>
    names
      .filter((n) => RECORD.test(n))
      .sort((a, b) => Number(RECORD.exec(a)![1] || 1) - Number(RECORD.exec(b)![1] || 1)),
  metadataSheets: (names) => names.filter((n) => CYCLE_TAB.test(n)),
  metadata: (sheets) => cycleTabEfficiency([...sheets.values()][0] ?? []),
  aliases: { state: ['Step-State'], step: ['Step-Index'], cycle: ['Cycle-Index'] },
  massFromSpecificCapacity: true,
});

/**
 * Cycle 1's `Efficiency/%` from the Cycle-Tab (LAND's CapC/CapD or CapD/CapC, as the cell was
 * set up), as a fraction: the instrument's own figure, which cyclekit's CE is checked against.
 */
export function cycleTabEfficiency(rows: Cell[][]): { metadata: FileMetadata; warnings: string[] } {
  const metadata: FileMetadata = {};
  const text = (c: Cell | undefined): string => (c === null || c === undefined ? '' : String(c).trim());
  const headerAt = rows.findIndex((row) => row.some((c) => /^cycle$/i.test(text(c))) && row.some((c) => /^efficiency\s*\/\s*%$/i.test(text(c))));
  if (headerAt < 0) return { metadata, warnings: [] };
  const header = rows[headerAt]!.map(text);
  const cycleCol = header.findIndex((h) => /^cycle$/i.test(h));
  const effCol = header.findIndex((h) => /^efficiency\s*\/\s*%$/i.test(h));
  for (const row of rows.slice(headerAt + 1)) {
    if (Number(row[cycleCol]) !== 1) continue;
    const percent = Number(row[effCol]);
    if (Number.isFinite(percent) && percent > 0) metadata.instrumentFirstCycleCe = percent / 100;
    break;
  }
  return { metadata, warnings: [] };
}
