import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CycleSummary } from '../../src/analysis/summary.js';
import { summariseFile } from '../../src/pipeline/summarise.js';
import { loadOptions } from '../../src/cli/options.js';
import { cli, ROOT, tempDir } from '../helpers/cli.js';

const DIR = join(ROOT, 'fixtures', 'he-v');
const LOAD = loadOptions({ col: [], cycleRule: 'auto', restCurrent: '1e-7' });

async function cycles(name: string): Promise<CycleSummary[]> {
  return (await summariseFile(join(DIR, name), LOAD)).cycles;
}
const cycle = (cs: CycleSummary[], n: number): CycleSummary => cs.find((c) => c.cycle === n)!;
const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;

describe('fixtures/he-v, summarised with no flags (mass and 1C from the sidecars)', () => {
  it('HE-V 0.2C: 170 ± 1 mAh/g reversible; first discharge exceeds first charge', async () => {
    const cs = await cycles('he-v-0.2C.csv');
    expect(cs).toHaveLength(4);
    for (const c of cs.slice(1)) expect(c.dischargeSpecificCapacityMAhG!).toBeCloseTo(170, 0);
    expect(Math.abs(mean(cs.slice(1).map((c) => c.dischargeSpecificCapacityMAhG!)) - 170)).toBeLessThan(1);
    const first = cycle(cs, 1);
    expect(first.dischargeCapacityMAh!).toBeGreaterThan(first.chargeCapacityMAh!);
    expect(first.coulombicEfficiency!).toBeGreaterThan(1.4);
    expect(first.cRate!).toBeCloseTo(0.2, 3);
  });

  it('NVP 0.2C: 155.2 ± 1 mAh/g, below HE-V', async () => {
    const cs = await cycles('nvp-0.2C.csv');
    for (const c of cs.slice(1)) expect(Math.abs(c.dischargeSpecificCapacityMAhG! - 155.2)).toBeLessThan(1);
  });

  it('HC‖HE-V full cell 0.2C: 170.8 ± 1 mAh/g and 485.9 ± 5 Wh/kg on cathode mass', async () => {
    const cs = await cycles('hc-he-v-full-0.2C.csv');
    for (const c of cs) {
      expect(Math.abs(c.dischargeSpecificCapacityMAhG! - 170.8)).toBeLessThan(1);
      expect(Math.abs(c.dischargeSpecificEnergyWhKg! - 485.9)).toBeLessThan(5);
    }
  });

  it('rate test: 0.2 → 50C in groups of 2, capacity falling with rate and recovering at 0.2C', async () => {
    const cs = await cycles('he-v-rate.csv');
    expect(cs).toHaveLength(18);
    const byRate = cs.filter((c) => c.cycle > 1).map((c) => [Number(c.cRate!.toFixed(2)), c.dischargeSpecificCapacityMAhG!] as const);
    const groups = [0.2, 0.5, 1, 2, 5, 10, 20, 50].map((r) => mean(byRate.filter(([c]) => c === r).map(([, q]) => q)));
    for (let k = 1; k < groups.length; k++) expect(groups[k]!).toBeLessThan(groups[k - 1]!);
    expect(groups[7]!).toBeGreaterThan(100);
    expect(Math.abs(cycle(cs, 18).dischargeSpecificCapacityMAhG! - 170)).toBeLessThan(1);
  });

  it('reduced long test (200 cycles at 50C): the paper retention shape at half scale', async () => {
    const cs = await cycles('he-v-long-50C-200.csv');
    expect(cs).toHaveLength(200);
    const q1 = cycle(cs, 1).dischargeCapacityMAh!;
    expect(cycle(cs, 100).dischargeCapacityMAh! / q1).toBeCloseTo(0.952, 3);
    expect(cycle(cs, 200).dischargeCapacityMAh! / q1).toBeCloseTo(0.888, 3);
  });

  it('Neware and LAND layouts give the canonical per-cycle capacities within 0.1 %', async () => {
    const canonical = await cycles('he-v-0.2C.csv');
    for (const name of ['he-v-0.2C.neware.csv', 'he-v-0.2C.land.txt']) {
      const vendor = await cycles(name);
      expect(vendor.map((c) => c.cycle)).toEqual(canonical.map((c) => c.cycle));
      for (const [k, c] of canonical.entries()) {
        const v = vendor[k]!;
        expect(Math.abs(v.chargeCapacityMAh! / c.chargeCapacityMAh! - 1)).toBeLessThan(1e-3);
        expect(Math.abs(v.dischargeCapacityMAh! / c.dischargeCapacityMAh! - 1)).toBeLessThan(1e-3);
        expect(Math.abs(v.dischargeEnergyMWh! / c.dischargeEnergyMWh! - 1)).toBeLessThan(1e-3);
      }
    }
  });

  it('the committed files are what the generator writes today (seeded, byte for byte)', () => {
    const dir = tempDir('cyclekit-sim-');
    const out = join(dir, 'he-v-0.2C.csv');
    const r = cli(['simulate', '--material', 'he-v', '--protocol', 'cycling', '--c-rate', '0.2', '--cycles', '4', '--dt', '60', '--seed', '1', '-o', out]);
    expect(r.code).toBe(0);
    expect(readFileSync(out).equals(readFileSync(join(DIR, 'he-v-0.2C.csv')))).toBe(true);
  });
});
