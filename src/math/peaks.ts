/** A local maximum of an evenly sampled series, described in index units. */
export interface IndexPeak {
  /** Sample index of the maximum (the middle of a flat top). */
  index: number;
  /** Sub-sample position from a parabola through the maximum and its neighbours. */
  position: number;
  height: number;
  /** Height above the higher of the two lowest points reached before climbing above the peak. */
  prominence: number;
  leftBase: number;
  rightBase: number;
  /** Fractional indices where the series crosses height − prominence/2 on each side. */
  leftHalf: number;
  rightHalf: number;
  /** Lowest sample between this peak and the neighbouring accepted peak (or its base). */
  leftBound: number;
  rightBound: number;
}

export interface FindPeaksOptions {
  /** Keep peaks with at least this prominence (same unit as y). */
  minProminence: number;
  /** Ignore maxima within this many samples of either end (filter edge effects). */
  edge?: number;
}

/**
 * Peaks by topographic prominence (the definition used by scipy.signal.find_peaks): from a
 * maximum, walk each way until the series rises above it or ends; the prominence is the
 * height above the higher of the two minima met. Width is measured at half prominence,
 * i.e. the full width at half maximum of the peak above its local baseline.
 * NaN samples are treated as absent (never a peak, never a base).
 */
export function findPeaks(y: ArrayLike<number>, options: FindPeaksOptions): IndexPeak[] {
  const n = y.length;
  const edge = Math.max(1, options.edge ?? 1);
  const at = (i: number): number => {
    const v = y[i]!;
    return Number.isFinite(v) ? v : -Infinity;
  };
  const candidates: IndexPeak[] = [];
  let i = edge;
  while (i < n - edge) {
    const h = at(i);
    if (!(h > at(i - 1)) || h === -Infinity) {
      i++;
      continue;
    }
    // Flat tops: find where the run of equal values ends.
    let j = i;
    while (j + 1 < n && at(j + 1) === h) j++;
    if (j + 1 >= n || at(j + 1) >= h || j >= n - edge) {
      i = j + 1;
      continue;
    }
    const mid = Math.floor((i + j) / 2);
    candidates.push(describe(mid, h, i, j));
    i = j + 1;
  }
  const kept = candidates.filter((p) => p.prominence >= options.minProminence && p.prominence > 0);
  // Area bounds: the lowest point between neighbouring accepted peaks, else the prominence base.
  for (let k = 0; k < kept.length; k++) {
    const p = kept[k]!;
    const prev = kept[k - 1];
    const next = kept[k + 1];
    p.leftBound = prev ? argMin(prev.index, p.index) : p.leftBase;
    p.rightBound = next ? argMin(p.index, next.index) : p.rightBase;
  }
  return kept;

  function describe(index: number, h: number, runStart: number, runEnd: number): IndexPeak {
    let l = runStart - 1;
    let leftMin = Infinity;
    let leftBase = runStart;
    while (l >= 0 && at(l) <= h) {
      if (at(l) < leftMin && Number.isFinite(at(l))) [leftMin, leftBase] = [at(l), l];
      l--;
    }
    let r = runEnd + 1;
    let rightMin = Infinity;
    let rightBase = runEnd;
    while (r < n && at(r) <= h) {
      if (at(r) < rightMin && Number.isFinite(at(r))) [rightMin, rightBase] = [at(r), r];
      r++;
    }
    const base = Math.max(leftMin === Infinity ? h : leftMin, rightMin === Infinity ? h : rightMin);
    const prominence = h - base;
    const half = h - prominence / 2;
    let a = index;
    while (a > leftBase && at(a) > half) a--;
    const leftHalf = at(a) === at(a + 1) ? a : a + (half - at(a)) / (at(a + 1) - at(a));
    let b = index;
    while (b < rightBase && at(b) > half) b++;
    const rightHalf = at(b) === at(b - 1) ? b : b - (half - at(b)) / (at(b - 1) - at(b));
    let position = index;
    if (runStart === runEnd && index > 0 && index < n - 1) {
      const ym = at(index - 1);
      const yp = at(index + 1);
      const denom = ym - 2 * h + yp;
      if (Number.isFinite(denom) && denom < 0) position = index + (0.5 * (ym - yp)) / denom;
    }
    return { index, position, height: h, prominence, leftBase, rightBase, leftHalf, rightHalf, leftBound: leftBase, rightBound: rightBase };
  }

  function argMin(from: number, to: number): number {
    let best = from;
    for (let k = from; k <= to; k++) if (at(k) < at(best)) best = k;
    return best;
  }
}

/** Trapezoid integral of evenly spaced y between sample indices a ≤ b (spacing h); NaN skipped. */
export function trapezoidBetween(y: ArrayLike<number>, a: number, b: number, h: number): number {
  let sum = 0;
  for (let k = a; k < b; k++) {
    const y0 = y[k]!;
    const y1 = y[k + 1]!;
    if (Number.isFinite(y0) && Number.isFinite(y1)) sum += ((y0 + y1) / 2) * h;
  }
  return sum;
}
