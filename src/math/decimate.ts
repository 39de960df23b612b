/**
 * Indices to keep so that a long series drawn at `buckets` columns looks the same: per bucket the
 * first, the smallest, the largest and the last point (in index order). Peaks and dips keep their
 * height; a series no longer than 4·buckets is kept whole.
 */
export function minMaxIndices(values: ArrayLike<number>, buckets: number): number[] {
  const n = values.length;
  if (n <= 4 * buckets || buckets < 1) return Array.from({ length: n }, (_, i) => i);
  const keep: number[] = [];
  for (let b = 0; b < buckets; b++) {
    const from = Math.floor((b * n) / buckets);
    const to = Math.floor(((b + 1) * n) / buckets);
    if (to <= from) continue;
    let lo = -1;
    let hi = -1;
    for (let i = from; i < to; i++) {
      const v = values[i]!;
      if (!Number.isFinite(v)) continue;
      if (lo < 0 || v < values[lo]!) lo = i;
      if (hi < 0 || v > values[hi]!) hi = i;
    }
    const picked = new Set([from, to - 1]);
    if (lo >= 0) picked.add(lo);
    if (hi >= 0) picked.add(hi);
    keep.push(...[...picked].sort((a, b) => a - b));
  }
  return keep;
}
