/**
 * Linear interpolation of y(x) at ascending query points, x strictly increasing.
 * Queries outside [x₀, x_last] give NaN: extrapolating a capacity curve invents capacity.
 * One merge pass, O(n + m).
 */
export function interpolateAscending(x: ArrayLike<number>, y: ArrayLike<number>, queries: ArrayLike<number>): Float64Array {
  const out = new Float64Array(queries.length);
  const n = x.length;
  let j = 0;
  for (let k = 0; k < queries.length; k++) {
    const q = queries[k]!;
    if (n === 0 || q < x[0]! || q > x[n - 1]!) {
      out[k] = Number.NaN;
      continue;
    }
    while (j < n - 2 && x[j + 1]! < q) j++;
    if (n === 1) {
      out[k] = y[0]!;
      continue;
    }
    const x0 = x[j]!;
    const x1 = x[j + 1]!;
    const t = x1 === x0 ? 0 : (q - x0) / (x1 - x0);
    out[k] = y[j]! + t * (y[j + 1]! - y[j]!);
  }
  return out;
}
