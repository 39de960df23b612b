import { describe, expect, it } from 'vitest';
import { cli, REAL } from '../helpers/cli.js';

const TABLE = `${REAL}/batterydata/p492-13-summary.csv`;
const rel = (a: number, b: number): number => Math.abs(a - b) / Math.abs(b);

/** A BatteryData per-cycle summary (no time series): what applies is reported, the rest says why not. */
describe('per-cycle summary table (p492-13-summary.csv)', () => {
  it('summary --json: the table\'s cycle 2 capacities and CE, no duration or C-rate', () => {
    const r = cli(['summary', '--json', TABLE]);
    expect(r.code).toBe(0);
    const res = JSON.parse(r.stdout).results[0] as { format: string; cycles: Record<string, number | null>[]; warnings: string[] };
    expect(res.format).toBe('batterydata-summary');
    const c2 = res.cycles.find((c) => c.cycle === 2)!;
    // SOURCE SUMMARY (MANIFEST): Q_chg 0.02187029 Ah, Q_dis 0.02173834 Ah, CE 0.993966700944523.
    expect(rel(c2.chargeCapacityMAh!, 21.87029)).toBeLessThan(1e-9);
    expect(rel(c2.dischargeCapacityMAh!, 21.73834)).toBeLessThan(1e-9);
    expect(rel(c2.coulombicEfficiency!, 0.993966700944523)).toBeLessThan(1e-9);
    for (const c of res.cycles) {
      expect(c.durationS).toBeNull();
      expect(c.cRate).toBeNull();
      expect(c.meanChargeCurrentA).toBeNull();
      expect(c.meanDischargeCurrentA).toBeNull();
    }
    expect(res.warnings[0]).toMatch(/^per-cycle summary table: no time series/);
  });

  it('report: exits 0, dQ/dV, windows and rate do not apply, no time span', () => {
    const j = cli(['report', '--json', '-q', TABLE]);
    expect(j.code).toBe(0);
    const res = JSON.parse(j.stdout).results[0] as Record<string, unknown>;
    const na = res.notApplicable as Record<string, string>;
    expect(na.dqdv).toBe('per-cycle summary table (no time series)');
    expect(na.windows).toBe('per-cycle summary table (no time series)');
    expect(na.rate).toMatch(/^per-cycle summary table \(no time series\)/);
    expect(res.timeSpanS).toBeNull();
    expect(res.dqdv).toBeNull();
    expect(res.windows).toBeNull();
    expect(res.retention).not.toBeNull();
    expect(res.coulombicEfficiency).not.toBeNull();

    const t = cli(['report', '--mass', '100mg', TABLE]);
    expect(t.code).toBe(0);
    expect(t.stdout).toMatch(/── capacity by voltage window.*\nnot applicable: per-cycle summary table \(no time series\)/);
    expect(t.stdout).toMatch(/── dQ\/dV and redox couples\nnot applicable: per-cycle summary table \(no time series\)/);
    expect(t.stdout).toMatch(/── energy density\n(?!not applicable)/);
    expect(t.stdout).toMatch(/time span\s+–/);
  });

  it('rate: says plainly that a per-cycle table has no currents (exit 2)', () => {
    const r = cli(['rate', TABLE]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/rate capability needs discharge currents, and a per-cycle summary table has none/);
  });
});
