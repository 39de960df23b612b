/**
 * Reference redox potentials (V vs Na⁺/Na) for labelling dQ/dV couples, shared by `dqdv`
 * and `compare`. Values are the equilibrium (mean of anodic and cathodic) peak potentials
 * reported for each material.
 */
export interface RedoxCoupleReference {
  /** e.g. "V⁴⁺/V³⁺". */
  label: string;
  potentialV: number;
}

export interface RedoxReference {
  id: string;
  material: string;
  /** Where the numbers come from. */
  source: string;
  couples: RedoxCoupleReference[];
}

export const REDOX_REFERENCES = {
  'he-v': {
    id: 'he-v',
    material: 'Na3.2V1.5Cr0.1Mn0.1Fe0.1Al0.1Mg0.1(PO4)3 (HE-V)',
    source: 'Zhang, He et al., Energy Environ. Sci. 2025, DOI 10.1039/d5ee00877h (dQ/dV peaks, Fig. 3)',
    couples: [
      { label: 'V³⁺/V²⁺', potentialV: 1.67 },
      { label: 'V⁴⁺/V³⁺', potentialV: 3.43 },
      { label: 'V⁵⁺/V⁴⁺', potentialV: 4.03 },
    ],
  },
  nvp: {
    id: 'nvp',
    material: 'Na3V2(PO4)3 (NVP)',
    source: 'Jian et al., Adv. Energy Mater. 2013; as quoted by Zhang et al., Energy Environ. Sci. 2025',
    couples: [
      { label: 'V³⁺/V²⁺', potentialV: 1.6 },
      { label: 'V⁴⁺/V³⁺', potentialV: 3.4 },
    ],
  },
} as const satisfies Record<string, RedoxReference>;

export type RedoxReferenceId = keyof typeof REDOX_REFERENCES;

export function redoxReference(id: string): RedoxReference | null {
  return Object.hasOwn(REDOX_REFERENCES, id) ? (REDOX_REFERENCES[id as RedoxReferenceId] as RedoxReference) : null;
}

/** The reference couple nearest to a potential, if within `toleranceV`. */
export function nearestCouple(reference: RedoxReference, potentialV: number, toleranceV: number): RedoxCoupleReference | null {
  let best: RedoxCoupleReference | null = null;
  for (const c of reference.couples) {
    const d = Math.abs(c.potentialV - potentialV);
    if (d <= toleranceV && (best === null || d < Math.abs(best.potentialV - potentialV))) best = c;
  }
  return best;
}
