import type { FileMetadata, InstrumentCycles } from '../../model/record.js';
import { readCycleTable } from '../sheet/cycle-table.js';
import { makeSheetReader } from '../sheet/records.js';
import type { Cell } from '../sheet/cells.js';

const RECORD = /^Record-Tab(\d*)$/i;
const CYCLE_TAB = /^Cycle-Tab$/i;

/**
 * LAND / LANHE Excel export: Record-Tab (records, continued in Record-Tab2, Record-Tab3…
 * when Excel's row limit is reached), Cycle-Tab and Step-Tab. Units are in the headers
 * (TestTime/Sec, Current/mA, Capacity/mAh); Step-State is R / RateC / RateD. There is no
 * mass field, but SpeCap/mAh/g beside Capacity/mAh gives it as their ratio. The Cycle-Tab's
 * own capacities and Coulombic efficiency per cycle are kept (`instrumentCycles`), so the
 * summary can cross-check its own.
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
  metadata: (sheets) => cycleTabFigures([...sheets.values()][0] ?? [], [...sheets.keys()][0] ?? 'Cycle-Tab'),
  aliases: { state: ['Step-State'], step: ['Step-Index'], cycle: ['Cycle-Index'] },
  massFromSpecificCapacity: true,
});

/**
 * The Cycle-Tab's `CapC/mAh`, `CapD/mAh` and `Efficiency/%` per cycle (LAND's CapC/CapD or
 * CapD/CapC, as the cell was set up), and cycle 1's efficiency as a fraction in the metadata
 * (`instrumentFirstCycleCe`, which `inspect` shows): the instrument's own figures, which
 * cyclekit's CE is checked against.
 */
function cycleTabFigures(rows: Cell[][], sheet = 'Cycle-Tab'): { metadata: FileMetadata; warnings: string[]; instrumentCycles?: InstrumentCycles } {
  const metadata: FileMetadata = {};
  const table = readCycleTable(rows, `${sheet} sheet`, { cycle: /^cycle$/i, chargeMAh: /^capc\s*\/\s*mah$/i, dischargeMAh: /^capd\s*\/\s*mah$/i, cePercent: /^efficiency\s*\/\s*%$/i });
  const first = table?.cycles.find((c) => c.cycle === 1)?.coulombicEfficiency;
  if (first !== null && first !== undefined) metadata.instrumentFirstCycleCe = first;
  return { metadata, warnings: [], ...(table ? { instrumentCycles: table } : {}) };
}
