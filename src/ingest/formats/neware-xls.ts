import type { FileMetadata } from '../../model/record.js';
import { massInFileText } from '../../model/units.js';
import { readCycleTable } from '../sheet/cycle-table.js';
import { makeSheetReader } from '../sheet/records.js';
import type { Cell } from '../sheet/cells.js';

const DETAIL = /^Detail_/i;
/** BTS 8 exports name the record sheet `record` (continued as record_1, record_2… past Excel's row limit). */
const RECORD = /^record(?:[_ -]?(\d+))?$/i;
const SUMMARY = /^(Statis|Cycle)_/i;
const CYCLE_SHEET = /^Cycle_/i;
const INFO = /^Info$/i;

/**
 * Neware BTS Excel export (.xls from BTS 7, or .xlsx): Info, Cycle_*, Statis_* and Detail_*
 * sheets. Records come from Detail_* (joined in order when Excel's row limit split them).
 * Quirks: current is "Cur(mA)"; capacity and energy restart every step; "Relative Time" is
 * the step's own clock, so test time is rebuilt as the sum of step times; the cell's active
 * mass, when given, sits in the Info sheet's Remark ("1.04 mg active"). The Cycle_* sheet's own
 * charge and discharge capacity per cycle are kept (`instrumentCycles`) for the cross-check.
 */
export const newareXls = makeSheetReader({
  id: 'neware-xls',
  title: 'Neware BTS Excel export (Info / Cycle / Statis / Detail sheets)',
  recognise(names, container) {
    const detail = names.filter((n) => DETAIL.test(n));
    if (detail.length > 0 && names.some((n) => SUMMARY.test(n) || INFO.test(n))) {
      return { confidence: 0.95, reason: `${container} workbook with Neware sheets ${names.slice(0, 6).join(', ')}` };
    }
    // A lone `record` sheet is weaker evidence: the header check in `open` still decides.
    if (names.some((n) => RECORD.test(n))) return { confidence: 0.8, reason: `${container} workbook with a Neware BTS 8 'record' sheet (sheets: ${names.slice(0, 6).join(', ')})` };
    return null;
  },
  dataSheets: (names) => {
    const detail = names.filter((n) => DETAIL.test(n));
    if (detail.length > 0) return detail;
    return names.filter((n) => RECORD.test(n)).sort((a, b) => Number(RECORD.exec(a)![1] ?? 0) - Number(RECORD.exec(b)![1] ?? 0));
  },
  metadataSheets: (names) => [...names.filter((n) => INFO.test(n)), ...names.filter((n) => CYCLE_SHEET.test(n)).slice(0, 1)],
  metadata: (sheets) => {
    const info = [...sheets].find(([name]) => INFO.test(name));
    const cycle = [...sheets].find(([name]) => CYCLE_SHEET.test(name));
    const out = infoMetadata(info?.[1] ?? []);
    const table = cycle ? readCycleTable(cycle[1], `${cycle[0]} sheet`, { cycle: /^(total of cycle|cycle id|cycle index|cycle)$/i, chargeMAh: /^(capacity of charge|chg\.? cap\.?)\s*\(mah\)$/i, dischargeMAh: /^(capacity of discharge|dchg\.? cap\.?)\s*\(mah\)$/i, cePercent: /^(chg-dchg eff|efficiency)\s*\(%\)$/i }) : null;
    return table ? { ...out, instrumentCycles: table } : out;
  },
  aliases: { current: ['Cur'], capacity: ['CapaCity'], state: ['Status'] },
  capacityCounter: 'step',
  stepTimeNames: ['Relative Time', 'Step Time'],
});

const MASS_REMARK = /(\d+(?:\.\d+)?(?:e[-+]?\d+)?)\s*(mg|g)\b[^\d]*active|active[^\d]*(\d+(?:\.\d+)?)\s*(mg|g)\b/i;

/** The Info sheet: free lines ("Cycle Mode:Charge First") and one header row with its values below. */
export function infoMetadata(rows: Cell[][]): { metadata: FileMetadata; warnings: string[] } {
  const metadata: FileMetadata = {};
  const warnings: string[] = [];
  const text = (c: Cell | undefined): string => (c === null || c === undefined ? '' : String(c).trim());
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r]!;
    const first = text(row[0]);
    const mode = /^Cycle Mode\s*:\s*(.+)$/i.exec(first);
    if (mode) metadata.cycleMode = mode[1]!.trim();
    const headers = row.map(text);
    if (!headers.some((h) => /^start time$/i.test(h))) continue;
    const values = rows[r + 1] ?? [];
    const get = (re: RegExp): string => text(values[headers.findIndex((h) => re.test(h))]);
    const [equipment, unit, channel] = [get(/^equipment$/i), get(/^unit$/i), get(/^channel$/i)];
    if (channel) metadata.channel = [equipment, unit, channel].filter(Boolean).join('-');
    const start = get(/^start time$/i);
    if (start) metadata.startTime = start;
    const cell = get(/^battery/i);
    if (cell) metadata.cellName = cell;
    const remark = get(/^remark$/i);
    if (remark) {
      metadata.remark = remark;
      const m = MASS_REMARK.exec(remark);
      if (m) {
        const grams = massInFileText(`${m[1] ?? m[3]}${m[2] ?? m[4]}`, 'mg');
        if (grams !== null) {
          metadata.activeMassG = grams;
          metadata.activeMassSource = `Info sheet remark '${remark}'`;
        }
      }
    }
  }
  return { metadata, warnings };
}
