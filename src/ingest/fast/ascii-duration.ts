import { MAX_EXACT_INTEGER, NO_DELIMITER, POW10, notSimple } from './ascii-number.js';

/**
 * Parse an `h+:mm:ss(.fff)` duration (1–9 hour digits) from the bytes at `start` and find where
 * its cell ends (the next `delimiter`, or `end`), in one pass. Stores seconds in `out[slot]`, or
 * NaN when the cell has any other form, for the caller to fall back to parseDuration. Returns
 * the index of the cell's end.
 *
 * The arithmetic is parseDuration's: `h·3600 + m·60` is an exact integer, the seconds are the
 * correctly rounded `Number('ss.fff')` (Clinger's fast path, as in scanAsciiNumber), and the one
 * addition of the two rounds as parseDuration's does.
 *
 * The digit loops are written out, here and in scanAsciiNumber, rather than shared: a helper
 * must return both the value and where it stopped, which costs an object or the inlining.
 */
export function scanAsciiDuration(buf: Uint8Array, start: number, end: number, delimiter: number, out: Float64Array, slot: number): number {
  let i = start;
  let hours = 0;
  for (; i < end; i++) {
    const digit = buf[i]! - 48;
    if (digit < 0 || digit > 9) break;
    hours = hours * 10 + digit;
  }
  const hourDigits = i - start;
  if (hourDigits === 0 || hourDigits > 9 || i >= end || buf[i] !== 58 /* : */) return notSimple(buf, i, end, delimiter, out, slot);
  i++;
  const minuteStart = i;
  let minutes = 0;
  for (; i < end; i++) {
    const digit = buf[i]! - 48;
    if (digit < 0 || digit > 9) break;
    minutes = minutes * 10 + digit;
  }
  const minuteDigits = i - minuteStart;
  if (minuteDigits === 0 || minuteDigits > 2 || i >= end || buf[i] !== 58) return notSimple(buf, i, end, delimiter, out, slot);
  i++;
  const secondStart = i;
  let secondsMantissa = 0;
  for (; i < end; i++) {
    const digit = buf[i]! - 48;
    if (digit < 0 || digit > 9) break;
    secondsMantissa = secondsMantissa * 10 + digit;
  }
  const secondDigits = i - secondStart;
  if (secondDigits === 0 || secondDigits > 2) return notSimple(buf, i, end, delimiter, out, slot);
  let fractionDigits = 0;
  if (i < end && buf[i] === 46 /* . */) {
    i++;
    const fractionStart = i;
    for (; i < end; i++) {
      const digit = buf[i]! - 48;
      if (digit < 0 || digit > 9) break;
      secondsMantissa = secondsMantissa * 10 + digit;
    }
    fractionDigits = i - fractionStart;
    if (fractionDigits === 0) return notSimple(buf, i, end, delimiter, out, slot);
  }
  if (i < end && buf[i] !== delimiter) return notSimple(buf, i, end, delimiter, out, slot);
  if (secondsMantissa > MAX_EXACT_INTEGER || fractionDigits > 22) {
    out[slot] = Number.NaN;
    return i;
  }
  const seconds = fractionDigits === 0 ? secondsMantissa : secondsMantissa / POW10[fractionDigits]!;
  out[slot] = hours * 3600 + minutes * 60 + seconds;
  return i;
}

const scratch = new Float64Array(1);

/** The seconds in bytes [start, end) when they are `h+:mm:ss(.fff)`; `undefined` when parseDuration must decide. */
export function parseAsciiDuration(buf: Uint8Array, start: number, end: number): number | undefined {
  scanAsciiDuration(buf, start, end, NO_DELIMITER, scratch, 0);
  const seconds = scratch[0]!;
  return Number.isNaN(seconds) ? undefined : seconds;
}
