import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeNda } from '../../../src/ingest/formats/neware-nda.js';
import { decodeNdaxFile } from '../../../src/ingest/formats/neware-ndax.js';
import { NEWARE_COLUMNS, stepDirection, toRecords, type NewareTable } from '../../../src/ingest/binary/neware-table.js';
import { loadDataset, type LoadOptions } from '../../../src/pipeline/load.js';
import { REAL } from '../../helpers/cli.js';
import { compare, programmeRuleBreaks, readReference } from './neware-reference.js';

const DIR = join(REAL, 'neware');
const bytes = (f: string): Uint8Array => new Uint8Array(readFileSync(join(DIR, f)));

const CASES = [
  { file: 'new_nda_file.nda', reference: 'new_nda_file.reference.csv', decode: decodeNda },
  { file: '123456789012_Unit27_Example_Data_File.ndax', reference: '123456789012_Unit27_Example_Data_File.reference.csv', decode: decodeNdaxFile },
  { file: 'test_2.ndax', reference: 'test_2.reference.csv.gz', decode: decodeNdaxFile },
];

/** Records whose value is not the table's column times the declared scale (x / 1000 and x × 0.001 may differ in the last bit). */
function declaredScaleMismatches(table: NewareTable): string[] {
  const scale = (field: string): number => NEWARE_COLUMNS.find((c) => c.field === field)!.scale;
  const off = (got: number | null, want: number): boolean => got === null || Math.abs(got - want) > 1e-12 * Math.abs(want);
  const wrong: string[] = [];
  toRecords(table).forEach((r, i) => {
    if (off(r.voltageV, table.voltageV[i]! * scale('voltageV'))) wrong.push(`row ${i + 1} voltage`);
    if (off(r.currentA, table.currentMA[i]! * scale('currentA'))) wrong.push(`row ${i + 1} current`);
    const d = stepDirection(table.status[i]!);
    if (d === null) return; // undirected steps are integrated, not read from the counters
    if (off(r.capacityAh, (d === 'Chg' ? table.chargeMAh : table.dischargeMAh)[i]! * scale('capacityAh'))) wrong.push(`row ${i + 1} capacity`);
    if (off(r.energyWh, (d === 'Chg' ? table.chargeMWh : table.dischargeMWh)[i]! * scale('energyWh'))) wrong.push(`row ${i + 1} energy`);
  });
  return wrong;
}

describe('Neware .nda/.ndax match NewareNDA reference output row for row (rtol 1e-6)', () => {
  for (const c of CASES) {
    it(c.file, () => {
      const { table } = c.decode(bytes(c.file), c.file);
      const ref = readReference(join(DIR, 'expected', c.reference));
      expect(table.index.length).toBe(ref.rows.length);
      const { mismatches, compared, skipped } = compare(table, ref);
      // Every column but the wall-clock Timestamp (local time of the converting machine) is compared.
      expect(skipped).toEqual(['Timestamp']);
      expect(compared).toEqual(expect.arrayContaining(['Cycle', 'Step', 'Step_Index', 'Status', 'Time', 'Voltage', 'Current(mA)', 'Charge_Capacity(mAh)', 'Discharge_Capacity(mAh)', 'Charge_Energy(mWh)', 'Discharge_Energy(mWh)']));
      expect(mismatches.slice(0, 5)).toEqual([]);
      // The cycles the readers report are the file's own index, which follows the programme's loops.
      expect(programmeRuleBreaks(table).slice(0, 5)).toEqual([]);
      // The scales the readers declare (inspect) are the ones that convert the columns just
      // matched against NewareNDA into records.
      expect(declaredScaleMismatches(table).slice(0, 5)).toEqual([]);
    });
  }

  it('test_2.ndax: the cycler\'s 44 cycles; capacities add up to the derived table\'s; mass from Step.xml', async () => {
    const options: LoadOptions = { columns: {}, strict: false, restCurrentA: 1e-7, keepPoints: false, cycleRule: 'auto', massG: null, cRateBasis: null };
    const ds = await loadDataset(join(DIR, 'test_2.ndax'), options);
    expect(ds.header.format).toBe('neware-ndax');
    // The file's own cycle index (BTSDA's numbering): 44 programme loops. The DERIVED table
    // (MANIFEST) splits the same records into 54 "charge first" cycles, so only its totals compare.
    expect(ds.cycles.rule).toBe('file');
    expect(ds.cycles.cycles.map((c) => c.number)).toEqual(Array.from({ length: 44 }, (_, k) => k + 1));
    expect(ds.massG).toBeCloseTo(0.00304, 8);
    const total = (kind: 'charge' | 'discharge'): number =>
      ds.cycles.cycles.flatMap((c) => c.steps).filter((s) => s.kind === kind).reduce((a, s) => a + (s.fileCapacityAh ?? 0), 0) * 1000;
    // Sums of expected/test_2.derived_cycles.csv: 2.294494052 / 2.045927403 mAh.
    expect(total('charge')).toBeCloseTo(2.294494052, 6);
    expect(total('discharge')).toBeCloseTo(2.045927403, 6);
  });
});
