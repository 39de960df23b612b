import { describe, expect, it } from 'vitest';
import { cycleWindows, validateEdges, windowCapacities, worstCounterGap } from '../../src/analysis/windows.js';
import type { Cycle } from '../../src/segment/cycles.js';
import type { Step } from '../../src/segment/steps.js';
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

describe('worstCounterGap: the windows check without the windows', () => {
  /** A step of `n` points from 3.0 to 3.9 V passing `ah` (signed), the file counting `fileAh`. */
  const step = (kind: 'charge' | 'discharge' | 'rest', ah: number, fileAh: number | null): Step => {
    const n = 5;
    const at = (f: (k: number) => number): Float64Array => Float64Array.from({ length: n }, (_, k) => f(k));
    return {
      index: 0, kind, fileCycle: 1, fileStep: 1, startLine: 1, endLine: n, records: n, startTimeS: 0, endTimeS: n, firstVoltageV: 3, lastVoltageV: 3.9, minVoltageV: 3, maxVoltageV: 3.9,
      integratedAh: ah, integratedWh: 0, fileCapacityAh: fileAh, fileEnergyWh: null, meanTemperatureC: null,
      points: { timeS: at((k) => k), voltageV: at((k) => 3 + (k * 0.9) / (n - 1)), currentA: at(() => 1), chargeAh: at((k) => (ah * (k + 1)) / n), length: n },
    };
  };
  it("equals the largest gap cycleWindows reports between ∫I dt and the file's counter", () => {
    const cycles: Cycle[] = [
      { number: 1, steps: [step('charge', 0.001, 0.00101), step('charge', 0.0005, 0.0005), step('discharge', -0.0012, 0.0011)] } as Cycle,
      { number: 2, steps: [step('charge', 0.002, null), step('discharge', -0.0015, 0.0015), step('rest', 0, null)] } as Cycle,
      { number: 3, steps: [step('rest', 0, 0)] } as Cycle,
    ];
    let expected = 0;
    for (const c of cycleWindows(cycles, [3.3, 3.6], null)) {
      for (const h of [c.charge, c.discharge]) if (h?.fileTotalMAh != null && h.fileTotalMAh > 0) expected = Math.max(expected, Math.abs(h.totalMAh - h.fileTotalMAh) / h.fileTotalMAh);
    }
    expect(expected).toBeCloseTo(0.1 / 1.1, 12); // cycle 1's discharge: 1.2 mAh against the file's 1.1
    expect(worstCounterGap(cycles)).toBe(expected);
    expect(worstCounterGap([cycles[1]!, cycles[2]!])).toBe(0);
  });
});
