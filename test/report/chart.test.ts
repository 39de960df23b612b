import { Chalk } from 'chalk';
import { describe, expect, it } from 'vitest';
import { fitWidth, lineChart } from '../../src/report/chart.js';

const plain = new Chalk({ level: 0 });

describe('lineChart', () => {
  it('draws a series with gaps (NaN) instead of crashing, at the requested height', () => {
    const out = lineChart([{ values: [1, 2, Number.NaN, 4, 5], label: 'x' }], plain, { height: 4 });
    const rows = out.split('\n');
    expect(rows).toHaveLength(5);
    expect(rows[0]).toMatch(/^\s+5\.000 ┤/);
    expect(rows[4]).toMatch(/^\s+1\.000 ┼/);
  });

  it('keeps a flat line with float noise to a few rows (asciichart would draw one per 1e-14)', () => {
    const out = lineChart([{ values: [1, 1 + 1e-14, 1, 1], label: 'x' }], plain, { height: 4 });
    expect(out.split('\n').length).toBeLessThanOrEqual(6);
  });

  it('averages buckets when a series is wider than the chart', () => {
    expect(fitWidth([1, 3, 5, 7], 2)).toEqual([2, 6]);
    expect(fitWidth([1, 2], 4)).toEqual([1, 2]);
  });
});
