import { CyclekitError } from '../../model/errors.js';

/** "80%", "80", "0.8" → 0.8. Numbers above 1 are read as percent. */
export function parseFraction(text: string, what: string): number {
  const m = /^\s*(\d*\.?\d+)\s*(%?)\s*$/.exec(text);
  if (!m) throw new CyclekitError('E_USAGE', `${what}: expected a percentage such as 80% or a fraction such as 0.8, got '${text}'`);
  const v = Number(m[1]);
  const f = m[2] === '%' || v > 1 ? v / 100 : v;
  if (!(f > 0 && f < 1)) throw new CyclekitError('E_USAGE', `${what}: must lie strictly between 0 and 100 %, got '${text}'`);
  return f;
}

/** A whole number ≥ min, digits only ("12", not "1e1"). */
export function parseCount(text: string, what: string, min = 0): number {
  if (!/^\s*\d+\s*$/.test(text) || Number(text) < min) throw new CyclekitError('E_USAGE', `${what}: expected a whole number ≥ ${min}, got '${text}'`);
  return Number(text);
}

/** A number that passes `check`, else `OPTION TEXT: expected …`. */
export function parseNumber(text: string, option: string, check: (x: number) => boolean, expected: string): number {
  const x = Number(text);
  if (!Number.isFinite(x) || !check(x)) throw new CyclekitError('E_USAGE', `${option} ${text}: expected ${expected}`);
  return x;
}

/** An integer that passes `check`, else `OPTION TEXT: expected …`. */
export function parseInteger(text: string, option: string, check: (x: number) => boolean, expected: string): number {
  return parseNumber(text, option, (x) => Number.isInteger(x) && check(x), expected);
}
