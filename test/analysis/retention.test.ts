import { describe, expect, it } from 'vitest';
import { flagOutliers, retention, theilSen } from '../../src/analysis/retention.js';
import { mulberry32 } from '../../src/sim/random.js';
import { cycleSummary } from './retention-helpers.js';

const base = { referenceCycle: null, skipFormation: 0, segmentEnds: [], threshold: 0.8, boundaryWindow: 1 };

describe('retention', () => {
  it('recovers a known exponential fade rate and its 80 % crossing', () => {
    const k = 2e-4; // 0.02 % per cycle
    const cycles = Array.from({ length: 2000 }, (_, i) => cycleSummary(i + 1, Math.exp(-k * i)));
    const r = retention(cycles, base);
    expect(r.referenceCycle).toBe(1);
    expect(r.fadePerCycle).toBeCloseTo(1 - Math.exp(-k), 10);
    expect(r.fadePer1000Cycles).toBeCloseTo(1 - Math.exp(-1000 * k), 8);
    // ln 0.8 / -k = 1115.7 cycles after cycle 1 → first cycle at or below 80 % is 1117
    expect(r.thresholdExtrapolated).toBe(false);
    expect(r.thresholdCycle).toBe(1 + Math.ceil(Math.log(0.8) / -k));
    expect(r.cyclesToThreshold).toBe(Math.ceil(Math.log(0.8) / -k));
    expect(r.outliers).toEqual([]);
  });

  it('extrapolates the threshold when the data stop short, and says so', () => {
    const k = 1e-4;
    const cycles = Array.from({ length: 500 }, (_, i) => cycleSummary(i + 1, 2 * Math.exp(-k * i)));
    const r = retention(cycles, base);
    expect(r.thresholdExtrapolated).toBe(true);
    expect(r.thresholdCycle).toBe(1 + Math.ceil(Math.log(0.8) / -k));
  });

  it('no fade: threshold null, not extrapolated', () => {
    const cycles = Array.from({ length: 50 }, (_, i) => cycleSummary(i + 1, 1));
    const r = retention(cycles, base);
    expect(r.thresholdCycle).toBeNull();
    expect(r.cyclesToThreshold).toBeNull();
    expect(r.thresholdExtrapolated).toBe(false);
  });

  it('segments chain: each relative to the previous end, product equals overall', () => {
    // Paper shape: 95.2 % over 1–5000, 93.3 % over 5001–10000 relative to 5000, 88.8 % overall.
    const k1 = -Math.log(0.952) / 4999;
    const k2 = -Math.log(0.933) / 5000;
    const q = (n: number): number => (n <= 5000 ? Math.exp(-k1 * (n - 1)) : 0.952 * Math.exp(-k2 * (n - 5000)));
    const cycles = Array.from({ length: 10000 }, (_, i) => cycleSummary(i + 1, q(i + 1)));
    const r = retention(cycles, { ...base, segmentEnds: [5000, 10000] });
    expect(r.segments).toHaveLength(2);
    expect(r.segments[0]).toMatchObject({ fromCycle: 1, toCycle: 5000, relativeToCycle: 1 });
    expect(r.segments[1]).toMatchObject({ fromCycle: 5001, toCycle: 10000, relativeToCycle: 5000 });
    expect(r.segments[0]!.retention).toBeCloseTo(0.952, 10);
    expect(r.segments[1]!.retention).toBeCloseTo(0.933, 10);
    expect(r.overall.retention).toBeCloseTo(0.952 * 0.933, 10);
  });

  it('default reference skips formation cycles and other rates', () => {
    const cycles = [
      cycleSummary(1, 1.2, { cRate: 0.1 }),
      cycleSummary(2, 1.15, { cRate: 0.1 }),
      ...Array.from({ length: 20 }, (_, i) => cycleSummary(i + 3, 1 - 0.001 * i, { cRate: 0.98 })),
    ];
    const r = retention(cycles, base);
    expect(r.referenceCycle).toBe(3);
    expect(r.referenceReason).toMatch(/dominant rate 1C/);
    expect(retention(cycles, { ...base, skipFormation: 5 }).referenceCycle).toBe(6);
    expect(retention(cycles, { ...base, referenceCycle: 2 }).referenceCycle).toBe(2);
    expect(() => retention(cycles, { ...base, referenceCycle: 99 })).toThrow(/^referenceCycle 99: no such cycle/);
  });

  it('flags interrupted, restarted and empty cycles without dropping them', () => {
    const rnd = mulberry32(7);
    const cycles = Array.from({ length: 300 }, (_, i) => cycleSummary(i + 1, (1 - 1e-4 * i) * (1 + (rnd() - 0.5) * 0.002)));
    cycles[100] = cycleSummary(101, 0.4, { durationS: 1000 }); // interrupted
    cycles[200] = cycleSummary(201, 1.05); // restart bump
    cycles[299] = cycleSummary(300, null); // charge only at the end
    const flags = flagOutliers(cycles);
    expect([...flags.keys()].sort((a, b) => a - b)).toEqual([101, 201, 300]);
    expect(flags.get(101)).toMatch(/shorter/);
    const r = retention(cycles, { ...base, segmentEnds: [101, 300] });
    expect(r.cycles).toHaveLength(300);
    expect(r.cycles[100]!.retention).toBeCloseTo(0.4 / r.referenceCapacityMAh, 6);
    expect(r.outliers.map((o) => o.cycle)).toEqual([101, 201, 300]);
    // a boundary on an outlier uses the nearest usable cycle instead
    expect(r.segments[0]!.toCycleUsed).toBe(100);
    expect(r.segments[1]!.toCycleUsed).toBe(299);
    expect(r.fadePerCycle).toBeCloseTo(1e-4, 5);
  });

  it('CE statistics per range ignore outliers', () => {
    const cycles = Array.from({ length: 20 }, (_, i) => cycleSummary(i + 1, 1, { coulombicEfficiency: i === 0 ? 1.05 : 0.99 + i * 1e-4 }));
    const r = retention(cycles, { ...base, segmentEnds: [10] });
    expect(r.segments[0]!.minCoulombicEfficiency).toBeCloseTo(0.9901, 10);
    expect(r.segments[0]!.minCoulombicEfficiencyCycle).toBe(2);
    expect(r.segments[1]!.meanCoulombicEfficiency).toBeCloseTo(0.99 + 14.5e-4, 10);
  });
});

describe('theilSen', () => {
  it('ignores a minority of gross outliers', () => {
    const x = Array.from({ length: 100 }, (_, i) => i);
    const y = x.map((v) => 3 - 0.5 * v);
    for (const i of [5, 30, 31, 77]) y[i] = 1000;
    const f = theilSen(x, y)!;
    expect(f.slope).toBeCloseTo(-0.5, 12);
    expect(f.intercept).toBeCloseTo(3, 12);
  });
  it('needs three points', () => {
    expect(theilSen([1, 2], [1, 2])).toBeNull();
  });
});
