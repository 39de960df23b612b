import { lazy } from '../util/lazy.js';

const savitzky = lazy<typeof import('ml-savitzky-golay-generalized')>('ml-savitzky-golay-generalized');

export interface SavitzkyGolayOptions {
  /** Odd number of points in the moving window, ≥ 5 (the library's minimum). */
  window: number;
  polynomial: number;
  /** 0 smooths, 1 returns the first derivative. */
  derivative: 0 | 1;
}

/**
 * Savitzky–Golay filter on evenly spaced samples (spacing h): the value or derivative of a
 * least-squares polynomial fitted in a moving window. Uses the maintained
 * `ml-savitzky-golay-generalized` package rather than our own coefficients. When the series is
 * shorter than the window the window shrinks to the largest odd length that fits; below 5
 * points there is nothing to fit and NaNs come back.
 * Reference: Savitzky & Golay, Anal. Chem. 36 (1964) 1627.
 */
export function savitzkyGolay(y: ArrayLike<number>, h: number, options: SavitzkyGolayOptions): Float64Array {
  const n = y.length;
  let window = options.window;
  if (window > n) window = n % 2 === 1 ? n : n - 1;
  if (window < 5) return new Float64Array(n).fill(Number.NaN);
  const polynomial = Math.min(options.polynomial, window - 2);
  return savitzky().sgg(Array.from(y), h, { windowSize: window, derivative: options.derivative, polynomial });
}
