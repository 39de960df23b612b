import { describe, expect, it } from 'vitest';
import { CycleCounterTotals } from '../../src/ingest/cycle-counters.js';

/** Per-cycle counters that restart with every cycle give the cycler's own per-cycle capacities. */
describe('CycleCounterTotals', () => {
  const rows: [number, number, number][] = [
    [1, 0, 0],
    [1, 0.5, 0],
    [1, 1.0, 0],
    [1, 1.0, 0.4],
    [1, 1.0, 0.9],
    [2, 0, 0],
    [2, 0.8, 0],
    [2, 0.8, 0.7],
  ];

  it('a cycle is its counters\' largest values; cycles in order; 0 stays 0', () => {
    const t = new CycleCounterTotals();
    for (const [c, q, d] of rows) t.see(c, q, d);
    expect(t.result('here')).toEqual({
      source: 'here',
      ceConvention: null,
      cycles: [
        { cycle: 1, chargeCapacityAh: 1.0, dischargeCapacityAh: 0.9, coulombicEfficiency: null },
        { cycle: 2, chargeCapacityAh: 0.8, dischargeCapacityAh: 0.7, coulombicEfficiency: null },
      ],
    });
  });

  it('a counter that falls inside a cycle (restarted per step) gives no figure for that cycle, never a partial one', () => {
    const t = new CycleCounterTotals();
    for (const [c, q, d] of [[1, 0.6, 0], [1, 0.1, 0], [1, 0.3, 0.5]] as const) t.see(c, q, d);
    expect(t.result('x')!.cycles).toEqual([{ cycle: 1, chargeCapacityAh: null, dischargeCapacityAh: 0.5, coulombicEfficiency: null }]);
  });

  it('pieces merged in order give the one-pass result, and a fall at the seam is seen', () => {
    const whole = new CycleCounterTotals();
    for (const r of rows) whole.see(...r);
    for (let cut = 1; cut < rows.length; cut++) {
      const a = new CycleCounterTotals();
      const b = new CycleCounterTotals();
      rows.slice(0, cut).forEach((r) => a.see(...r));
      rows.slice(cut).forEach((r) => b.see(...r));
      a.merge(b.findings());
      expect(a.result('s'), `cut at ${cut}`).toEqual(whole.result('s'));
    }
    const a = new CycleCounterTotals();
    const b = new CycleCounterTotals();
    a.see(1, 0.6, null);
    b.see(1, 0.2, null);
    a.merge(b.findings());
    expect(a.result('s')!.cycles[0]!.chargeCapacityAh).toBeNull();
  });

  it('no cycle number, or no counter on any row: nothing', () => {
    const t = new CycleCounterTotals();
    t.see(null, 1, 1);
    t.see(3, null, null);
    expect(t.result('x')).toBeNull();
  });
});
