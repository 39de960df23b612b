import { describe, expect, it } from 'vitest';
import { cycleWindows, validateEdges, windowCapacities } from '../../src/analysis/windows.js';
import { HEV_LIKE, sampleStep, shifted, totalCapacity, windowIntegral } from '../math/logistic-curves.js';

describe('windowCapacities', () => {
  it('splits a segment crossing an edge by linear interpolation', () => {
    // 2.9 V → 3.1 V with 1 mAh: half below 3.0 V, half above.
    expect(windowCapacities([2.9, 3.1], [0, 1], [3.0, 3.6])).toEqual([0.5, 0.5, 0]);
    // a segment across two edges
    const w = windowCapacities([2.9, 3.7], [0, 0.8], [3.0, 3.6]);
    expect(w[0]).toBeCloseTo(0.1, 12);
    expect(w[1]).toBeCloseTo(0.6, 12);
    expect(w[2]).toBeCloseTo(0.1, 12);
  });
  it('a sample exactly on an edge belongs to the upper window; falling voltage works the same', () => {
    expect(windowCapacities([3.0, 3.0], [0, 1], [3.0])).toEqual([0, 1]);
    expect(windowCapacities([3.1, 2.9], [0, 1], [3.0])).toEqual([0.5, 0.5]);
  });
  it('rejects edges that do not increase', () => {
    expect(() => validateEdges([3.6, 3.0])).toThrow(RangeError);
    expect(() => validateEdges([])).toThrow(RangeError);
    expect(() => validateEdges([Number.NaN])).toThrow(RangeError);
  });
});

describe('cycleWindows on synthetic logistic plateaus', () => {
  const edges = [3.0, 3.6];
  const charge = sampleStep(shifted(HEV_LIKE, 0.02), { direction: 'charge', samples: 6000, noiseV: 0.001, wiggleV: 0.003, seed: 7 }, 0);
  const discharge = sampleStep(shifted(HEV_LIKE, -0.02), { direction: 'discharge', samples: 6000, noiseV: 0.001, wiggleV: 0.003, seed: 8 }, 1);
  const [result] = cycleWindows([{ number: 1, steps: [charge, discharge] }], edges, 0.002);

  it('windows sum exactly to the half-cycle total (∫I dt)', () => {
    for (const half of [result!.charge!, result!.discharge!]) {
      const sum = half.windows.reduce((s, w) => s + w.capacityMAh, 0);
      expect(Math.abs(sum - half.totalMAh)).toBeLessThan(1e-12 * half.totalMAh);
      expect(half.windows.reduce((s, w) => s + w.fraction!, 0)).toBeCloseTo(1, 12);
    }
    expect(result!.charge!.totalMAh).toBeCloseTo(charge.integratedAh * 1000, 12);
  });

  it('window capacities match the analytic integral within 0.5 %', () => {
    for (const [half, spec] of [
      [result!.charge!, shifted(HEV_LIKE, 0.02)],
      [result!.discharge!, shifted(HEV_LIKE, -0.02)],
    ] as const) {
      const bounds: [number, number][] = [[-Infinity, 3.0], [3.0, 3.6], [3.6, Infinity]];
      half.windows.forEach((w, i) => {
        const expected = windowIntegral(spec, bounds[i]![0], bounds[i]![1]);
        expect(Math.abs(w.capacityMAh - expected) / expected).toBeLessThan(0.005);
      });
      expect(half.totalMAh).toBeCloseTo(totalCapacity(spec), 6);
    }
  });

  it('specific capacities divide by the mass; open ends are null', () => {
    const w = result!.charge!.windows;
    expect(w[0]!.fromV).toBeNull();
    expect(w[2]!.toV).toBeNull();
    expect(w[1]!.specificCapacityMAhG).toBeCloseTo(w[1]!.capacityMAh / 0.002, 9);
    expect(cycleWindows([{ number: 1, steps: [charge] }], edges, null)[0]!.charge!.windows[1]!.specificCapacityMAhG).toBeNull();
    expect(cycleWindows([{ number: 1, steps: [charge] }], edges, null)[0]!.discharge).toBeNull();
  });
});
