/**
 * Monotone cleaning of a voltage trace before dQ/dV (FORMATS.md trap 7): inside one half
 * cycle the voltage wiggles (noise, relaxation after a current change), and sorting by
 * voltage would scramble the capacity order. Both functions keep the time order and only
 * change voltages, so capacity stays attached to the sample that passed it.
 */

/**
 * Least-squares non-decreasing fit (isotonic regression, pool-adjacent-violators):
 * minimises Σ (yᵢ − fᵢ)² subject to f₀ ≤ f₁ ≤ … . Unlike a running maximum it is not
 * biased upward by noise: a block of violators is replaced by its mean.
 * Reference: Barlow et al., Statistical Inference under Order Restrictions (1972).
 */
export function isotonicIncreasing(y: ArrayLike<number>): Float64Array {
  const n = y.length;
  // Blocks as parallel stacks: mean value, size.
  const mean = new Float64Array(n);
  const size = new Int32Array(n);
  let top = -1;
  for (let i = 0; i < n; i++) {
    top++;
    mean[top] = y[i]!;
    size[top] = 1;
    while (top > 0 && mean[top - 1]! > mean[top]!) {
      const s = size[top - 1]! + size[top]!;
      mean[top - 1] = (mean[top - 1]! * size[top - 1]! + mean[top]! * size[top]!) / s;
      size[top - 1] = s;
      top--;
    }
  }
  const out = new Float64Array(n);
  let k = 0;
  for (let b = 0; b <= top; b++) for (let j = 0; j < size[b]!; j++) out[k++] = mean[b]!;
  return out;
}

/** Running maximum (cumulative-max cleaning): simple, but shifts a noisy curve up by its noise. */
export function runningMax(y: ArrayLike<number>): Float64Array {
  const out = new Float64Array(y.length);
  let m = -Infinity;
  for (let i = 0; i < y.length; i++) {
    m = Math.max(m, y[i]!);
    out[i] = m;
  }
  return out;
}

export type MonotoneMethod = 'isotonic' | 'cummax';

/** Non-decreasing (`increasing`) or non-increasing version of y, by the chosen method. */
export function makeMonotone(y: ArrayLike<number>, increasing: boolean, method: MonotoneMethod): Float64Array {
  const fit = method === 'isotonic' ? isotonicIncreasing : runningMax;
  if (increasing) return fit(y);
  const neg = Float64Array.from(y as ArrayLike<number>, (v) => -v);
  const out = fit(neg);
  for (let i = 0; i < out.length; i++) out[i] = -out[i]!;
  return out;
}
