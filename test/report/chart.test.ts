import { Chalk } from 'chalk';
import { describe, expect, it } from 'vitest';
import { fitWidth, lineChart, xyChart } from '../../src/report/chart.js';
import { displayWidth } from '../../src/report/table.js';
import { cli } from '../helpers/cli.js';

const plain = new Chalk({ level: 0 });
const widest = (text: string): number => Math.max(...text.split('\n').map(displayWidth));

describe('terminal charts', () => {
  it('draws a series with gaps (NaN) instead of crashing, at the requested height', () => {
    const out = lineChart([{ values: [1, 2, Number.NaN, 4, 5], label: 'x' }], plain, { height: 4, width: 40 });
    const rows = out.split('\n');
    expect(rows).toHaveLength(4 + 2); // plot rows, x axis, x range
    expect(rows[0]).toMatch(/^5\.000 ┤/);
    expect(rows[3]).toMatch(/^1\.000 ┤\*/);
  });

  it('keeps a flat line with float noise to the rows asked for', () => {
    const out = lineChart([{ values: [1, 1 + 1e-14, 1, 1], label: 'x' }], plain, { height: 4, width: 40 });
    expect(out.split('\n').length).toBeLessThanOrEqual(6);
  });

  it('a one-sample peak in 10,000 points keeps its full height (per-column minimum and maximum)', () => {
    const values = Array.from({ length: 10000 }, (_, i) => (i === 6543 ? 3.984 : Math.sin(i / 500) * 0.2));
    const out = lineChart([{ values, label: 'dQ/dV' }], plain, { height: 8, width: 80 });
    const rows = out.split('\n');
    expect(rows[0]).toMatch(/^\s*3\.984 ┤ *\*/);
    expect(widest(out)).toBeLessThanOrEqual(80);
  });

  it('charge and discharge differ by glyph, legends wrap to the width', () => {
    const x = Float64Array.from({ length: 50 }, (_, i) => i);
    const out = xyChart(
      [
        { x, y: x.map((v) => v * 2), label: 'cycle 1 charge', glyph: '*' },
        { x, y: x.map((v) => 100 - v * 2), label: 'cycle 1 discharge', glyph: 'o' },
      ],
      plain,
      { width: 40, height: 6, marks: Array.from({ length: 12 }, (_, i) => ({ x: i * 4, label: `${(i * 0.1).toFixed(3)} V ox` })) },
    );
    expect(out).toContain('*');
    expect(out).toContain('o');
    expect(out).toMatch(/\* cycle 1 charge/);
    expect(widest(out)).toBeLessThanOrEqual(40);
  });

  it('averages buckets when asked to (fitWidth)', () => {
    expect(fitWidth([1, 3, 5, 7], 2)).toEqual([2, 6]);
    expect(fitWidth([1, 2], 4)).toEqual([1, 2]);
  });
});

describe('terminal output fits $COLUMNS (golden)', () => {
  for (const columns of [80, 160]) {
    it(`dqdv chart of HE-V cycle 2 at ${columns} columns`, async () => {
      const r = cli(['dqdv', '--cycle', '2', '-q', 'fixtures/he-v/he-v-0.2C.csv'], { env: { COLUMNS: String(columns) } });
      expect(r.code).toBe(0);
      const chart = r.stdout.slice(r.stdout.indexOf('dQ/dV, cycle 2'));
      expect(chart.length).toBeGreaterThan(0);
      expect(widest(chart)).toBeLessThanOrEqual(columns);
      // The chart uses the width it has: its x axis runs to the last column.
      expect(widest(chart)).toBeGreaterThan(columns - 3);
      await expect(chart).toMatchFileSnapshot(`./__snapshots__/dqdv-chart-${columns}.txt`);
    });
  }

  it('report on the HE-V demo at COLUMNS=80: no line over 80, the voltage profile drawn (golden)', async () => {
    const r = cli(['report', '-q', 'fixtures/he-v/he-v-0.2C.csv'], { env: { COLUMNS: '80' } });
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines.length).toBeGreaterThan(100);
    expect(lines.filter((l) => displayWidth(l) > 80)).toEqual([]);
    expect(r.stdout).toContain('── voltage profile');
    expect(r.stdout).toContain('E chg, E dis, ΔV, time hidden at 80 columns: --wide shows all');
    await expect(r.stdout).toMatchFileSnapshot('./__snapshots__/report-he-v-80.txt');
    const wide = cli(['report', '-q', '--wide', '--no-charts', 'fixtures/he-v/he-v-0.2C.csv'], { env: { COLUMNS: '80' } });
    expect(wide.stdout).toMatch(/E chg\s+E dis/);
  });
});
