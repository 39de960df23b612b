import { CyclekitError } from '../model/errors.js';

export type EntropyClass = 'low' | 'medium' | 'high';

export interface SiteEntropy {
  /** Occupants as given, with their fraction of the site (normalised by the site total). */
  occupants: { element: string; amount: number; fraction: number }[];
  /** S_config / R = −Σ xᵢ ln xᵢ, dimensionless (per mole of sites). */
  entropyR: number;
  class: EntropyClass;
}

/**
 * Ideal configurational entropy of mixing on one crystallographic site:
 * S/R = −Σ xᵢ ln xᵢ, xᵢ = nᵢ / Σ n (the amounts are normalised by the site total, so
 * "V:1.5,Cr:0.1,…" on a 2-atom site gives x_V = 0.75).
 * Class thresholds as commonly used for high-entropy ceramics (Murty, Yeh & Ranganathan,
 * *High-Entropy Alloys*, 2014; adopted for HE cathodes): low < 1 R, medium 1–1.5 R, high ≥ 1.5 R.
 */
export function siteEntropy(occupants: { element: string; amount: number }[]): SiteEntropy {
  if (occupants.length === 0) throw new CyclekitError('E_USAGE', 'site has no occupants');
  const total = occupants.reduce((s, o) => s + o.amount, 0);
  for (const o of occupants) {
    if (!(o.amount > 0)) throw new CyclekitError('E_USAGE', `site occupant ${o.element}: amount must be positive, got ${o.amount}`);
  }
  let s = 0;
  const withFractions = occupants.map((o) => {
    const fraction = o.amount / total;
    s -= fraction * Math.log(fraction);
    return { ...o, fraction };
  });
  const entropyR = s === 0 ? 0 : s; // avoid -0 for a single occupant
  return { occupants: withFractions, entropyR, class: entropyClass(entropyR) };
}

export function entropyClass(entropyR: number): EntropyClass {
  return entropyR < 1 ? 'low' : entropyR < 1.5 ? 'medium' : 'high';
}
