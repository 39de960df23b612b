import type { Direction } from './half-cycle.js';

/**
 * The shapes dQ/dV, its peak finder and the couple pairing share: a module of its own so that
 * dqdv.ts (which calls both) and peaks.ts / couples.ts (which take these shapes) do not import
 * each other.
 */

/** dQ/dV on an ascending uniform voltage grid. */
export interface DqdvCurve {
  direction: Direction;
  stepV: number;
  voltageV: Float64Array;
  /** mAh V⁻¹, signed: Q counts up in both directions, so discharge (V falling) is negative. */
  dqdvMAhPerV: Float64Array;
}

/** A dQ/dV peak. Heights, prominences and areas are magnitudes on both directions. */
export interface DqdvPeak {
  /** Peak potential, V (sub-grid, from a parabola through the top three points). */
  voltageV: number;
  /** |dQ/dV| at the peak, mAh V⁻¹ (discharge peaks are negative by sign; reported as magnitudes). */
  heightMAhPerV: number;
  /** Height above the local baseline (topographic prominence), mAh V⁻¹. */
  prominence: number;
  /** Full width at half prominence, V. */
  fwhmV: number;
  /** Capacity under the peak, mAh: ∫|dQ/dV| dV between the valleys that bound it. */
  areaMAh: number;
}
