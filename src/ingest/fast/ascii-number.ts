/** Exact powers of ten: every 10^k with k ≤ 22 is representable in a double. */
const POW10 = Array.from({ length: 23 }, (_, k) => 10 ** k);

/**
 * Parse a plain decimal number (`-12.5`, `3.4e-5`, `+0.0001`) straight from bytes, without
 * building a string. Returns `undefined` when the cell is not in that simple form or is
 * outside the exact range, so the caller falls back to the general parser.
 *
 * Exactness (Clinger's fast path): when all digits fit in an integer m < 2^53 and the decimal
 * exponent |e| ≤ 22, both m and 10^|e| are exact doubles, and one IEEE division or
 * multiplication is correctly rounded — the same double `Number(text)` returns.
 */
export function parseAsciiNumber(buf: Uint8Array, start: number, end: number): number | undefined {
  let i = start;
  if (i >= end) return undefined;
  let negative = false;
  let c = buf[i]!;
  if (c === 45 /* - */ || c === 43 /* + */) {
    negative = c === 45;
    i++;
    if (i >= end) return undefined;
  }
  let mantissa = 0;
  let digits = 0;
  let fraction = 0;
  let seenDot = false;
  for (; i < end; i++) {
    c = buf[i]!;
    if (c >= 48 && c <= 57) {
      mantissa = mantissa * 10 + (c - 48);
      digits++;
      if (seenDot) fraction++;
      if (mantissa > 9007199254740991) return undefined;
    } else if (c === 46 /* . */ && !seenDot) {
      seenDot = true;
    } else break;
  }
  if (digits === 0) return undefined;
  let exponent = 0;
  if (i < end) {
    c = buf[i]!;
    if (c !== 101 && c !== 69) return undefined; // e / E, else not a plain number
    i++;
    let expNegative = false;
    if (i < end && (buf[i] === 45 || buf[i] === 43)) {
      expNegative = buf[i] === 45;
      i++;
    }
    let expDigits = 0;
    for (; i < end; i++) {
      c = buf[i]!;
      if (c < 48 || c > 57) return undefined;
      exponent = exponent * 10 + (c - 48);
      expDigits++;
      if (exponent > 400) return undefined;
    }
    if (expDigits === 0) return undefined;
    if (expNegative) exponent = -exponent;
  }
  const e10 = exponent - fraction;
  let value: number;
  if (e10 === 0) value = mantissa;
  else if (e10 < 0 && e10 >= -22) value = mantissa / POW10[-e10]!;
  else if (e10 > 0 && e10 <= 22) value = mantissa * POW10[e10]!;
  else return undefined;
  return negative ? -value : value;
}
