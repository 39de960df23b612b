import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { coulombicEfficiencyOverview, sectionApplicability } from '../../src/analysis/applicability.js';
import type { CycleSummary } from '../../src/analysis/summary.js';
import { shownCycleIndices, shownCyclesNote } from '../../src/report/report.js';
import { cli, ROOT, writeTemp } from '../helpers/cli.js';

const HEV = join(ROOT, 'fixtures', 'he-v');
const DEMO = join('fixtures', 'demo', 'cc-demo.csv');
const SECTIONS = ['windows', 'dqdv', 'retention', 'rate', 'energy', 'compare'] as const;

type Row = { quantity: string; verdict: string; measured: number | null };

describe('cyclekit report on the HE-V fixtures', () => {
  it('half cell at 0.2C: ≈170 mAh/g, three labelled couples at 1.67/3.43/4.03 V, compare verdicts', () => {
    const r = cli(['report', '--json', '-q', join(HEV, 'he-v-0.2C.csv')]);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.command).toBe('report');
    const res = doc.results[0];
    // summary keys at the top level, as `summary` prints them
    for (const k of ['format', 'massG', 'cycleRule', 'cycles', 'warnings']) expect(res).toHaveProperty(k);
    for (const k of SECTIONS) expect(res).toHaveProperty(k);
    expect(res.cycles[1].dischargeSpecificCapacityMAhG).toBeCloseTo(170, 0);
    expect(res.massSource).toMatch(/sidecar/);
    expect(res.cRateBasis).toBe('100mA/g');

    const couples = res.dqdv.couples as { meanVoltageV: number; label: string | null }[];
    expect(couples).toHaveLength(3);
    [1.67, 3.43, 4.03].forEach((v, i) => expect(Math.abs(couples[i]!.meanVoltageV - v)).toBeLessThan(0.03));
    expect(couples.map((c) => c.label)).toEqual(['V³⁺/V²⁺', 'V⁴⁺/V³⁺', 'V⁵⁺/V⁴⁺']);

    const rows = res.compare.rows as Row[];
    expect(res.compare.reference.id).toBe('he-v');
    expect(rows.filter((x) => x.verdict === 'fail')).toEqual([]);
    expect(rows.find((x) => x.quantity === 'reversible capacity at 0.2C')!.verdict).toBe('pass');
    for (const q of ['plateau V³⁺/V²⁺', 'plateau V⁴⁺/V³⁺', 'plateau V⁵⁺/V⁴⁺']) expect(rows.find((x) => x.quantity === q)!.verdict).toBe('pass');

    expect(res.windows.edgesV).toEqual([3, 3.6]);
    expect(res.windows.cycles).toHaveLength(4);
    expect(res.energy.basis).toBe('cathode');
    // 4 cycles at one rate: retention and rate capability are absent, with the reason
    expect(res.retention).toBeNull();
    expect(res.notApplicable.retention).toBe('4 cycles with a discharge: retention needs ≥ 10');
    expect(res.rate).toBeNull();
    expect(res.notApplicable.rate).toBe('one C-rate only (0.2C): no rate capability');
    expect(res.coulombicEfficiency.firstCycleValue).toBeGreaterThan(1);
  });

  it('half cell text report: header, every section titled, verdicts and the dQ/dV chart', () => {
    const r = cli(['report', join(HEV, 'he-v-0.2C.csv')]);
    expect(r.code).toBe(0);
    const out = r.stdout;
    expect(out).toMatch(/format\s+cyclekit-csv/);
    expect(out).toMatch(/records\s+\d+/);
    expect(out).toMatch(/active mass\s+2\.000 mg \(sidecar/);
    expect(out).toMatch(/1C\s+100mA\/g \(sidecar/);
    expect(out).toMatch(/time span\s+\d/);
    for (const t of ['per-cycle summary', 'Coulombic efficiency', 'capacity by voltage window', 'dQ/dV and redox couples', 'capacity retention', 'rate capability', 'energy density', 'comparison with he-v']) {
      expect(out).toContain(`── ${t}`);
    }
    expect(out).toContain('170.00');
    expect(out).toMatch(/V⁴⁺\/V³⁺/);
    expect(out).toContain('dQ/dV, cycle 2');
    expect(out).toMatch(/8 pass · 0 fail · 6 n\/a/);
    expect(out).toContain('not applicable: one C-rate only (0.2C): no rate capability');
    expect(out).not.toContain('\u001b[');
    expect(r.stderr).not.toMatch(/internal error|at .*\.js:\d+/);
  });

  it('full cell HC‖HE-V: ≈485.9 Wh/kg on cathode active mass; half-cell potentials do not label its couples', () => {
    const r = cli(['report', '--json', '-q', join(HEV, 'hc-he-v-full-0.2C.csv')]);
    expect(r.code).toBe(0);
    const res = JSON.parse(r.stdout).results[0];
    expect(res.cellType).toBe('full');
    expect(Math.abs(res.energy.initialDischargeEnergyDensityWhKg - 485.9)).toBeLessThan(5);
    expect(res.compare.rows.find((x: Row) => x.quantity.includes('energy density')).verdict).toBe('pass');
    expect(res.dqdv.couples).toHaveLength(3);
    expect(res.dqdv.couples.every((c: { label: string | null }) => c.label === null)).toBe(true);
  });

  it('rate test: rate capability with one group per C-rate; retention not applicable at ≤ 4 cycles per rate', () => {
    const r = cli(['report', '--json', '-q', join(HEV, 'he-v-rate.csv')]);
    expect(r.code).toBe(0);
    const res = JSON.parse(r.stdout).results[0];
    expect(res.rate.groups.length).toBeGreaterThanOrEqual(8);
    expect(res.retention).toBeNull();
    expect(res.notApplicable.retention).toMatch(/at one rate/);
  });

  it('long test: retention with a chart, a shortened summary table that says so; --no-charts drops charts', () => {
    const file = join(HEV, 'he-v-long-50C-200.csv');
    const r = cli(['report', '--cycles-shown', '6', file]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('showing 6 of 200 cycles');
    expect(r.stdout).toContain('capacity retention vs cycle 1');
    expect(r.stdout).toMatch(/1–200\s+1\s+88\.8/);
    const plain = cli(['report', '--no-charts', '-q', file]);
    expect(plain.code).toBe(0);
    expect(plain.stdout).not.toContain('capacity retention vs cycle 1');
    expect(plain.stdout).not.toContain('dQ/dV, cycle');
    expect(plain.stdout).toContain('threshold');
  });
});

describe('cyclekit report without mass or sidecar', () => {
  it('demo data: states that specific values are absent (golden)', async () => {
    const r = cli(['report', '--no-charts', DEMO]);
    expect(r.code).toBe(0);
    // Output is wrapped at 80 columns (no $COLUMNS here): read the sentences with their line breaks undone.
    const flat = r.stdout.replace(/\n\s+/g, ' ');
    expect(flat).toContain('active mass  none — specific capacities and energy densities not reported (pass --mass or add cell.yaml)');
    expect(flat).toContain('not applicable: no active mass: specific capacities and energy densities not reported — pass --mass or add cell.yaml');
    expect(flat).toContain('not applicable: 3 cycles with a discharge: retention needs ≥ 10');
    expect(flat).toContain('not applicable: no reference named');
    expect(r.stdout).not.toMatch(/q dis|Wh kg⁻¹ \(/);
    await expect(r.stdout).toMatchFileSnapshot('./__snapshots__/report-cc-demo.txt');
  });

  it('--mass turns the specific values on; JSON sections are null with reasons otherwise', () => {
    const r = cli(['report', '--json', '-q', DEMO]);
    const res = JSON.parse(r.stdout).results[0];
    expect(res.massG).toBeNull();
    expect(res.energy).toBeNull();
    expect(res.compare).toBeNull();
    expect(Object.keys(res.notApplicable).sort()).toEqual(['compare', 'energy', 'rate', 'retention']);
    const m = JSON.parse(cli(['report', '--json', '-q', '--mass', '2mg', DEMO]).stdout).results[0];
    expect(m.energy).not.toBeNull();
    expect(m.cycles[0].dischargeSpecificCapacityMAhG).not.toBeNull();
  });

  it('usage errors and unreadable files: exit 2, one clean line each', () => {
    const bad = writeTemp('nothing.csv', 'a,b\n1,2\n');
    const r = cli(['report', DEMO, bad]);
    expect(r.code).toBe(2);
    expect(r.stdout).toContain('cyclekit report — fixtures/demo/cc-demo.csv');
    const lines = r.stderr.trim().split('\n').filter((l) => !l.includes('warning:'));
    expect(lines).toHaveLength(1); // one error keeps its list of known formats on its own line
    expect(lines[0]).toMatch(/^cyclekit: .*nothing\.csv:1: /);
    expect(cli(['report', '--edges', '3.6,3.0', DEMO]).code).toBe(2);
    expect(cli(['report', '--cycles-shown', 'x', DEMO]).stderr).toMatch(/^cyclekit: --cycles-shown/);
    const ref = cli(['report', '--reference', 'no-such-ref', DEMO]);
    expect(ref.code).toBe(2);
    expect(ref.stderr).toMatch(/^cyclekit: --reference no-such-ref/);
  });

  it('--reference with a couple table labels dQ/dV peaks; compare still follows cell.yaml', () => {
    const res = JSON.parse(cli(['report', '--json', '-q', '--reference', 'A=1.67,B=3.43,C=4.03', join(HEV, 'he-v-0.2C.csv')]).stdout).results[0];
    expect(res.dqdv.couples.map((c: { label: string }) => c.label)).toEqual(['A', 'B', 'C']);
    expect(res.compare.reference.id).toBe('he-v');
    const demo = JSON.parse(cli(['report', '--json', '-q', '--reference', 'A=3.3', DEMO]).stdout).results[0];
    expect(demo.compare).toBeNull();
    expect(demo.notApplicable.compare).toMatch(/^no reference named/);
  });
});

describe('report layout and applicability (pure)', () => {
  it('long tables show the first cycles, evenly spaced ones and the last', () => {
    expect(shownCycleIndices(5, 12)).toEqual([0, 1, 2, 3, 4]);
    const idx = shownCycleIndices(200, 12);
    expect(idx).toHaveLength(12);
    expect(idx.slice(0, 3)).toEqual([0, 1, 2]);
    expect(idx[idx.length - 1]).toBe(199);
    expect(new Set(idx).size).toBe(12);
    expect(shownCyclesNote(200, idx)).toMatch(/^showing 12 of 200 cycles: the first 3, 8 evenly spaced and the last/);
    expect(shownCyclesNote(5, shownCycleIndices(5, 12))).toBe('');
    expect(shownCycleIndices(10, 1)).toEqual([9]);
  });

  const cycle = (n: number, over: Partial<CycleSummary> = {}): CycleSummary => ({
    cycle: n, chargeCapacityMAh: 1, dischargeCapacityMAh: 1, chargeSpecificCapacityMAhG: null, dischargeSpecificCapacityMAhG: null,
    coulombicEfficiency: 1, chargeEnergyMWh: 3, dischargeEnergyMWh: 3, chargeSpecificEnergyWhKg: null, dischargeSpecificEnergyWhKg: null,
    meanChargeVoltageV: 3.4, meanDischargeVoltageV: 3.3, voltageHysteresisV: 0.1, durationS: 7200, meanChargeCurrentA: 1e-3,
    meanDischargeCurrentA: -1e-3, chargeCRate: null, dischargeCRate: null, cRate: null, capacitySource: 'integrated',
    minVoltageV: 2.5, maxVoltageV: 4.2, records: 100, ...over,
  });

  it('says why each section does not apply', () => {
    const na = sectionApplicability({ cycles: [], massG: null, cellType: null, reference: null, edgesV: [3, 3.6], rate: null });
    expect(Object.values(na).every((v) => v === 'no cycles: the file has no charge or discharge step')).toBe(true);

    const few = sectionApplicability({ cycles: [1, 2, 3].map((n) => cycle(n)), massG: null, cellType: null, reference: null, edgesV: [3, 3.6], rate: null });
    expect(few.summary).toBeNull();
    expect(few.retention).toBe('3 cycles with a discharge: retention needs ≥ 10');
    expect(few.energy).toMatch(/^no active mass/);
    expect(few.compare).toMatch(/^no reference named/);

    const graphite = sectionApplicability({ cycles: [1, 2].map((n) => cycle(n, { minVoltageV: 0.01, maxVoltageV: 1.5 })), massG: 0.002, cellType: null, reference: 'he-v', edgesV: [3, 3.6], rate: null });
    expect(graphite.windows).toMatch(/lie in one window of --edges 3,3.6/);
    expect(graphite.energy).toBeNull();
    expect(graphite.compare).toBeNull();
  });

  it('CE overview keeps the first cycle apart', () => {
    const o = coulombicEfficiencyOverview([cycle(1, { coulombicEfficiency: 1.5 }), cycle(2, { coulombicEfficiency: 0.99 }), cycle(3, { coulombicEfficiency: 0.97 }), cycle(4, { coulombicEfficiency: null })]);
    expect(o.firstCycleValue).toBe(1.5);
    expect(o.meanAfterFirst).toBeCloseTo(0.98, 12);
    expect(o.minAfterFirst).toBe(0.97);
    expect(o.minCycle).toBe(3);
    expect(o.cycles).toBe(2);
  });
});
