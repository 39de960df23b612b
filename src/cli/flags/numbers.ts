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

/** --window and --poly of dQ/dV and dV/dQ: an odd Savitzky–Golay window ≥ 5 (1 = none) and an order from 1 to 5 below it. */
export function parseSmoothing(window: string | undefined, poly: string | undefined, defaults: { window: number; polynomial: number }): { window: number; polynomial: number } {
  const w = window === undefined ? defaults.window : parseInteger(window, '--window', (x) => x === 1 || (x >= 5 && x % 2 === 1), 'an odd number of points ≥ 5, or 1 for no smoothing');
  const p = poly === undefined ? defaults.polynomial : parseInteger(poly, '--poly', (x) => x >= 1 && x <= 5, 'a polynomial order from 1 to 5');
  if (w >= 5 && p >= w - 1) throw new CyclekitError('E_USAGE', `--poly ${p} needs a window of at least ${p + 2} points`);
  return { window: w, polynomial: p };
}
