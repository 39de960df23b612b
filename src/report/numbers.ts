/** Rounding happens here and only here: analyses keep full precision. */
export function fixed(x: number | null | undefined, digits: number): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '–';
  const s = x.toFixed(digits);
  return s === `-${(0).toFixed(digits)}` ? (0).toFixed(digits) : s;
}

export function percent(fraction: number | null | undefined, digits = 2): string {
  return fraction === null || fraction === undefined ? '–' : fixed(fraction * 100, digits);
}

/** Numbers for CSV: full precision, empty for absent. */
export function csvNumber(x: number | null | undefined): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '';
  return String(Number(x.toPrecision(12)));
}
