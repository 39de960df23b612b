import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeNda } from '../../../src/ingest/formats/neware-nda.js';
import { decodeNdaxFile } from '../../../src/ingest/formats/neware-ndax.js';
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
