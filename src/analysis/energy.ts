import { fieldError } from '../model/errors.js';
import type { CycleSummary } from './summary.js';

/**
 * Mass bases for energy density:
 * - `cathode`: cathode active material only (how most papers quote full cells, e.g. 485.9 Wh kg⁻¹ for HC‖HE-V);
 * - `active`: cathode + anode active material;
 * - `electrode`: the active masses divided by (1 − inactive fraction), i.e. including binder and carbon.
 */
export type MassBasis = 'cathode' | 'active' | 'electrode';

export interface EnergyOptions {
  basis: MassBasis;
  /** null: no mass known, so energies in mWh and mean voltages only (no Wh kg⁻¹). */
  cathodeMassG: number | null;
  anodeMassG: number | null;
  /** Mass fraction of binder + conductive carbon in the electrodes (0.2 for 80:10:10). */
  inactiveFraction: number;
  /** Density of what the basis mass describes, g cm⁻³ (= kg L⁻¹). */
  densityGCm3: number | null;
  electrodeVolumeCm3: number | null;
  anodeCapacityMAhG: number | null;
  /** Cathode reversible capacity for N/P; null uses the largest measured discharge. */
  cathodeCapacityMAhG: number | null;
}

/** Everything but the cathode mass, as `energy` takes it unless told otherwise. */
export const ENERGY_DEFAULTS: Readonly<Omit<EnergyOptions, 'cathodeMassG'>> = {
  basis: 'cathode',
  anodeMassG: null,
  inactiveFraction: 0.2,
  densityGCm3: null,
  electrodeVolumeCm3: null,
  anodeCapacityMAhG: null,
  cathodeCapacityMAhG: null,
};

export interface EnergyCycle {
  cycle: number;
  dischargeEnergyMWh: number | null;
  /** E_dis / m_basis: mWh g⁻¹ = Wh kg⁻¹. */
  dischargeEnergyDensityWhKg: number | null;
  /** Q_dis / m_basis, mAh g⁻¹. */
  dischargeSpecificCapacityMAhG: number | null;
  meanDischargeVoltageV: number | null;
  /** Wh kg⁻¹ × g cm⁻³ = Wh L⁻¹, or E_dis / V (mWh cm⁻³ = Wh L⁻¹). */
  dischargeEnergyDensityWhL: number | null;
}

export interface EnergyResult {
  basis: MassBasis;
  /** The mass the densities are divided by, g; null without one (mWh and V̄ only). */
  massG: number | null;
  massDescription: string;
  cycles: EnergyCycle[];
  initial: EnergyCycle | null;
  max: EnergyCycle | null;
  /** Anode capacity / cathode capacity (both in mAh), null unless the anode's capacity is known. */
  npRatio: number | null;
  npDescription: string | null;
}

/**
 * Discharge energy density on a chosen mass basis.
 * e = E_dis / m (mWh g⁻¹ ≡ Wh kg⁻¹); q = Q_dis / m (mAh g⁻¹); V̄ = E_dis / Q_dis (V);
 * volumetric e_V = e · ρ (Wh L⁻¹ with ρ in g cm⁻³) or E_dis / V_electrode (mWh cm⁻³ ≡ Wh L⁻¹);
 * N/P = m_anode · q_anode / (m_cathode · q_cathode), the capacity ratio of negative to positive
 * electrode (> 1 keeps sodium plating off the anode).
 */
export function energyDensity(cycles: CycleSummary[], o: EnergyOptions): EnergyResult {
  if (o.cathodeMassG === null) return withoutMass(cycles, o);
  if (!(o.cathodeMassG > 0)) throw fieldError('E_MASS', 'cathodeMassG', (name) => `energy density needs the cathode active mass: pass ${name('cathodeMassG')} (e.g. ${name('cathodeMassG')} 2.1mg) or add massMg to cell.yaml`);
  const cathodeMassG = o.cathodeMassG;
  if (!(o.inactiveFraction >= 0 && o.inactiveFraction < 1)) throw fieldError('E_USAGE', 'inactiveFraction', (name) => `${name('inactiveFraction')}: expected a fraction in [0, 1), got ${o.inactiveFraction}`);
  let massG: number;
  let massDescription: string;
  const anode = o.anodeMassG;
  if (o.basis === 'cathode') {
    massG = cathodeMassG;
    massDescription = 'cathode active mass';
  } else if (o.basis === 'active') {
    if (anode === null) throw fieldError('E_USAGE', 'basis', (name) => `${name('basis')} active needs the anode active mass: pass ${name('anodeMassG')} (e.g. ${name('anodeMassG')} 1.6mg) or add anodeMassMg to cell.yaml`);
    massG = cathodeMassG + anode;
    massDescription = 'cathode + anode active mass';
  } else {
    const active = cathodeMassG + (anode ?? 0);
    massG = active / (1 - o.inactiveFraction);
    massDescription = `${anode === null ? 'cathode' : 'cathode + anode'} electrode mass (active / (1 − ${o.inactiveFraction}))`;
  }
  const rows: EnergyCycle[] = cycles.map((c) => {
    const e = c.dischargeEnergyMWh === null ? null : c.dischargeEnergyMWh / massG;
    let whL: number | null = null;
    if (c.dischargeEnergyMWh !== null) {
      if (o.electrodeVolumeCm3 !== null) whL = c.dischargeEnergyMWh / o.electrodeVolumeCm3;
      else if (o.densityGCm3 !== null && e !== null) whL = e * o.densityGCm3;
    }
    return {
      cycle: c.cycle,
      dischargeEnergyMWh: c.dischargeEnergyMWh,
      dischargeEnergyDensityWhKg: e,
      dischargeSpecificCapacityMAhG: c.dischargeCapacityMAh === null ? null : c.dischargeCapacityMAh / massG,
      meanDischargeVoltageV: c.meanDischargeVoltageV,
      dischargeEnergyDensityWhL: whL,
    };
  });
  const withEnergy = rows.filter((r) => r.dischargeEnergyDensityWhKg !== null && r.dischargeEnergyDensityWhKg > 0);
  const initial = withEnergy[0] ?? null;
  let max: EnergyCycle | null = null;
  for (const r of withEnergy) if (max === null || r.dischargeEnergyDensityWhKg! > max.dischargeEnergyDensityWhKg!) max = r;

  let npRatio: number | null = null;
  let npDescription: string | null = null;
  if (o.anodeCapacityMAhG !== null) {
    if (anode === null) throw fieldError('E_USAGE', 'anodeCapacityMAhG', (name) => `${name('anodeCapacityMAhG')} needs the anode active mass too: pass ${name('anodeMassG')} or add anodeMassMg to cell.yaml`);
    const anodeMAh = anode * o.anodeCapacityMAhG;
    let cathodeMAh: number | null;
    if (o.cathodeCapacityMAhG !== null) {
      cathodeMAh = cathodeMassG * o.cathodeCapacityMAhG;
      npDescription = `anode ${fmt(anodeMAh)} mAh / cathode ${fmt(cathodeMAh)} mAh (--cathode-capacity ${o.cathodeCapacityMAhG} mAh/g)`;
    } else {
      // The cathode's reversible capacity as this cell delivers it: the largest discharge. The first
      // charge would understate it for materials that start part-desodiated (HE-V gives 2 Na of 3).
      let best: CycleSummary | null = null;
      for (const c of cycles) if (c.dischargeCapacityMAh !== null && c.dischargeCapacityMAh > 0 && (best === null || c.dischargeCapacityMAh > best.dischargeCapacityMAh!)) best = c;
      cathodeMAh = best ? best.dischargeCapacityMAh : null;
      npDescription = best === null ? null : `anode ${fmt(anodeMAh)} mAh / cathode ${fmt(cathodeMAh!)} mAh (largest discharge, cycle ${best.cycle}; pass --cathode-capacity to use a half-cell value)`;
    }
    npRatio = cathodeMAh === null ? null : anodeMAh / cathodeMAh;
  }
  return { basis: o.basis, massG, massDescription, cycles: rows, initial, max, npRatio, npDescription };
}

/** No mass: what the file still says, discharge energy (mWh) and mean voltage, and why no Wh kg⁻¹. */
function withoutMass(cycles: CycleSummary[], o: EnergyOptions): EnergyResult {
  if (o.basis !== 'cathode' || o.anodeCapacityMAhG !== null) throw fieldError('E_MASS', 'cathodeMassG', (name) => `${name('basis')} ${o.basis}${o.anodeCapacityMAhG !== null ? ` and ${name('anodeCapacityMAhG')} need` : ' needs'} the cathode active mass: pass ${name('cathodeMassG')} (e.g. ${name('cathodeMassG')} 2.1mg) or add massMg to cell.yaml`);
  const rows: EnergyCycle[] = cycles.map((c) => ({
    cycle: c.cycle,
    dischargeEnergyMWh: c.dischargeEnergyMWh,
    dischargeEnergyDensityWhKg: null,
    dischargeSpecificCapacityMAhG: null,
    meanDischargeVoltageV: c.meanDischargeVoltageV,
    dischargeEnergyDensityWhL: o.electrodeVolumeCm3 !== null && c.dischargeEnergyMWh !== null ? c.dischargeEnergyMWh / o.electrodeVolumeCm3 : null,
  }));
  return { basis: o.basis, massG: null, massDescription: 'no active mass (pass --mass or add massMg to cell.yaml): discharge energy in mWh and mean voltage only, no Wh kg⁻¹', cycles: rows, initial: null, max: null, npRatio: null, npDescription: null };
}

function fmt(x: number): string {
  return x.toPrecision(4);
}
