/**
 * What users see from `cyclekit summary`, pinned: the table, the JSON document and the CSV for the
 * bundled demo (colour off, through the real bin/cyclekit.js). Update on purpose with `vitest -u`.
 *
 * fixtures/demo/PROVENANCE.md: three constant-current cycles at 0.34 mA, 2 h charge 2.5→4.2 V
 * linear, discharge for 97 % of that time. So, exactly: Q_chg = 0.34 mA × 2 h = 0.68 mAh,
 * Q_dis = 0.97 × 0.68 = 0.6596 mAh, CE = 0.97, E_chg = 0.68 mAh × (2.5 + 4.2)/2 V = 2.278 mWh,
 * mean voltages 3.35 V; with 3.4 mg: 200 / 194 mAh/g; 1C = 100 mA/g × 3.4 mg = 0.34 mA → 1C.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, REAL } from '../helpers/cli.js';

const DEMO = join('fixtures', 'demo', 'cc-demo.csv');
const ARGS = ['summary', DEMO, '--mass', '3.4mg', '--c-rate-basis', '100mA/g'];

interface Cycle { [key: string]: number | string | null }

describe('cyclekit summary golden output (fixtures/demo/cc-demo.csv)', () => {
  it('table', async () => {
    const r = cli(ARGS);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).not.toContain('\u001b[');
    await expect(r.stdout).toMatchFileSnapshot('./__snapshots__/summary-cc-demo.txt');
  });

  it('JSON: the analytic values, then the whole document pinned', async () => {
    const r = cli([...ARGS, '--json']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as { cyclekit: string; command: string; results: { file: string; massG: number; cycles: Cycle[] }[] };
    expect(doc.command).toBe('summary');
    expect(doc.results).toHaveLength(1);
    const res = doc.results[0]!;
    expect(res.file).toBe(DEMO);
    expect(res.massG).toBeCloseTo(0.0034, 12);
    expect(res.cycles.map((c) => c.cycle)).toEqual([1, 2, 3]);
    for (const c of res.cycles) {
      expect(c.chargeCapacityMAh as number).toBeCloseTo(0.68, 9);
      expect(c.dischargeCapacityMAh as number).toBeCloseTo(0.6596, 9);
      expect(c.coulombicEfficiency as number).toBeCloseTo(0.97, 9);
      expect(c.chargeEnergyMWh as number).toBeCloseTo(2.278, 9);
      expect(c.meanChargeVoltageV as number).toBeCloseTo(3.35, 9);
      expect(c.meanDischargeVoltageV as number).toBeCloseTo(3.35, 9);
      expect(c.chargeSpecificCapacityMAhG as number).toBeCloseTo(200, 6);
      expect(c.dischargeSpecificCapacityMAhG as number).toBeCloseTo(194, 6);
      expect(c.cRate as number).toBeCloseTo(1, 9);
      expect(c.capacitySource).toBe('integrated');
    }
    await expect(r.stdout).toMatchFileSnapshot('./__snapshots__/summary-cc-demo.json');
  });

  it('CSV: a header row with a file column first, one row per cycle, pinned', async () => {
    const r = cli([...ARGS, '--csv']);
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(4);
    const header = lines[0]!.split(',');
    expect(header.slice(0, 4)).toEqual(['file', 'cycle', 'chargeCapacityMAh', 'dischargeCapacityMAh']);
    const row = Object.fromEntries(header.map((h, i) => [h, lines[1]!.split(',')[i]]));
    expect(row.file).toBe(DEMO);
    expect(Number(row.dischargeCapacityMAh)).toBeCloseTo(0.6596, 9);
    expect(Number(row.coulombicEfficiency)).toBeCloseTo(0.97, 9);
    await expect(r.stdout).toMatchFileSnapshot('./__snapshots__/summary-cc-demo.csv');
  });

  it('without a mass: specific values are "–" in the table, null in JSON, empty in CSV — never 0', () => {
    const table = cli(['summary', DEMO]);
    expect(table.code).toBe(0);
    expect(table.stdout).not.toMatch(/mAh g⁻¹/);
    expect(table.stderr).toMatch(/warning: no active mass/);
    const json = JSON.parse(cli(['summary', '--json', '-q', DEMO]).stdout) as { results: { massG: null; cycles: Cycle[] }[] };
    expect(json.results[0]!.massG).toBeNull();
    for (const c of json.results[0]!.cycles) {
      expect(c.dischargeSpecificCapacityMAhG).toBeNull();
      expect(c.dischargeSpecificEnergyWhKg).toBeNull();
      expect(c.cRate).toBeNull();
    }
    const csv = cli(['summary', '--csv', '-q', DEMO]).stdout.trimEnd().split('\n');
    const k = csv[0]!.split(',').indexOf('dischargeSpecificCapacityMAhG');
    expect(csv.slice(1).map((l) => l.split(',')[k])).toEqual(['', '', '']);
  });
});

describe('cyclekit summary on a real export, through the process (MANIFEST INSTRUMENT values)', () => {
  it('custom_data_003.xls: the Neware Cycle sheet (cycle 1 0 / 3.524146 mAh, cycle 2 3.119684 / 2.833252 mAh, cycle 14 1.209321 / 1.210669 mAh)', () => {
    const r = cli(['summary', '--json', '-q', join(REAL, 'neware', 'custom_data_003.xls')]);
    expect(r.code, r.stderr).toBe(0);
    const res = (JSON.parse(r.stdout) as { results: { format: string; massSource: string; cycles: Cycle[] }[] }).results[0]!;
    expect(res.format).toBe('neware-xls');
    expect(res.cycles).toHaveLength(14);
    const near = (got: unknown, want: number): void => expect(Math.abs((got as number) / want - 1), `${String(got)} vs ${want}`).toBeLessThan(1e-3);
    expect(res.cycles[0]!.chargeCapacityMAh).toBeNull(); // the instrument writes 0 for a cycle without a charge
    near(res.cycles[0]!.dischargeCapacityMAh, 3.524146);
    near(res.cycles[1]!.chargeCapacityMAh, 3.119684);
    near(res.cycles[1]!.dischargeCapacityMAh, 2.833252);
    near(res.cycles[13]!.chargeCapacityMAh, 1.209321);
    near(res.cycles[13]!.dischargeCapacityMAh, 1.210669);
    // "Cycle Life(%)" 80.395417 is cycle 2's discharge over cycle 1's.
    near((res.cycles[1]!.dischargeCapacityMAh as number) / (res.cycles[0]!.dischargeCapacityMAh as number), 0.80395417);
    expect(res.massSource).toMatch(/Info sheet remark/);
  });
});
