import { makeSheetReader } from '../sheet/records.js';

const RECORD = /^Record-Tab(\d*)$/i;

/**
 * LAND / LANHE Excel export: Record-Tab (records, continued in Record-Tab2, Record-Tab3…
 * when Excel's row limit is reached), Cycle-Tab and Step-Tab. Units are in the headers
 * (TestTime/Sec, Current/mA, Capacity/mAh); Step-State is R / RateC / RateD. There is no
 * mass field, but SpeCap/mAh/g beside Capacity/mAh gives it as their ratio.
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
  aliases: { state: ['Step-State'], step: ['Step-Index'], cycle: ['Cycle-Index'] },
  massFromSpecificCapacity: true,
});
