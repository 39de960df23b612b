import { describe, expect, it } from 'vitest';
import { pairCouples, COUPLE_DEFAULTS } from '../../src/analysis/couples.js';
import { dqdvPeaks } from '../../src/analysis/peaks.js';
import type { DqdvPeak } from '../../src/analysis/peaks.js';
import { REDOX_REFERENCES, nearestCouple, redoxReference } from '../../src/references/load.js';

const peak = (voltageV: number): DqdvPeak => ({ voltageV, heightMAhPerV: 1, prominence: 1, fwhmV: 0.02, areaMAh: 0.1 });

describe('pairCouples', () => {
  it('keeps order: the k-th oxidation peak pairs with the k-th reduction peak', () => {
    // LFP/graphite-like staging: greedy nearest-pairing would cross 3.331 with 3.309
    const c = pairCouples(1, [3.242, 3.331, 3.37].map(peak), [3.176, 3.266, 3.309].map(peak));
    expect(c.map((x) => [x.oxidationV, x.reductionV])).toEqual([[3.242, 3.176], [3.331, 3.266], [3.37, 3.309]]);
    expect(c[0]!.polarizationV).toBeCloseTo(0.066, 12);
    expect(c[0]!.meanVoltageV).toBeCloseTo(3.209, 12);
  });
  it('leaves unmatched peaks out and respects the separation limits', () => {
    const c = pairCouples(2, [1.7, 3.45, 4.05].map(peak), [3.41, 4.0].map(peak));
    expect(c.map((x) => x.oxidationV)).toEqual([3.45, 4.05]);
    expect(pairCouples(1, [peak(4.0)], [peak(3.0)])).toHaveLength(0);
    expect(pairCouples(1, [peak(3.0)], [peak(3.1)])).toHaveLength(0); // ox far below red
    expect(pairCouples(1, [], [peak(3.1)])).toHaveLength(0);
  });
  it('labels from a reference table', () => {
    const c = pairCouples(1, [1.69, 3.45, 4.05].map(peak), [1.65, 3.41, 4.01].map(peak), { ...COUPLE_DEFAULTS, reference: REDOX_REFERENCES['he-v'] });
    expect(c.map((x) => x.label)).toEqual(['V³⁺/V²⁺', 'V⁴⁺/V³⁺', 'V⁵⁺/V⁴⁺']);
    expect(c[1]!.referenceV).toBe(3.43);
  });
});

describe('redox references', () => {
  it('has the HE-V and NVP tables and finds the nearest couple', () => {
    expect(REDOX_REFERENCES['he-v'].couples.map((c) => c.potentialV)).toEqual([1.67, 3.43, 4.03]);
    expect(REDOX_REFERENCES.nvp.couples.map((c) => c.potentialV)).toEqual([1.6, 3.4]);
    expect(redoxReference('nvp')?.id).toBe('nvp');
    expect(redoxReference('toString')).toBeNull();
    expect(nearestCouple(REDOX_REFERENCES.nvp, 3.9, 0.1)).toBeNull();
  });
});

describe('dqdvPeaks', () => {
  it('thresholds by relative or absolute prominence; discharge heights are magnitudes', () => {
    const v = Float64Array.from({ length: 200 }, (_, i) => 3 + i * 0.005);
    const g = (x: number, mu: number, a: number): number => a * Math.exp(-((x - mu) ** 2) / (2 * 0.01 ** 2));
    const y = Float64Array.from(v, (x) => -(g(x, 3.3, 10) + g(x, 3.6, 0.3)));
    const curve = { direction: 'discharge' as const, stepV: 0.005, voltageV: v, dqdvMAhPerV: y };
    const rel = dqdvPeaks(curve, { minProminence: { kind: 'relative', fraction: 0.05 }, edgePoints: 4 });
    expect(rel.map((p) => Number(p.voltageV.toFixed(3)))).toEqual([3.3]);
    expect(rel[0]!.heightMAhPerV).toBeCloseTo(10, 6);
    // area of a Gaussian a·σ·√(2π); the bounds run to the prominence base, so the small
    // peak below the threshold (0.3·0.01·√(2π) ≈ 0.0075) may be counted in
    expect(Math.abs(rel[0]!.areaMAh - 10 * 0.01 * Math.sqrt(2 * Math.PI))).toBeLessThan(0.008);
    expect(rel[0]!.fwhmV).toBeCloseTo(2.3548 * 0.01, 3);
    const abs = dqdvPeaks(curve, { minProminence: { kind: 'absolute', mAhPerV: 0.1 }, edgePoints: 4 });
    expect(abs).toHaveLength(2);
  });
});
