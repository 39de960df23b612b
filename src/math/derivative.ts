import { savitzkyGolay } from './smooth.js';

/**
 * dy/dx on an even grid (spacing h) by a Savitzky–Golay first-derivative filter: smoothing
 * and differentiation in one least-squares step, so noise is not amplified the way a raw
 * Δy/Δx is on plateaus. `window` ≤ 4 falls back to central differences (no smoothing).
 */
export function smoothDerivative(y: ArrayLike<number>, h: number, window: number, polynomial: number): Float64Array {
  if (window <= 4) return centralDifference(y, h);
  return savitzkyGolay(y, h, { window, polynomial, derivative: 1 });
}

/** Central differences inside, one-sided at the ends: (y[i+1] − y[i−1]) / 2h. */
export function centralDifference(y: ArrayLike<number>, h: number): Float64Array {
  const n = y.length;
  const out = new Float64Array(n);
  if (n < 2) return out.fill(Number.NaN);
  for (let i = 0; i < n; i++) {
    const a = Math.max(0, i - 1);
    const b = Math.min(n - 1, i + 1);
    out[i] = (y[b]! - y[a]!) / ((b - a) * h);
  }
  return out;
}
