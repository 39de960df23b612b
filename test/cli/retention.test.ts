import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, ROOT } from '../helpers/cli.js';
import { longFile } from '../helpers/long-file.js';

const HEV = join(ROOT, 'fixtures', 'he-v');

describe('cyclekit retention / rate / energy on the HE-V fixtures', () => {
  it('reduced long test (200 cycles, 1/50 scale): 95.2 / 93.3 / 88.8 %', () => {
    const r = cli(['retention', '--json', '-q', '--segments', '100', join(HEV, 'he-v-long-50C-200.csv')]);
    expect(r.code).toBe(0);
    const res = JSON.parse(r.stdout).results[0];
    expect(res.referenceCycle).toBe(1);
    expect(res.cycles).toHaveLength(200);
    expect(res.segments.map((s: { fromCycle: number; toCycle: number }) => [s.fromCycle, s.toCycle])).toEqual([[1, 100], [101, 200]]);
    expect(Math.abs(res.segments[0].retention - 0.952)).toBeLessThanOrEqual(0.003);
    expect(Math.abs(res.segments[1].retention - 0.933)).toBeLessThanOrEqual(0.003);
    expect(Math.abs(res.overall.retention - 0.888)).toBeLessThanOrEqual(0.003);
    expect(res.thresholdExtrapolated).toBe(true);
    expect(res.outliers).toEqual([]);
    expect(typeof res.fadePerCycle).toBe('number');
  });

  it('rate fixture: one group per C-rate, recovery at 0.2C', () => {
    const r = cli(['rate', '--json', '-q', join(HEV, 'he-v-rate.csv')]);
    expect(r.code).toBe(0);
    const res = JSON.parse(r.stdout).results[0];
    expect(res.groups.map((g: { cRate: number }) => g.cRate)).toEqual([0.2, 0.5, 1, 2, 5, 10, 20, 50, 0.2]);
    expect(res.groups.every((g: { cycles: number[] }) => g.cycles.length === 2)).toBe(true);
    const q = res.groups.map((g: { meanDischargeSpecificCapacityMAhG: number }) => g.meanDischargeSpecificCapacityMAhG);
    [170.0, 168.4, 166.5, 163.5, 157.5, 150.5, 140.3, 123.4, 170.0].forEach((v, i) => expect(Math.abs(q[i] - v)).toBeLessThan(0.5));
    expect(res.recovery.retention).toBeCloseTo(1, 2);
  });

  it('full cell: 485.9 ± 5 Wh/kg on cathode active mass, N/P from the anode capacity', () => {
    const r = cli(['energy', '--json', '-q', '--anode-capacity', '300', join(HEV, 'hc-he-v-full-0.2C.csv')]);
    expect(r.code).toBe(0);
    const res = JSON.parse(r.stdout).results[0];
    expect(res.basis).toBe('cathode');
    expect(res.massG).toBeCloseTo(0.002, 9);
    expect(Math.abs(res.cycles[0].dischargeEnergyDensityWhKg - 485.9)).toBeLessThanOrEqual(5);
    expect(res.cycles[0].meanDischargeVoltageV).toBeCloseTo(2.845, 2);
    expect(res.npRatio).toBeGreaterThan(1.5);
    expect(res.npRatio).toBeLessThan(2.2);
  });

  it('energy without a mass gives mWh and mean voltage, says why Wh kg⁻¹ is absent, exits 0; --basis active still needs it', () => {
    const r = cli(['energy', 'fixtures/demo/cc-demo.csv', '-q']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/no active mass \(pass --mass or add massMg to cell.yaml\): discharge energy in mWh and mean voltage only, no Wh kg⁻¹/);
    const res = JSON.parse(cli(['energy', '--json', '-q', 'fixtures/demo/cc-demo.csv']).stdout).results[0];
    expect(res.massG).toBeNull();
    // fixtures/demo/PROVENANCE.md: 0.6596 mAh at a mean 3.35 V.
    expect(res.cycles[0].dischargeEnergyMWh).toBeCloseTo(0.6596 * 3.35, 9);
    expect(res.cycles[0].meanDischargeVoltageV).toBeCloseTo(3.35, 9);
    expect(res.cycles[0].dischargeEnergyDensityWhKg).toBeNull();
    const active = cli(['energy', '--basis', 'active', 'fixtures/demo/cc-demo.csv', '-q']);
    expect(active.code).toBe(2);
    expect(active.stderr.trim()).toMatch(/^cyclekit: fixtures\/demo\/cc-demo.csv: --basis active needs the cathode active mass: pass --mass/);
  });

  it('bad flags exit 2 with one line', () => {
    for (const args of [['--threshold', '120%'], ['--segments', 'x'], ['--reference-cycle', '-1']]) {
      const r = cli(['retention', ...args, 'fixtures/demo/cc-demo.csv']);
      expect(r.code).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    }
    expect(cli(['energy', '--basis', 'pack', '--mass', '1mg', 'fixtures/demo/cc-demo.csv']).stderr).toMatch(/--basis: expected one of cathode, active, electrode/);
  });

  // The full 10,000-cycle file (~85 MB) is generated on demand, as PROVENANCE.md describes.
  it('10,000 cycles at 50C: 95.2 / 93.3 / 88.8 % ± 0.3, and compare passes', () => {
    const { file } = longFile();
    const r = cli(['retention', '--json', '-q', '--segments', '5000', file]);
    expect(r.code).toBe(0);
    const res = JSON.parse(r.stdout).results[0];
    expect(res.cycles).toHaveLength(10000);
    expect(Math.abs(res.segments[0].retention - 0.952)).toBeLessThanOrEqual(0.003);
    expect(Math.abs(res.segments[1].retention - 0.933)).toBeLessThanOrEqual(0.003);
    expect(res.segments[1].relativeToCycle).toBe(5000);
    expect(Math.abs(res.overall.retention - 0.888)).toBeLessThanOrEqual(0.003);
    const c = cli(['compare', '--json', '-q', '--fail-on-mismatch', file]);
    expect(c.code).toBe(0);
    const rows = JSON.parse(c.stdout).results[0].rows as { quantity: string; verdict: string }[];
    expect(rows.filter((x) => x.quantity.startsWith('retention')).map((x) => x.verdict)).toEqual(['pass', 'pass', 'pass']);
    // The same run folded in pieces on two threads prints the same bytes.
    const threaded = cli(['retention', '--json', '-q', '--segments', '5000', file], { env: { CYCLEKIT_THREADS: '2' } });
    expect(threaded.code).toBe(0);
    expect(threaded.stdout).toBe(r.stdout);
  }, 600_000);
});
