import type { SimMaterial } from './choices.js';
import type { CurveSpec } from './curve.js';
import type { Kinetics } from './kinetics.js';
import { simulatedPotentialV } from '../references/load.js';

/** One electrode material: its equilibrium curve, capacity before calibration, kinetics. */
export interface ElectrodeSpec {
  id: string;
  name: string;
  formula: string | null;
  electrons: number | null;
  curve: CurveSpec;
  /** Total capacity of the curve (θ from 0 to 1) before calibration, mAh g⁻¹. */
  nominalCapacityMAhG: number;
  kinetics: Kinetics;
  /** Open-circuit potential of the as-made material: fixes where the first charge starts. */
  asMadeOcvV: number;
}

export type SimCellType = 'half-cathode' | 'half-anode' | 'full';

/** What a paper reports for the cell at a slow rate: the model is calibrated to it. */
export interface CellTarget {
  cRate: number;
  dischargeSpecificCapacityMAhG: number;
  /** On cathode active mass; only full cells are calibrated on energy. */
  dischargeSpecificEnergyWhKg?: number;
}

export interface CellSpec {
  id: SimMaterial;
  title: string;
  cellType: SimCellType;
  cathode: ElectrodeSpec;
  anode: ElectrodeSpec | null;
  minV: number;
  maxV: number;
  target: CellTarget;
  /** Reference id for `compare`/sidecar (src/references/); null when none applies. */
  reference: string | null;
  /** Anode-to-cathode capacity ratio for full cells. */
  defaultNpRatio: number;
  /**
   * Full cells only: where a discharge-only hysteresis sets in, as a smooth step in the
   * cathode's equilibrium potential (its size is calibrated on the target energy).
   */
  dischargeHysteresis?: { onsetV: number; widthV: number };
}

/**
 * HE-V, Na3.2V1.5Cr0.1Mn0.1Fe0.1Al0.1Mg0.1(PO4)3: three vanadium couples, each about a third
 * of the 3-electron capacity (V³⁺/V²⁺ 1.67 V, V⁴⁺/V³⁺ 3.43 V, V⁵⁺/V⁴⁺ 4.03 V). The as-made
 * Na3.2 state sits between the low and middle plateaus, so the first charge extracts 2 Na and
 * the first discharge inserts 3 (first-cycle CE > 1). Zhang, He et al., EES 2025, 10.1039/d5ee00877h.
 */
export const HE_V: ElectrodeSpec = {
  id: 'he-v',
  name: 'HE-V',
  formula: 'Na3.2V1.5Cr0.1Mn0.1Fe0.1Al0.1Mg0.1(PO4)3',
  electrons: 3,
  curve: {
    plateaus: [
      { potentialV: simulatedPotentialV('he-v', 'V³⁺/V²⁺'), share: 1 / 3, widthV: 0.018 },
      { potentialV: simulatedPotentialV('he-v', 'V⁴⁺/V³⁺'), share: 1 / 3, widthV: 0.016 },
      { potentialV: simulatedPotentialV('he-v', 'V⁵⁺/V⁴⁺'), share: 1 / 3, widthV: 0.02 },
    ],
    backgroundShare: 0.04,
    minV: 1.0,
    maxV: 4.6,
  },
  nominalCapacityMAhG: 176.2,
  kinetics: { tafelV: 0.012, exchangeMAG: 10, resistanceVPerMAG: 6e-6 },
  asMadeOcvV: 2.9,
};

/**
 * Na3V2(PO4)3: the 3.4 V V⁴⁺/V³⁺ plateau (2 Na) and the ~1.6 V V³⁺/V²⁺ plateau (1 Na); nothing
 * above 3.8 V, so it cannot use the V⁵⁺/V⁴⁺ couple that HE-V opens. Slower kinetics.
 */
export const NVP: ElectrodeSpec = {
  id: 'nvp',
  name: 'NVP',
  formula: 'Na3V2(PO4)3',
  electrons: 3,
  curve: {
    plateaus: [
      // Measured NVP cells deliver less of the 2-Na 3.4 V plateau than theory (≈100 of 117.6 mAh/g),
      // so its share of the reversible capacity sits just under two thirds.
      // The low plateau sits 30 mV above the literature couple: src/references/redox-couples.json says why.
      { potentialV: simulatedPotentialV('nvp', 'V³⁺/V²⁺'), share: 0.36, widthV: 0.02 },
      { potentialV: simulatedPotentialV('nvp', 'V⁴⁺/V³⁺'), share: 0.64, widthV: 0.015 },
    ],
    backgroundShare: 0.04,
    minV: 1.0,
    maxV: 4.6,
  },
  nominalCapacityMAhG: 176.4,
  kinetics: { tafelV: 0.016, exchangeMAG: 6, resistanceVPerMAG: 1.2e-5 },
  asMadeOcvV: 2.9,
};

/**
 * Hard carbon vs Na⁺/Na, written as the potential while sodium is extracted: a low plateau
 * near 0.07 V (pore filling, about two thirds of the capacity) and a sloping region up to ~1 V.
 */
export const HARD_CARBON: ElectrodeSpec = {
  id: 'hc',
  name: 'hard carbon',
  formula: null,
  electrons: null,
  curve: {
    plateaus: [
      { potentialV: 0.07, share: 0.7, widthV: 0.01 },
      { potentialV: 0.45, share: 0.25, widthV: 0.16 },
    ],
    backgroundShare: 0.05,
    minV: 0.0,
    maxV: 2.0,
  },
  nominalCapacityMAhG: 300,
  kinetics: { tafelV: 0.008, exchangeMAG: 25, resistanceVPerMAG: 5e-6 },
  asMadeOcvV: 2.0,
};

/**
 * Graphite vs Li⁺/Li, written as the potential while lithium is extracted: the staging
 * plateaus near 0.085 V (LiC12 ↔ LiC6, about half the capacity), 0.12 V and 0.21 V, and a
 * small slope above. 372 mAh g⁻¹ for LiC6.
 */
export const GRAPHITE: ElectrodeSpec = {
  id: 'graphite',
  name: 'graphite',
  formula: null,
  electrons: null,
  curve: {
    plateaus: [
      { potentialV: 0.085, share: 0.5, widthV: 0.006 },
      { potentialV: 0.12, share: 0.3, widthV: 0.008 },
      { potentialV: 0.21, share: 0.15, widthV: 0.01 },
    ],
    backgroundShare: 0.05,
    minV: 0.0,
    maxV: 1.5,
  },
  nominalCapacityMAhG: 372,
  kinetics: { tafelV: 0.006, exchangeMAG: 30, resistanceVPerMAG: 4e-6 },
  asMadeOcvV: 1.5,
};

export const CELLS: Record<SimMaterial, CellSpec> = {
  'he-v': {
    id: 'he-v',
    title: 'HE-V half cell vs Na',
    cellType: 'half-cathode',
    cathode: HE_V,
    anode: null,
    minV: 1.5,
    maxV: 4.1,
    target: { cRate: 0.2, dischargeSpecificCapacityMAhG: 170 },
    reference: 'he-v',
    defaultNpRatio: 1,
  },
  nvp: {
    id: 'nvp',
    title: 'NVP half cell vs Na',
    cellType: 'half-cathode',
    cathode: NVP,
    anode: null,
    minV: 1.5,
    maxV: 4.1,
    target: { cRate: 0.2, dischargeSpecificCapacityMAhG: 155.2 },
    reference: 'nvp',
    defaultNpRatio: 1,
  },
  'hc-he-v': {
    id: 'hc-he-v',
    title: 'HC‖HE-V full cell (pre-sodiated hard carbon)',
    cellType: 'full',
    cathode: HE_V,
    anode: HARD_CARBON,
    minV: 1.5,
    maxV: 4.1,
    target: { cRate: 0.2, dischargeSpecificCapacityMAhG: 170.8, dischargeSpecificEnergyWhKg: 485.9 },
    reference: 'he-v',
    defaultNpRatio: 1.8,
    // The paper's 485.9 Wh/kg at 170.8 mAh/g means a mean discharge voltage of 2.845 V: ~0.1 V
    // below the half-cell curve minus the hard-carbon plateau, while the 1.5 V cut-off still
    // reaches the 1.67 V couple. Only a loss confined to the upper couples on discharge fits both.
    dischargeHysteresis: { onsetV: 2.6, widthV: 0.1 },
  },
  // The working electrode is the hard carbon: a discharge sodiates it (the voltage falls to
  // 5 mV), a charge desodiates it. No reference: the HE-V paper reports none for it alone.
  hc: {
    id: 'hc',
    title: 'hard carbon half cell vs Na',
    cellType: 'half-anode',
    cathode: HARD_CARBON,
    anode: null,
    minV: 0.005,
    maxV: 2.0,
    target: { cRate: 0.2, dischargeSpecificCapacityMAhG: 300 },
    reference: null,
    defaultNpRatio: 1,
  },
  // Graphite half cell vs Li: lithiated on discharge to 5 mV, delithiated on charge to 1.5 V.
  graphite: {
    id: 'graphite',
    title: 'graphite half cell vs Li',
    cellType: 'half-anode',
    cathode: GRAPHITE,
    anode: null,
    minV: 0.005,
    maxV: 1.5,
    target: { cRate: 0.2, dischargeSpecificCapacityMAhG: 350 },
    reference: null,
    defaultNpRatio: 1,
  },
};
