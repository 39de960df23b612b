/** A uniform grid x_k = (k0 + k)·step, k = 0…n−1: voltages that line up across half cycles. */
export interface UniformGrid {
  step: number;
  /** Index of the first grid point on the global lattice (x₀ = k0·step). */
  k0: number;
  values: Float64Array;
}

/** Lattice points k·step inside [min, max]; a relative tolerance keeps exact multiples in. */
export function latticeGrid(min: number, max: number, step: number): UniformGrid {
  if (!(step > 0) || !Number.isFinite(step)) throw new RangeError(`grid step must be a positive number, got ${step}`);
  if (!(max >= min)) return { step, k0: 0, values: new Float64Array(0) };
  const eps = 1e-9;
  const k0 = Math.ceil(min / step - eps);
  const k1 = Math.floor(max / step + eps);
  const n = Math.max(0, k1 - k0 + 1);
  const values = new Float64Array(n);
  for (let k = 0; k < n; k++) values[k] = (k0 + k) * step;
  return { step, k0, values };
}

/**
 * Knots of a curve y(x) whose x is non-decreasing: runs of equal x (left by monotone
 * cleaning) collapse to one knot at the run's mean y, so the curve stays a function of x.
 * `lastRun: 'first'` keeps the first y of the final run instead: at the end of a charge that
 * run is the constant-voltage hold, whose capacity is not a dQ/dV feature.
 */
export function collapseTies(x: ArrayLike<number>, y: ArrayLike<number>, lastRun: 'mean' | 'first' = 'mean'): { x: Float64Array; y: Float64Array } {
  const xs: number[] = [];
  const ys: number[] = [];
  let i = 0;
  const n = x.length;
  while (i < n) {
    let j = i;
    let sum = 0;
    while (j < n && x[j] === x[i]) sum += y[j++]!;
    xs.push(x[i]!);
    ys.push(j === n && lastRun === 'first' ? y[i]! : sum / (j - i));
    i = j;
  }
  return { x: Float64Array.from(xs), y: Float64Array.from(ys) };
}

