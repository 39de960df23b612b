import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { utils, write } from '@e965/xlsx';
import { describe, expect, it } from 'vitest';
import { openRecords } from '../../../src/ingest/open.js';
import type { CanonicalRecord } from '../../../src/model/record.js';
import { tempDir } from '../../helpers/cli.js';

/** A LAND-like test of n records: 1 s apart, current alternating sign every 10 records. */
function landRows(from: number, to: number): (string | number)[][] {
  const rows: (string | number)[][] = [];
  for (let i = from; i < to; i++) {
    const charge = Math.floor(i / 10) % 2 === 0;
    rows.push([i + 1, i, charge ? 1 : -1, 3 + i / 1000, 1 + Math.floor(i / 20), 1 + Math.floor(i / 10), charge ? 'RateC' : 'RateD']);
  }
  return rows;
}

const LAND_HEADER = ['Record', 'TestTime/Sec', 'Current/mA', 'Voltage/V', 'Cycle-Index', 'Step-Index', 'Step-State'];

async function records(path: string): Promise<{ format: string; records: CanonicalRecord[]; warnings: string[] }> {
  const stream = await openRecords(path, { columns: {}, strict: false });
  const out: CanonicalRecord[] = [];
  for await (const batch of stream.batches) out.push(...batch);
  return { format: stream.header.format, records: out, warnings: stream.header.warnings };
}

describe('records split over several sheets by Excel’s row limit', () => {
  it('joins Record-Tab, Record-Tab2, Record-Tab3 in order, with or without a repeated header (xlsx)', async () => {
    const wb = utils.book_new();
    utils.book_append_sheet(wb, utils.aoa_to_sheet([['Cycle', 'CapC/mAh'], [1, 0]]), 'Cycle-Tab');
    // Sheets appended out of order: the number in the name decides.
    utils.book_append_sheet(wb, utils.aoa_to_sheet(landRows(100, 150)), 'Record-Tab3');
    utils.book_append_sheet(wb, utils.aoa_to_sheet([LAND_HEADER, ...landRows(0, 60)]), 'Record-Tab');
    utils.book_append_sheet(wb, utils.aoa_to_sheet([LAND_HEADER, ...landRows(60, 100)]), 'Record-Tab2');
    const path = join(tempDir(), 'split');
    writeFileSync(path, write(wb, { type: 'buffer', bookType: 'xlsx' }) as Buffer);
    const r = await records(path);
    expect(r.format).toBe('land-xlsx');
    expect(r.records).toHaveLength(150);
    expect(r.records.map((x) => x.timeS)).toEqual(Array.from({ length: 150 }, (_, i) => i));
    expect(r.records[15]!.currentA).toBe(-1e-3);
    expect(r.records[15]!.stepKind).toBe('discharge');
    expect(r.warnings.join('\n')).toMatch(/joined from 3 sheets in order: Record-Tab, Record-Tab2, Record-Tab3/);
  });

  it('joins Neware Detail sheets in workbook order (legacy .xls)', async () => {
    const header = ['Record Index', 'Status', 'Cycle', 'Step', 'Cur(mA)', 'Voltage(V)', 'CapaCity(mAh)', 'Energy(mWh)', 'Relative Time(h:min:s.ms)'];
    const row = (i: number): (string | number)[] => {
      const step = 1 + Math.floor(i / 5);
      const within = i % 5;
      return [i + 1, step % 2 ? 'CC_Chg' : 'CC_DChg', 1 + Math.floor((step - 1) / 2), step, step % 2 ? 0.5 : -0.5, 3.5, within * 0.1, within * 0.3, `0:00:${String(within * 10).padStart(2, '0')}.000`];
    };
    const wb = utils.book_new();
    utils.book_append_sheet(wb, utils.aoa_to_sheet([['Testing Information'], ['Cycle Mode:Charge First']]), 'Info');
    utils.book_append_sheet(wb, utils.aoa_to_sheet([['Channel', 'ToTal of Cycle']]), 'Cycle_1_1_1');
    utils.book_append_sheet(wb, utils.aoa_to_sheet([header, ...Array.from({ length: 20 }, (_, i) => row(i))]), 'Detail_1_1_1');
    utils.book_append_sheet(wb, utils.aoa_to_sheet([header, ...Array.from({ length: 20 }, (_, i) => row(20 + i))]), 'Detail_1_1_1_2');
    const path = join(tempDir(), 'neware');
    writeFileSync(path, write(wb, { type: 'buffer', bookType: 'biff8' }) as Buffer);
    const r = await records(path);
    expect(r.format).toBe('neware-xls');
    expect(r.records).toHaveLength(40);
    // Eight 40 s steps back to back.
    expect(r.records.map((x) => x.timeS)).toEqual(Array.from({ length: 40 }, (_, i) => Math.floor(i / 5) * 40 + (i % 5) * 10));
    expect(r.records[39]!.capacityAh).toBeCloseTo(0.4e-3, 12);
    expect(r.records[39]!.cycle).toBe(4);
  });
});
