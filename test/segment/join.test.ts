import { describe, expect, it } from 'vitest';
import type { InstrumentCycles } from '../../src/model/record.js';
import { joinInstrumentCycles, type Seam } from '../../src/segment/join.js';

const seam = (file: string, cycleOffset: number): Seam => ({ file, startTimeS: 0, timeOffsetS: 0, cycleOffset, firstStep: 0 });
const table = (source: string, cycles: number[]): InstrumentCycles => ({
  source,
  ceConvention: null,
  cycles: cycles.map((cycle) => ({ cycle, chargeCapacityAh: cycle / 10, dischargeCapacityAh: cycle / 20, coulombicEfficiency: null })),
});

describe('joinInstrumentCycles: the cycler\'s per-cycle figures of a joined test', () => {
  it("each part's cycles numbered as in the joined test; a cycle counted in two parts (across a seam) left out", () => {
    const joined = joinInstrumentCycles([table('A', [1, 2]), undefined, table('A', [2, 3])], [seam('a', 0), seam('b', 0), seam('c', 1)])!;
    expect(joined.source).toBe('A (2 of 3 parts)');
    // Part c's cycles 2 and 3 are the joined test's 3 and 4; nothing is counted twice.
    expect(joined.cycles.map((c) => [c.cycle, c.chargeCapacityAh])).toEqual([[1, 0.1], [2, 0.2], [3, 0.2], [4, 0.3]]);
    const across = joinInstrumentCycles([table('A', [1, 2]), table('B', [2, 3])], [seam('a', 0), seam('b', 0)])!;
    expect(across.source).toBe('A; B (2 of 2 parts)');
    expect(across.cycles.map((c) => c.cycle)).toEqual([1, 3]);
  });

  it('no part with figures: none', () => {
    expect(joinInstrumentCycles([undefined, undefined], [seam('a', 0), seam('b', 0)])).toBeUndefined();
  });
});
