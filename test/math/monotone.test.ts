import { describe, expect, it } from 'vitest';
import { isotonicIncreasing, makeMonotone, runningMax } from '../../src/math/monotone.js';
import { collapseTies, latticeGrid } from '../../src/math/resample.js';
import { interpolateAscending } from '../../src/math/interpolate.js';
import { latticeHistogram } from '../../src/math/histogram.js';

describe('monotone cleaning', () => {
  it('isotonic regression pools violators into their mean', () => {
    expect([...isotonicIncreasing([1, 3, 2, 4])]).toEqual([1, 2.5, 2.5, 4]);
    expect([...isotonicIncreasing([5, 4, 3])]).toEqual([4, 4, 4]);
    expect([...isotonicIncreasing([])]).toEqual([]);
  });
  it('running max and decreasing fits', () => {
    expect([...runningMax([1, 3, 2, 4])]).toEqual([1, 3, 3, 4]);
    expect([...makeMonotone([4, 2, 3, 1], false, 'isotonic')]).toEqual([4, 2.5, 2.5, 1]);
  });
  it('keeps an already monotone series unchanged', () => {
    const y = [0.1, 0.2, 0.2, 0.7];
    expect([...isotonicIncreasing(y)]).toEqual(y);
  });
});

describe('resampling', () => {
  it('lattice grid holds exact multiples of the step', () => {
    const g = latticeGrid(3.0, 3.02, 0.005);
    expect(g.values.length).toBe(5);
    expect(g.values[0]).toBeCloseTo(3.0, 12);
    expect(g.k0).toBe(600);
    expect(latticeGrid(1, 0, 0.1).values.length).toBe(0);
    expect(() => latticeGrid(0, 1, 0)).toThrow(RangeError);
  });
  it('collapses runs of equal x; the final run may keep its first y', () => {
    expect(collapseTies([1, 2, 2, 3], [0, 1, 3, 4])).toEqual({ x: Float64Array.from([1, 2, 3]), y: Float64Array.from([0, 2, 4]) });
    expect(collapseTies([1, 2, 2], [0, 1, 3], 'first').y[1]).toBe(1);
  });
  it('interpolates inside, NaN outside', () => {
    const r = interpolateAscending([0, 1, 2], [0, 10, 30], [-1, 0, 0.5, 1.5, 2, 3]);
    expect([...r]).toEqual([Number.NaN, 0, 5, 20, 30, Number.NaN]);
  });
  it('histogram puts weights in the nearest lattice bin', () => {
    const h = latticeHistogram([0.101, 0.104, 0.118, Number.NaN], [1, 2, 4, 8], 0.01);
    expect(h.k0).toBe(10);
    expect([...h.sums]).toEqual([3, 0, 4]);
  });
});
