import { describe, expect, it } from 'vitest';
import { findPeaks, trapezoidBetween } from '../../src/math/peaks.js';
import { centralDifference, smoothDerivative } from '../../src/math/derivative.js';
import { savitzkyGolay } from '../../src/math/smooth.js';

const gauss = (x: number, mu: number, s: number, a: number): number => a * Math.exp(-((x - mu) ** 2) / (2 * s * s));

describe('findPeaks', () => {
  const h = 0.01;
  const x = Array.from({ length: 401 }, (_, i) => i * h);
  const y = x.map((v) => gauss(v, 1.0, 0.05, 2) + gauss(v, 2.5, 0.1, 1) + 0.01 * Math.sin(v * 200));

  it('finds two Gaussians with position, prominence, FWHM and area', () => {
    const peaks = findPeaks(y, { minProminence: 0.2 });
    expect(peaks).toHaveLength(2);
    const [a, b] = peaks;
    expect(a!.position * h).toBeCloseTo(1.0, 2);
    // the ripple moves the broad peak's top by up to a few samples
    expect(Math.abs(b!.position * h - 2.5)).toBeLessThan(0.01);
    expect(a!.prominence).toBeGreaterThan(1.9);
    // FWHM of a Gaussian = 2·√(2 ln 2)·σ = 2.3548σ
    expect((a!.rightHalf - a!.leftHalf) * h).toBeCloseTo(2.3548 * 0.05, 2);
    expect((b!.rightHalf - b!.leftHalf) * h).toBeCloseTo(2.3548 * 0.1, 2);
    // area = a·σ·√(2π)
    expect(trapezoidBetween(y, a!.leftBound, a!.rightBound, h)).toBeCloseTo(2 * 0.05 * Math.sqrt(2 * Math.PI), 2);
  });

  it('small ripples stay below the prominence threshold; plateaus and edges are not peaks', () => {
    const big = findPeaks(y, { minProminence: 0.2 });
    expect(big).toHaveLength(2);
    expect(big.every((p) => p.prominence > 0.2)).toBe(true);
    expect(findPeaks([3, 2, 1, 2, 3], { minProminence: 0 })).toHaveLength(0);
    const flat = findPeaks([0, 1, 1, 1, 0], { minProminence: 0.5 });
    expect(flat).toHaveLength(1);
    expect(flat[0]!.index).toBe(2);
    expect(findPeaks([0, 1, 0, 0, 0], { minProminence: 0, edge: 2 })).toHaveLength(0);
  });

  it('ignores NaN samples', () => {
    expect(findPeaks([Number.NaN, 0, 2, 0, Number.NaN], { minProminence: 1 }).map((p) => p.index)).toEqual([2]);
  });
});

describe('derivatives', () => {
  it('Savitzky–Golay derivative of a line is its slope, at the ends too', () => {
    const y = Array.from({ length: 30 }, (_, i) => 3 + 2.5 * i * 0.005);
    for (const d of smoothDerivative(y, 0.005, 9, 3)) expect(d).toBeCloseTo(2.5, 9);
    for (const d of centralDifference(y, 0.005)) expect(d).toBeCloseTo(2.5, 9);
  });
  it('shrinks the window to short series, NaN below five points', () => {
    expect(savitzkyGolay([1, 2, 3, 4, 5, 6], 1, { window: 9, polynomial: 3, derivative: 1 })[2]).toBeCloseTo(1, 9);
    expect(Number.isNaN(savitzkyGolay([1, 2, 3], 1, { window: 9, polynomial: 3, derivative: 0 })[0])).toBe(true);
  });
});
