import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LAZY_FROM_HALF_CYCLES } from '../../src/pipeline/dvdq.js';
import { cli, ROOT } from '../helpers/cli.js';

/**
 * From LAZY_FROM_HALF_CYCLES half cycles on, dvdq makes each curve as it is written (a
 * 10,000-cycle `--cycle all` held 20,000 curves at once): the same half cycles, in the same
 * order, with the numbers a run over fewer cycles (made at once) gives.
 */
describe('dvdq over many cycles', () => {
  const file = join(ROOT, 'fixtures', 'he-v', 'he-v-long-50C-200.csv');
  type Half = { cycle: number; direction: string; capacityMAh: number[]; dvdqVPerMAh: number[] };
  const halves = (cycles: string): Half[] => {
    const r = cli(['dvdq', '--json', '-q', '--points', '20', '--cycle', cycles, file]);
    expect(r.code, r.stderr).toBe(0);
    return JSON.parse(r.stdout).results[0].halfCycles;
  };

  it('curves made as they are written equal curves made at once', () => {
    const many = halves('1-33');
    expect(many.length).toBeGreaterThanOrEqual(LAZY_FROM_HALF_CYCLES);
    expect(many.map((h) => `${h.cycle}${h.direction[0]}`).slice(0, 4)).toEqual(['1c', '1d', '2c', '2d']);
    for (const n of [2, 33]) {
      const few = halves(String(n));
      expect(few.length).toBeLessThan(LAZY_FROM_HALF_CYCLES);
      expect(many.filter((h) => h.cycle === n)).toEqual(few);
    }
  });
});
