/**
 * Weighted histogram on the lattice k·step: each weight goes to the bin whose centre is
 * nearest its x (bin k covers [(k−½)·step, (k+½)·step)). Non-finite x or weights are skipped.
 * Returns the first lattice index and the per-bin sums.
 */
export function latticeHistogram(x: ArrayLike<number>, weights: ArrayLike<number>, step: number): { k0: number; sums: Float64Array } {
  let kMin = Infinity;
  let kMax = -Infinity;
  const ks = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) {
    const xi = x[i]!;
    const w = weights[i]!;
    if (!Number.isFinite(xi) || !Number.isFinite(w)) {
      ks[i] = Number.NaN;
      continue;
    }
    const k = Math.round(xi / step);
    ks[i] = k;
    if (k < kMin) kMin = k;
    if (k > kMax) kMax = k;
  }
  if (!Number.isFinite(kMin)) return { k0: 0, sums: new Float64Array(0) };
  const sums = new Float64Array(kMax - kMin + 1);
  for (let i = 0; i < x.length; i++) {
    const k = ks[i]!;
    if (Number.isFinite(k)) sums[k - kMin] = sums[k - kMin]! + weights[i]!;
  }
  return { k0: kMin, sums };
}
