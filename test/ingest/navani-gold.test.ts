/**
 * Files whose cycle column is constant or missing: cycles must come from the current sign, and
 * then agree with what another tool's test suite asserts about the same file (MANIFEST GOLD:
 * navani tests/test_echem.py, cycle_summary column means, navani's mA/mAh and its
 * anode convention CE = charge ÷ discharge). navani splits cycles from the current sign too, so
 * its per-cycle means are a check on cyclekit's derived cycle boundaries, through the real CLI.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, REAL } from '../helpers/cli.js';

interface Cycle { cycle: number; chargeCapacityMAh: number | null; dischargeCapacityMAh: number | null; coulombicEfficiency: number | null; meanDischargeVoltageV: number | null }
interface Result { format: string; cycleRule: string; cycles: Cycle[] }

function summary(rel: string, ...args: string[]): Result {
  const r = cli(['summary', '--json', '-q', ...args, join(REAL, rel)]);
  expect(r.code, r.stderr).toBe(0);
  return (JSON.parse(r.stdout) as { results: Result[] }).results[0]!;
}

/** pandas' mean: NaN (null) skipped. */
function mean(values: (number | null)[]): number {
  const xs = values.filter((x): x is number => x !== null);
  return xs.reduce((a, b) => a + b, 0) / xs.length;
}

describe('navani GOLD: cycles derived from the current sign', () => {
  it('Arbin .xlsx (Cycle_Index 1 on every row): test_echem.py:64-83 cycle_summary means', () => {
    const res = summary('arbin/bs542_004_gr_li_50ua_50mv_1v_191020_Channel_11.xlsx', '--ce', 'charge-over-discharge');
    expect(res.format).toBe('arbin-xlsx');
    expect(res.cycleRule).toMatch(/^discharge-first: .*constant \(1\)/); // graphite vs Li: lithiation (discharge) first
    expect(res.cycles).toHaveLength(2);
    // navani prints these in Ah for this file (0.005527, 0.002851) — 6 decimals, so ± 0.5e-6 Ah.
    expect(Math.abs(mean(res.cycles.map((c) => c.dischargeCapacityMAh)) / 1000 - 0.005527)).toBeLessThanOrEqual(0.5e-6);
    expect(Math.abs(mean(res.cycles.map((c) => c.chargeCapacityMAh)) / 1000 - 0.002851)).toBeLessThanOrEqual(0.5e-6);
    expect(Math.abs(mean(res.cycles.map((c) => c.coulombicEfficiency)) - 0.49182)).toBeLessThanOrEqual(2e-6);
    // navani's average discharge voltage is its own time-weighted mean; energy ÷ capacity agrees within 0.01 %.
    expect(Math.abs(mean(res.cycles.map((c) => c.meanDischargeVoltageV)) - 0.137812)).toBeLessThanOrEqual(2e-5);
  });

  it('BioLogic .mpr without a cycle column (jdb11-1 C/24): test_echem.py:139-158 capacity means', () => {
    const res = summary('biologic/jdb11-1_c3_gcpl_5cycles_2V-3p8V_C-24_data_C09.mpr');
    expect(res.format).toBe('biologic-mpr');
    // A short opening discharge (cycle 0, issue 16), then 6 charges and 6 discharges: the same
    // half cycles navani averages over its 7 discharge-first cycles.
    expect(res.cycleRule).toMatch(/^charge-first: .*no cycle column.*cycle 0/);
    expect(res.cycles).toHaveLength(7);
    expect(res.cycles[0]!.cycle).toBe(0);
    expect(res.cycles[0]!.chargeCapacityMAh).toBeNull();
    expect(Math.abs(mean(res.cycles.map((c) => c.dischargeCapacityMAh)) - 0.7778788)).toBeLessThanOrEqual(1e-6);
    expect(Math.abs(mean(res.cycles.map((c) => c.chargeCapacityMAh)) - 0.9535533)).toBeLessThanOrEqual(1e-6);
  });
});
