/** Exact powers of ten: every 10^k with k ≤ 22 is representable in a double. */
export const POW10 = Float64Array.from({ length: 23 }, (_, k) => 10 ** k);

/** 2^53 − 1: every integer up to it is an exact double. */
export const MAX_EXACT_INTEGER = 9007199254740991;

/** A byte that never occurs, for scanning a range whose end is already known. */
export const NO_DELIMITER = -1;

/**
 * Parse a plain decimal number (`-12.5`, `3.4e-5`, `+0.0001`, `.5`, `5.`) from the bytes at
 * `start`, and find where its cell ends (the next `delimiter`, or `end`), in one pass: the
 * digits the cell splitter must walk anyway are the digits the parser reads. Stores the value
 * in `out[slot]`, or NaN when the cell is not in that simple form or outside the exact range,
 * so that the caller falls back to the general parser (NaN is never a simple number's value).
 * Returns the index of the cell's end.
 *
 * Exactness (Clinger's fast path): when all digits fit in an integer m < 2^53 and the decimal
 * exponent |e| ≤ 22, both m and 10^|e| are exact doubles, and one IEEE division or
 * multiplication is correctly rounded — the same double `Number(text)` returns.
 *
 * Exponents are rare in cycler exports, so they are read out of line: that keeps this function
 * under V8's size limit for inlining into the cell splitter's loop.
 */
export function scanAsciiNumber(buf: Uint8Array, start: number, end: number, delimiter: number, out: Float64Array, slot: number): number {
  let i = start;
  const sign = i < end ? buf[i]! : delimiter;
  const negative = sign === 45; /* - */
  if (negative || sign === 43 /* + */) i++;
  let mantissa = 0;
  const integerStart = i;
  for (; i < end; i++) {
    const digit = buf[i]! - 48;
    if (digit < 0 || digit > 9) break;
    mantissa = mantissa * 10 + digit;
  }
  let digits = i - integerStart;
  let fractionDigits = 0;
  if (i < end && buf[i] === 46 /* . */) {
    i++;
    const fractionStart = i;
    for (; i < end; i++) {
      const digit = buf[i]! - 48;
      if (digit < 0 || digit > 9) break;
      mantissa = mantissa * 10 + digit;
    }
    fractionDigits = i - fractionStart;
    digits += fractionDigits;
  }
  if (i < end && buf[i] !== delimiter) {
    if ((buf[i]! | 32) === 101 /* e or E */) return scanExponent(buf, i + 1, end, delimiter, out, slot, negative, mantissa, digits, fractionDigits);
    return notSimple(buf, i, end, delimiter, out, slot);
  }
  out[slot] = exactValue(negative, mantissa, digits, -fractionDigits);
  return i;
}

/** The exponent of a number scanAsciiNumber has read up to its 'e', from byte `from`. */
function scanExponent(
  buf: Uint8Array,
  from: number,
  end: number,
  delimiter: number,
  out: Float64Array,
  slot: number,
  negative: boolean,
  mantissa: number,
  digits: number,
  fractionDigits: number,
): number {
  let i = from;
  let exponentNegative = false;
  if (i < end && (buf[i] === 45 || buf[i] === 43)) {
    exponentNegative = buf[i] === 45;
    i++;
  }
  const exponentStart = i;
  let exponent = 0;
  for (; i < end; i++) {
    const digit = buf[i]! - 48;
    if (digit < 0 || digit > 9) break;
    exponent = exponent * 10 + digit;
  }
  if (i < end && buf[i] !== delimiter) return notSimple(buf, i, end, delimiter, out, slot);
  // An exponent needs a digit; beyond ±400 no digit count brings the value back into range.
  if (i === exponentStart || exponent > 400) out[slot] = Number.NaN;
  else out[slot] = exactValue(negative, mantissa, digits, (exponentNegative ? -exponent : exponent) - fractionDigits);
  return i;
}

/**
 * ±mantissa × 10^e10 when both factors are exact doubles, so that one correctly rounded
 * operation gives `Number(text)`; NaN otherwise. The mantissa is checked only here: digits
 * only ever make it grow, so it ends at or below 2^53 − 1 exactly when every step was exact.
 */
function exactValue(negative: boolean, mantissa: number, digits: number, e10: number): number {
  if (digits === 0 || mantissa > MAX_EXACT_INTEGER) return Number.NaN;
  let value: number;
  if (e10 === 0) value = mantissa;
  else if (e10 < 0 && e10 >= -22) value = mantissa / POW10[-e10]!;
  else if (e10 > 0 && e10 <= 22) value = mantissa * POW10[e10]!;
  else return Number.NaN;
  return negative ? -value : value;
}

/** Mark the cell as not simple and skip to its end. */
export function notSimple(buf: Uint8Array, from: number, end: number, delimiter: number, out: Float64Array, slot: number): number {
  let i = from;
  while (i < end && buf[i] !== delimiter) i++;
  out[slot] = Number.NaN;
  return i;
}

const scratch = new Float64Array(1);

/**
 * The number in bytes [start, end) when it is a plain decimal in the exact range; `undefined`
 * when the general parser must decide (empty, spaces, hex, too many digits, |exponent| > 22…).
 */
export function parseAsciiNumber(buf: Uint8Array, start: number, end: number): number | undefined {
  scanAsciiNumber(buf, start, end, NO_DELIMITER, scratch, 0);
  const value = scratch[0]!;
  return Number.isNaN(value) ? undefined : value;
}
