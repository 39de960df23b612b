import { CyclekitError } from './errors.js';

/** Canonical unit for each physical quantity a column can carry. */
export type Quantity = 'time' | 'voltage' | 'current' | 'capacity' | 'energy' | 'temperature' | 'mass' | 'specific';

const SCALES: Record<string, { quantity: Quantity; scale: number; canonical: string }> = {};
function unit(names: string[], quantity: Quantity, scale: number, canonical: string): void {
  for (const n of names) SCALES[n] = { quantity, scale, canonical };
}
unit(['s', 'sec', 'secs', 'second', 'seconds', '秒'], 'time', 1, 's');
unit(['ms'], 'time', 1e-3, 's');
unit(['min', 'mins', 'minute', 'minutes', '分'], 'time', 60, 's');
unit(['h', 'hr', 'hrs', 'hour', 'hours', '小时'], 'time', 3600, 's');
unit(['d', 'day', 'days'], 'time', 86400, 's');
unit(['v'], 'voltage', 1, 'V');
unit(['mv'], 'voltage', 1e-3, 'V');
unit(['µv', 'uv'], 'voltage', 1e-6, 'V');
unit(['a'], 'current', 1, 'A');
unit(['ma'], 'current', 1e-3, 'A');
unit(['µa', 'ua', 'μa'], 'current', 1e-6, 'A');
unit(['na'], 'current', 1e-9, 'A');
unit(['ah', 'a.h', 'a h', 'a·h'], 'capacity', 1, 'Ah');
unit(['mah', 'ma.h', 'ma h', 'ma·h'], 'capacity', 1e-3, 'Ah');
unit(['µah', 'uah', 'μah', 'µa.h', 'ua.h'], 'capacity', 1e-6, 'Ah');
unit(['c', 'coulomb'], 'capacity', 1 / 3600, 'Ah');
unit(['wh', 'w.h'], 'energy', 1, 'Wh');
unit(['mwh', 'mw.h'], 'energy', 1e-3, 'Wh');
unit(['µwh', 'uwh', 'µw.h'], 'energy', 1e-6, 'Wh');
unit(['j'], 'energy', 1 / 3600, 'Wh');
unit(['°c', 'degc', 'deg c', '℃', 'celsius', '°', 'oc'], 'temperature', 1, '°C');
unit(['g'], 'mass', 1, 'g');
unit(['mg'], 'mass', 1e-3, 'g');
unit(['mah/g', 'ah/kg', 'mah g-1', 'mah.g-1'], 'specific', 1, 'mAh/g');

export interface UnitScale {
  quantity: Quantity;
  scale: number;
  canonical: string;
}

/** Look up a unit as written in a column header ("mA", "mA.h", "°C"); undefined when unknown. */
export function lookupUnit(raw: string): UnitScale | undefined {
  const key = raw.trim().toLowerCase().replace(/\s+/g, ' ');
  return SCALES[key];
}

/** A mass that is the whole text: a flag or sidecar value. A comma is not a decimal mark here ("1,500mg"). */
const MASS_VALUE = /^\s*([0-9]*\.?[0-9]+(?:e[-+]?\d+)?)\s*(mg|g|µg|ug|kg)?\s*$/i;
/** A mass at the start of a file's text ("0,001 g", "2.5 mg (m1)"): a decimal comma is read (German-locale PCs). */
const MASS_LEADING = /^\s*([0-9]*[.,]?[0-9]+(?:e[-+]?\d+)?)\s*(mg|g|µg|ug|kg)?\b/i;

/**
 * The one mass parser: "2.1mg", "0.0021 g", "2.1" (bare: `defaultUnit`) → grams, or null when
 * the text is not a mass. `as`: 'value' when the text must be only the mass (command line,
 * sidecar), 'leading' when a file writes one at the start of a field.
 */
export function readMassG(text: string, defaultUnit: 'g' | 'mg', as: 'value' | 'leading'): number | null {
  const m = (as === 'value' ? MASS_VALUE : MASS_LEADING).exec(text);
  if (!m) return null;
  const value = Number(m[1]!.replace(',', '.'));
  const unit = (m[2] ?? defaultUnit).toLowerCase();
  return unit === 'g' ? value : unit === 'mg' ? value / 1000 : unit === 'kg' ? value * 1000 : value / 1e6;
}

/** A mass a file states (a header field, a remark): grams, or null when none or not positive. */
export function massInFileText(text: string, defaultUnit: 'g' | 'mg'): number | null {
  const grams = readMassG(text, defaultUnit, 'leading');
  return grams !== null && grams > 0 ? grams : null;
}

/**
 * A mass given on the command line or in a sidecar: "2.1mg", "0.0021 g", "2.1" (bare = mg).
 * Returns grams; anything else, or an implausible mass, is a usage error.
 */
export function parseMass(text: string, what = '--mass'): number {
  const grams = readMassG(text, 'mg', 'value');
  if (grams === null) throw new CyclekitError('E_USAGE', `${what}: expected a mass such as 2.1mg or 0.0021g (a bare number is mg), got '${text}'`);
  if (!(grams > 0)) throw new CyclekitError('E_USAGE', `${what}: mass must be positive, got '${text}'`);
  // From a microgram film to a kilogram pack: outside it the specific numbers would be absurd (1e-300 mg gives 1e302 mAh/g).
  if (grams < 1e-9 || grams > 1e4) throw new CyclekitError('E_USAGE', `${what}: ${text} is not a plausible active mass (expected 1 ng to 10 kg)`);
  return grams;
}

/** 1C definition: a specific current (mA/g, A/g, mA g-1) or a nominal capacity (mAh, Ah). */
export type CRateBasis = { kind: 'specific'; mAPerG: number } | { kind: 'nominal'; capacityAh: number };

export function parseCRateBasis(text: string, what = '--c-rate-basis'): CRateBasis {
  const m = /^\s*([0-9]*\.?[0-9]+(?:e[-+]?\d+)?)\s*(ma\/g|a\/g|ma\s*g-1|mah|ah)\s*$/i.exec(text);
  if (!m) throw new CyclekitError('E_USAGE', `${what}: expected a specific current such as 100mA/g or a nominal capacity such as 0.5mAh, got '${text}'`);
  const value = Number(m[1]);
  const u = m[2]!.toLowerCase().replace(/\s+/g, '');
  if (!(value > 0)) throw new CyclekitError('E_USAGE', `${what}: must be positive, got '${text}'`);
  if (u === 'ma/g' || u === 'mag-1') return { kind: 'specific', mAPerG: value };
  if (u === 'a/g') return { kind: 'specific', mAPerG: value * 1000 };
  if (u === 'mah') return { kind: 'nominal', capacityAh: value / 1000 };
  return { kind: 'nominal', capacityAh: value };
}

export function formatCRateBasis(b: CRateBasis): string {
  return b.kind === 'specific' ? `${b.mAPerG}mA/g` : `${b.capacityAh * 1000}mAh`;
}
