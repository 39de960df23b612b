import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadDataset, type LoadOptions } from '../../src/pipeline/load.js';
import { keepsPoints } from '../../src/segment/steps.js';
import { cli, ROOT, writeTemp } from '../helpers/cli.js';

/**
 * dQ/dV and windows of a few cycles keep the points of those cycles only: on a 10,000-cycle
 * file, points for every step are most of the memory. The analyses must not notice.
 */
const base: LoadOptions = { columns: {}, strict: false, restCurrentA: 1e-7, keepPoints: true, cycleRule: 'auto', massG: null, cRateBasis: null };
const LONG = join(ROOT, 'fixtures', 'he-v', 'he-v-long-50C-200.csv');

describe('points for the cycles asked for', () => {
  it('keepsPoints: ranges are inclusive; steps without a cycle number keep theirs', () => {
    const opts = { keepPoints: true, pointCycles: [[2, 3], [7, 7]] as const };
    expect([1, 2, 3, 4, 7, 8].map((c) => keepsPoints(opts, c))).toEqual([false, true, true, false, true, false]);
    expect(keepsPoints(opts, null)).toBe(true);
    expect(keepsPoints({ keepPoints: true }, 5)).toBe(true);
    expect(keepsPoints({ keepPoints: false, pointCycles: [[5, 5]] }, 5)).toBe(false);
  });

  it('file-numbered cycles: only the chosen cycles carry points, and they are the same points', async () => {
    const all = await loadDataset(LONG, base);
    const some = await loadDataset(LONG, { ...base, pointCycles: [[2, 3]] });
    expect(some.steps.length).toBe(all.steps.length);
    for (let k = 0; k < all.steps.length; k++) {
      const cycle = all.steps[k]!.fileCycle!;
      if (cycle === 2 || cycle === 3) expect(some.steps[k]!.points).toEqual(all.steps[k]!.points);
      else expect(some.steps[k]!.points).toBeNull();
    }
    expect(some.steps.filter((s) => s.points !== null).length).toBe(4);
  });

  it('derived cycles (a constant cycle column): the file is read again with every point', async () => {
    const rows = ['Test Time (s),Voltage (V),Current (A),Cycle Index'];
    let t = 0;
    for (let c = 0; c < 4; c++) {
      for (let k = 0; k < 20; k++) rows.push(`${t++},${(3 + k / 20).toFixed(3)},0.001,1`);
      for (let k = 0; k < 20; k++) rows.push(`${t++},${(4 - k / 20).toFixed(3)},-0.001,1`);
    }
    const file = writeTemp('constant-cycle.csv', rows.join('\n') + '\n');
    const d = await loadDataset(file, { ...base, pointCycles: [[2, 2]] });
    expect(d.cycles.rule).toBe('charge-first');
    expect(d.cycles.cycles).toHaveLength(4);
    // Every cycle has its charge and discharge steps, each with all 20 points: nothing was dropped.
    for (const c of d.cycles.cycles) expect(c.steps.map((s) => s.points?.length)).toEqual([20, 20]);
  });

  it('dqdv --cycle and windows --cycle print what they printed with every point kept', () => {
    for (const args of [
      ['dqdv', '--cycle', '2', LONG],
      ['windows', '--cycle', '2-3', LONG],
    ]) {
      const some = cli([...args, '--json', '-q']);
      const all = cli([...args.slice(0, 1), ...args.slice(3), '--json', '-q']);
      expect(some.code).toBe(0);
      const chosen = (r: string) => JSON.parse(r).results[0];
      const pick = args[0] === 'dqdv' ? (x: { halfCycles: { cycle: number }[] }) => x.halfCycles.filter((h) => h.cycle === 2) : (x: { cycles: { cycle: number }[] }) => x.cycles.filter((c) => c.cycle === 2 || c.cycle === 3);
      expect(pick(chosen(some.stdout))).toEqual(pick(chosen(all.stdout)));
      expect(pick(chosen(some.stdout)).length).toBeGreaterThan(0);
    }
  });
});
