import { copyFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { summariseCycles, type CycleSummary } from '../../../src/analysis/summary.js';
import { openRecords } from '../../../src/ingest/open.js';
import type { CanonicalRecord, StreamHeader } from '../../../src/model/record.js';
import { loadDataset, type Dataset } from '../../../src/pipeline/load.js';
import { REAL, tempDir } from '../../helpers/cli.js';

const NEWARE = join(REAL, 'neware', 'custom_data_003.xls');
const LAND = join(REAL, 'lanhe', 'custom_data_002.xlsx');
const ARBIN = join(REAL, 'arbin', 'bs542_004_gr_li_50ua_50mv_1v_191020_Channel_11.xlsx');

/** A copy without its extension: detection must work from the content alone. */
function anonymous(path: string): string {
  const copy = join(tempDir(), 'export');
  copyFileSync(path, copy);
  return copy;
}

async function readAll(path: string): Promise<{ header: StreamHeader; records: CanonicalRecord[] }> {
  const stream = await openRecords(path, { columns: {}, strict: false });
  const records: CanonicalRecord[] = [];
  for await (const batch of stream.batches) records.push(...batch);
  return { header: stream.header, records };
}

async function summarise(path: string): Promise<{ dataset: Dataset; cycles: CycleSummary[] }> {
  const dataset = await loadDataset(path, { columns: {}, strict: false, restCurrentA: 1e-7, keepPoints: false, cycleRule: 'auto', massG: null, cRateBasis: null });
  const cycles = summariseCycles(dataset.cycles.cycles, { massG: dataset.massG, cRateBasis: null, ce: 'discharge-over-charge', capacityTolerance: 0.01 });
  return { dataset, cycles };
}

function csvRows(path: string): string[][] {
  return readFileSync(path, 'utf8').trim().split(/\r?\n/).slice(1).map((l) => l.split(','));
}

/** Within 0.1 %; the instrument writes 0 where cyclekit reports an absent half cycle as null. */
function expectClose(measured: number | null, instrument: number, what: string): void {
  if (instrument === 0) {
    expect(measured ?? 0, what).toBe(0);
    return;
  }
  expect(measured, what).not.toBeNull();
  expect(Math.abs(measured! - instrument) / instrument, `${what}: ${measured} vs ${instrument}`).toBeLessThan(1e-3);
}

describe('Neware .xls export (custom_data_003.xls)', () => {
  it('is detected from its content and matches every cycle of the instrument Cycle sheet', async () => {
    const { dataset, cycles } = await summarise(anonymous(NEWARE));
    expect(dataset.header.format).toBe('neware-xls');
    expect(dataset.stats.rows).toBe(2943);
    expect(dataset.cycles.rule).toBe('file');
    const expected = csvRows(join(REAL, 'neware', 'expected', 'custom_data_003.xls.Cycle_14_1_3_sheet.csv'));
    expect(cycles).toHaveLength(14);
    expect(expected).toHaveLength(14);
    for (const [, n, charge, discharge] of expected) {
      const c = cycles.find((x) => x.cycle === Number(n))!;
      expectClose(c.chargeCapacityMAh, Number(charge), `cycle ${n} charge`);
      expectClose(c.dischargeCapacityMAh, Number(discharge), `cycle ${n} discharge`);
    }
    // MANIFEST INSTRUMENT values, quoted.
    expect(cycles[0]!.chargeCapacityMAh).toBeNull();
    expect(cycles[0]!.dischargeCapacityMAh).toBeCloseTo(3.524146, 5);
    expect(cycles[1]!.chargeCapacityMAh).toBeCloseTo(3.119684, 5);
    expect(cycles[13]!.dischargeCapacityMAh).toBeCloseTo(1.210669, 5);
  });

  it('reads the Info sheet: cycle mode, channel, start time and the mass in the remark', async () => {
    const { header, records } = await readAll(NEWARE);
    expect(header.metadata.cycleMode).toBe('Charge First');
    expect(header.metadata.channel).toBe('14-1-3');
    expect(header.metadata.startTime).toBe('2021-05-20 23:36:04');
    expect(header.metadata.cellName).toBe('M221075');
    expect(header.metadata.activeMassG).toBeCloseTo(1.04497215e-3, 12);
    expect(header.capacityCounter).toBe('step');
    // Step times add up: the first discharge starts after the 55 min rest.
    const firstDischarge = records.find((r) => r.currentA < 0)!;
    expect(firstDischarge.timeS).toBe(3300);
    expect(firstDischarge.currentA).toBeCloseTo(-0.163e-3, 9);
    for (let i = 1; i < records.length; i++) expect(records[i]!.timeS).toBeGreaterThanOrEqual(records[i - 1]!.timeS);
  });
});

describe('LAND .xlsx export (custom_data_002.xlsx)', () => {
  it('matches every cycle of the instrument Cycle-Tab within 0.1 %', async () => {
    const { dataset, cycles } = await summarise(anonymous(LAND));
    expect(dataset.header.format).toBe('land-xlsx');
    expect(dataset.stats.rows).toBe(16538);
    const expected = csvRows(join(REAL, 'lanhe', 'expected', 'custom_data_002.xlsx.Cycle-Tab.csv'));
    expect(cycles).toHaveLength(14);
    for (const row of expected) {
      const c = cycles.find((x) => x.cycle === Number(row[0]))!;
      expectClose(c.chargeCapacityMAh, Number(row[1]), `cycle ${row[0]} CapC`);
      expectClose(c.dischargeCapacityMAh, Number(row[2]), `cycle ${row[0]} CapD`);
      expectClose(c.chargeSpecificCapacityMAhG, Number(row[3]), `cycle ${row[0]} SpeCapC`);
      expectClose(c.dischargeSpecificCapacityMAhG, Number(row[4]), `cycle ${row[0]} SpeCapD`);
    }
    expect(cycles[0]!.chargeCapacityMAh).toBeCloseTo(2.74823, 5);
    expect(cycles[13]!.dischargeCapacityMAh).toBeCloseTo(0.96632, 5);
  });

  it('infers the active mass from SpeCap and says so', async () => {
    const { dataset } = await summarise(LAND);
    expect(dataset.massSource).toBe("file ('Capacity/mAh' ÷ 'SpeCap/mAh/g')");
    expect(dataset.massG! * 1000).toBeCloseTo(0.81, 3);
    expect(dataset.warnings.join('\n')).toMatch(/inferred from 'Capacity\/mAh' ÷ 'SpeCap\/mAh\/g'/);
  });
});

describe('Arbin .xlsx export (navani bs542 …Channel_11.xlsx)', () => {
  it('reads 4526 rows and derives cycles from the current because Cycle_Index is always 1', async () => {
    const { dataset } = await summarise(anonymous(ARBIN));
    expect(dataset.header.format).toBe('arbin-xlsx');
    expect(dataset.stats.rows).toBe(4526);
    expect(dataset.cycles.rule).not.toBe('file');
    expect(dataset.cycles.description).toMatch(/constant \(1\)/);
    expect(dataset.header.metadata.channel).toBe('11');
    expect(dataset.header.metadata.startTime).toMatch(/^2020-10-19 /);
  });
});
