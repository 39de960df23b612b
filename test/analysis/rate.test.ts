import { describe, expect, it } from 'vitest';
import { rateCapability, snapCRate } from '../../src/analysis/rate.js';
import { cycleSummary } from './retention-helpers.js';

describe('snapCRate', () => {
  it('snaps within 10 % and keeps odd rates', () => {
    expect(snapCRate(0.196)).toBe(0.2);
    expect(snapCRate(47.5)).toBe(50);
    expect(snapCRate(1.07)).toBe(1);
    expect(snapCRate(0.7)).toBe(0.7);
    expect(snapCRate(7.5)).toBe(7.5);
  });
});

describe('rateCapability', () => {
  const protocol: [number, number][] = [[0.2, 170], [0.5, 165], [1, 160], [2, 152], [5, 140], [10, 130], [20, 118], [50, 100], [0.2, 168]];
  const cycles = protocol.flatMap(([rate, q], g) =>
    Array.from({ length: 5 }, (_, i) => cycleSummary(g * 5 + i + 1, q / 1000, { cRate: rate * (1 + (i % 2 ? 0.03 : -0.03)), meanDischargeCurrentA: -rate * 1e-4 })),
  );

  it('one group per rate, retention vs the slowest, recovery', () => {
    const r = rateCapability(cycles);
    expect(r.groupedBy).toBe('c-rate');
    expect(r.groups.map((g) => g.cRate)).toEqual([0.2, 0.5, 1, 2, 5, 10, 20, 50, 0.2]);
    expect(r.groups[0]!.cycles).toEqual([1, 2, 3, 4, 5]);
    expect(r.groups[0]!.meanDischargeSpecificCapacityMAhG).toBeCloseTo(170, 10);
    expect(r.groups[7]!.retentionVsSlowest).toBeCloseTo(100 / 170, 10);
    expect(r.slowestGroup).toBe(0);
    expect(r.recovery!.retention).toBeCloseTo(168 / 170, 10);
    expect(r.recovery!.cycles).toEqual([41, 42, 43, 44, 45]);
  });

  it('groups by current when no 1C basis is known', () => {
    const r = rateCapability(cycles.map((c) => ({ ...c, cRate: null, dischargeSpecificCapacityMAhG: null })));
    expect(r.groupedBy).toBe('current');
    expect(r.groups).toHaveLength(9);
    expect(r.groups[0]!.cRate).toBeNull();
    expect(r.groups[0]!.meanDischargeCurrentMA).toBeCloseTo(0.02, 10);
    expect(r.recovery!.retention).toBeCloseTo(168 / 170, 10);
  });

  it('no recovery when the test does not return; cycles without discharge are listed', () => {
    const r = rateCapability([...cycles.slice(0, 10), cycleSummary(11, null, { cRate: null })]);
    expect(r.recovery).toBeNull();
    expect(r.skippedCycles).toEqual([11]);
  });
});
