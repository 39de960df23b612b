import { describe, expect, it } from 'vitest';
import type { RedoxCouple } from '../../src/analysis/couples.js';
import type { DqdvHalfCycle } from '../../src/analysis/dqdv.js';
import { chooseEdges, edgesAgainstValleys, valleyEdges } from '../../src/analysis/valleys.js';

/** A half cycle whose |dQ/dV| is `f(v)` on a 1 mV grid from 1.5 to 4.5 V. */
function half(direction: 'charge' | 'discharge', f: (v: number) => number): DqdvHalfCycle {
  const voltageV = Float64Array.from({ length: 3001 }, (_, i) => 1.5 + i * 0.001);
  const sign = direction === 'charge' ? 1 : -1;
  return { cycle: 2, direction, totalMAh: 1, points: 3001, peaks: [], curve: { direction, stepV: 0.001, voltageV, dqdvMAhPerV: voltageV.map((v) => sign * f(v)) } };
}
const couple = (ox: number, red: number): RedoxCouple => ({ cycle: 2, oxidationV: ox, reductionV: red, meanVoltageV: (ox + red) / 2, polarizationV: ox - red, label: null, referenceV: null });
const gauss = (v: number, at: number, width: number): number => Math.exp(-(((v - at) / width) ** 2));

describe('valley edges: where the combined dQ/dV bottoms out between two couples', () => {
  it('a V-shaped valley bottoms out at its minimum, not at the midpoint between the peaks (3.30 V, peaks at 2.0 and 4.0 V)', () => {
    const f = (v: number): number => gauss(v, 2.0, 0.05) + gauss(v, 4.0, 0.05) + 0.2 * Math.abs(v - 3.3);
    const r = valleyEdges([half('charge', f), half('discharge', f)], [couple(2.02, 1.98), couple(4.02, 3.98)])!;
    expect(r.edgesV).toEqual([3.3]);
  });

  it('charge and discharge weigh the same: minima at 2.9 V (charge) and 3.1 V (discharge), mirror images, give 3.00 V', () => {
    const c = (v: number): number => gauss(v, 2.0, 0.05) + gauss(v, 4.0, 0.05) + 0.01 + 0.5 * (v - 2.9) ** 2;
    const d = (v: number): number => gauss(v, 2.0, 0.05) + gauss(v, 4.0, 0.05) + 0.01 + 0.5 * (v - 3.1) ** 2;
    expect(valleyEdges([half('charge', c), half('discharge', d)], [couple(2.0, 2.0), couple(4.0, 4.0)])!.edgesV).toEqual([3.0]);
  });

  it('a flat floor: the middle of the floor (peaks at 2.0 and 4.0 V of equal width → 3.00 V)', () => {
    const f = (v: number): number => gauss(v, 2.0, 0.05) + gauss(v, 4.0, 0.05) + 0.004;
    const r = valleyEdges([half('charge', f), half('discharge', f)], [couple(2.0, 2.0), couple(4.0, 4.0)])!;
    expect(r.edgesV).toEqual([3.0]);
    expect(r.valleys[0]!.floorFromV).toBeGreaterThan(2.1);
    expect(r.valleys[0]!.floorToV).toBeLessThan(3.9);
  });

  it('unresolved couples (the curve never falls to half between them) have no edge', () => {
    const f = (v: number): number => gauss(v, 3.0, 0.2) + gauss(v, 3.3, 0.2);
    expect(valleyEdges([half('charge', f), half('discharge', f)], [couple(3.0, 3.0), couple(3.3, 3.3)])).toBeNull();
  });

  it("a reference's edges are kept unless the valleys reproduce them within 0.05 V; either way the note gives the valleys", () => {
    const f = (v: number): number => gauss(v, 2.0, 0.05) + gauss(v, 4.0, 0.05) + 0.2 * Math.abs(v - 3.3);
    const valleys = valleyEdges([half('charge', f), half('discharge', f)], [couple(2.02, 1.98), couple(4.02, 3.98)])!;
    const kept = chooseEdges({ edgesV: [3.0], source: 'the reference' }, valleys, { edgesV: [3.6], source: 'default' });
    expect(kept.edgesV).toEqual([3.0]);
    expect(kept.edgesSource).toBe('the reference');
    expect(kept.edgesNote).toBe("the valleys between the dQ/dV couples of cycle 2 (2.00 V, 4.00 V) bottom out at 3.30 V (floors 3.25–3.35 V), not within 0.05 V of 3.00 V: those are kept; an edge off every valley floor cuts through a couple");
    const matched = chooseEdges({ edgesV: [3.27], source: 'the reference' }, valleys, { edgesV: [3.6], source: 'default' });
    expect(matched.edgesV).toEqual([3.3]);
    expect(matched.edgesSource).toMatch(/^valleys between the dQ\/dV couples of cycle 2/);
    expect(edgesAgainstValleys([3.27], valleys).matches).toBe(true);
    expect(chooseEdges(null, null, { edgesV: [3.0, 3.6], source: 'default' })).toEqual({ edgesV: [3.0, 3.6], edgesSource: 'default', edgesNote: null });
  });
});
