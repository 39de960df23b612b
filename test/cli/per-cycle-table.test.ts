import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { cli, REAL, writeTemp } from '../helpers/cli.js';

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
    // A pouch cell (MANIFEST: CAMP/INL, 21.9 mAh): inferred a full cell, so the section says so.
    expect(t.stdout).toMatch(/── energy density \(full cell, on cathode active mass\)\n(?!not applicable)/);
    expect(t.stdout).toMatch(/time span\s+–/);
  });

  it('rate: says plainly that a per-cycle table has no currents (exit 2)', () => {
    const r = cli(['rate', TABLE]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/rate capability needs discharge currents, and a per-cycle summary table has none/);
  });

  it('reads a tab-separated copy alike, and bad rows follow the text reader\'s rule: counted, --strict, 1 %', () => {
    const lines = readFileSync(TABLE, 'utf8').split('\n');
    const cyclesOf = (file: string, ...flags: string[]) => cli(['summary', '--json', '-q', ...flags, file]);
    const comma = JSON.parse(cyclesOf(TABLE).stdout).results[0].cycles;
    const tabs = writeTemp('p492-tabs.csv', lines.map((l) => l.replaceAll(',', '\t')).join('\n'));
    expect(JSON.parse(cyclesOf(tabs).stdout).results[0].cycles).toEqual(comma);

    // Line 10 (cycle 9) damaged: 1 bad row of 267 is under 1 %: skipped with a warning naming it.
    const one = [...lines];
    one[9] = 'nine' + one[9]!.slice(one[9]!.indexOf(','));
    const oneBad = writeTemp('p492-one-bad.csv', one.join('\n'));
    const r = cli(['summary', '--json', oneBad]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/skipped 1 bad row\(s\) of 267; first at line 10: column 'Cycle_Index': expected a whole number, found 'nine'/);
    expect(JSON.parse(r.stdout).results[0].cycles).toHaveLength(comma.length - 1);
    const strict = cli(['summary', '--strict', oneBad]);
    expect(strict.code).toBe(2);
    expect(strict.stderr.trim()).toBe(`cyclekit: ${oneBad}:10: column 'Cycle_Index': expected a whole number, found 'nine' (--strict)`);

    // Four bad rows of 267 (1.5 %) end the read.
    const four = lines.map((l, k) => (k >= 9 && k <= 12 ? 'x' + l.slice(l.indexOf(',')) : l));
    const fourBad = writeTemp('p492-four-bad.csv', four.join('\n'));
    const f = cli(['summary', fourBad]);
    expect(f.code).toBe(2);
    expect(f.stderr.trim()).toBe(`cyclekit: ${fourBad}:10: column 'Cycle_Index': expected a whole number, found 'x' (4 bad of 267 rows)`);
  });
});
