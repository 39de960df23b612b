/**
 * Overpotential of an electrode under a constant specific current i (mA g⁻¹), split into a
 * charge-transfer part (Butler–Volmer in its symmetric, high-field-free form, which relaxes
 * after the current stops) and an ohmic part (which vanishes at once):
 *
 *   η_kin = b · asinh(i / (2·i₀)),   η_ohm = R · i
 *
 * b (V) is the Tafel-like scale, i₀ (mA g⁻¹) the exchange current, R (V per mA g⁻¹) a
 * mass-normalised resistance. Both grow with C-rate, so plateaus split and capacity drops.
 */
export interface Kinetics {
  tafelV: number;
  exchangeMAG: number;
  resistanceVPerMAG: number;
}

export interface Overpotential {
  kineticV: number;
  ohmicV: number;
}

export function overpotential(k: Kinetics, specificCurrentMAG: number): Overpotential {
  const i = Math.abs(specificCurrentMAG);
  return { kineticV: k.tafelV * Math.asinh(i / (2 * k.exchangeMAG)), ohmicV: k.resistanceVPerMAG * i };
}
