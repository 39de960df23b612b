import { fieldError } from '../model/errors.js';
import { siteEntropy, type SiteEntropy } from './entropy.js';
import { molarMass, parseFormula, type Composition } from './formula.js';

/** Faraday constant, C mol⁻¹ (CODATA 2018, exact since the 2019 SI redefinition). */
export const FARADAY = 96485.33212;

/**
 * Theoretical specific capacity Q = n·F / (3.6·M), mAh g⁻¹:
 * n electrons per formula unit, F in C mol⁻¹, M in g mol⁻¹; 3.6 converts C g⁻¹ to mAh g⁻¹
 * (1 mAh = 3.6 C).
 */
export function theoreticalCapacityMAhG(electrons: number, molarMassGMol: number): number {
  return (electrons * FARADAY) / (3.6 * molarMassGMol);
}

export interface TheoryResult {
  formula: string;
  composition: Composition;
  molarMassGMol: number;
  electrons: number;
  theoreticalCapacityMAhG: number;
  site: SiteEntropy | null;
}

/**
 * Parse a site specification "V:1.5,Cr:0.1,Mn:0.1" (amounts per formula unit). An element
 * given without an amount ("V,Cr,Mn") takes its amount from the formula.
 */
export function parseSite(spec: string, composition: Composition | null): { element: string; amount: number }[] {
  const parts = spec.split(',').map((p) => p.trim()).filter((p) => p.length > 0);
  if (parts.length === 0) throw fieldError('E_USAGE', 'site', (name) => `${name('site')}: expected e.g. "V:1.5,Cr:0.1", got '${spec}'`);
  const seen = new Set<string>();
  return parts.map((p) => {
    const m = /^([A-Z][a-z]?)\s*(?::\s*(\d*\.?\d+(?:e[-+]?\d+)?))?$/.exec(p);
    if (!m) throw fieldError('E_USAGE', 'site', (name) => `${name('site')}: '${p}' is not ELEMENT:AMOUNT (e.g. V:1.5)`);
    const element = m[1]!;
    if (seen.has(element)) throw fieldError('E_USAGE', 'site', (name) => `${name('site')}: ${element} is listed twice`);
    seen.add(element);
    let amount: number;
    if (m[2] !== undefined) amount = Number(m[2]);
    else {
      const fromFormula = composition?.elements.get(element);
      if (fromFormula === undefined) throw fieldError('E_USAGE', 'site', (name) => `${name('site')}: no amount for ${element} and the formula has none (write ${element}:AMOUNT)`);
      amount = fromFormula;
    }
    if (!(amount > 0)) throw fieldError('E_USAGE', 'site', (name) => `${name('site')}: amount of ${element} must be positive, got '${m[2]}'`);
    return { element, amount };
  });
}

/** Molar mass, theoretical capacity and (optionally) the configurational entropy of one site. */
export function theory(formula: string, electrons: number, site: string | null = null): TheoryResult {
  if (!(electrons > 0) || !Number.isFinite(electrons)) throw fieldError('E_USAGE', 'electrons', (name) => `${name('electrons')}: expected a positive number of electrons per formula unit, got '${electrons}'`);
  const composition = parseFormula(formula);
  const m = molarMass(composition);
  return {
    formula: composition.formula,
    composition,
    molarMassGMol: m,
    electrons,
    theoreticalCapacityMAhG: theoreticalCapacityMAhG(electrons, m),
    site: site === null ? null : siteEntropy(parseSite(site, composition)),
  };
}
