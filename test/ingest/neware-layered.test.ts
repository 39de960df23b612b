/**
 * Neware's layered CSV (cycle / step / record rows told apart by leading empty fields). No real
 * file with a licence exists, so fixtures/neware-layered.csv is synthetic (see PROVENANCE.md):
 * two cycles of rest 600 s, +1 mA for 3600 s (V 3→4 V), −0.9 mA for 3600 s (V 4→3 V).
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { load, readAll, summaryByCycle } from './read.js';

const FIXTURE = join(import.meta.dirname, 'fixtures', 'neware-layered.csv');

describe('Neware layered CSV', () => {
  it('reads record rows only, with cycle, step and step name from the enclosing rows', async () => {
    const r = await readAll(FIXTURE);
    expect(r.header.format).toBe('neware-layered-csv');
    expect(r.stats.rows).toBe(266); // 2 × (11 + 61 + 61) records; cycle and step rows are not records
    expect(r.stats.badRows).toBe(0);
    const first = r.records[0]!;
    expect(first).toMatchObject({ cycle: 1, step: 1, stepKind: 'rest', timeS: 0, voltageV: 3 });
    const firstCharge = r.records.find((x) => x.stepKind === 'charge')!;
    // Record time restarts per step; test time accumulates: the charge starts after the 600 s rest.
    expect(firstCharge).toMatchObject({ cycle: 1, step: 2, timeS: 600, currentA: 0.001 });
    const last = r.records[r.records.length - 1]!;
    expect(last).toMatchObject({ cycle: 2, step: 6, stepKind: 'discharge', timeS: 15600 });
    expect(last.currentA).toBeCloseTo(-0.0009, 12);
    expect(r.header.metadata.startTime).toBe('2024-01-01 00:00:00');
  });

  it('gives capacity = I·t and energy = I·t·(V0+V1)/2 per cycle', async () => {
    const ds = await load(FIXTURE);
    expect(ds.cycles.rule).toBe('file');
    const rows = summaryByCycle(ds);
    for (const cycle of [1, 2]) {
      const c = rows.get(cycle)!;
      expect(c.chargeCapacityMAh).toBeCloseTo(1.0, 6);
      expect(c.dischargeCapacityMAh).toBeCloseTo(0.9, 6);
      expect(c.coulombicEfficiency).toBeCloseTo(0.9, 6);
      expect(c.chargeEnergyMWh).toBeCloseTo(3.5, 5);
      expect(c.dischargeEnergyMWh).toBeCloseTo(3.15, 5);
    }
  });

  it("keeps the cycle rows' own Cap_Chg / Cap_DChg / efficiency as the cycler's per-cycle figures (1.0 / 0.9 mAh, 90 %)", async () => {
    const r = await readAll(FIXTURE);
    expect(r.header.instrumentCycles).toEqual({
      source: 'cycle rows (Cap_Chg(mAh), Cap_DChg(mAh), Charge/Discharge Efficiency(%))',
      ceConvention: null,
      cycles: [1, 2].map((cycle) => ({ cycle, chargeCapacityAh: expect.closeTo(1e-3, 12), dischargeCapacityAh: expect.closeTo(9e-4, 12), coulombicEfficiency: expect.closeTo(0.9, 12) })),
    });
  });
});
