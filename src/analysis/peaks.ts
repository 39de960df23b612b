import { findPeaks, trapezoidBetween } from '../math/peaks.js';
import type { DqdvCurve, DqdvPeak } from './dqdv-curve.js';

export type { DqdvPeak } from './dqdv-curve.js';

/** `relative`: a fraction of the half cycle's largest |dQ/dV|; `absolute`: mAh V⁻¹. */
export type ProminenceThreshold = { kind: 'relative'; fraction: number } | { kind: 'absolute'; mAhPerV: number };

export interface PeakOptions {
  minProminence: ProminenceThreshold;
  /** Grid points at each end where maxima are not trusted (filter edge effects). */
  edgePoints: number;
}

export const PEAK_DEFAULTS: PeakOptions = { minProminence: { kind: 'relative', fraction: 0.05 }, edgePoints: 4 };

/**
 * Peaks of |dQ/dV|: oxidation peaks on a charge curve, reduction peaks on a discharge curve.
 * Position by topographic prominence; width at half prominence (FWHM above the local
 * baseline); area = ∫|dQ/dV| dV (trapezoid) from the valley before to the valley after, which
 * is the capacity of that process in mAh.
 */
export function dqdvPeaks(curve: DqdvCurve, options: PeakOptions = PEAK_DEFAULTS): DqdvPeak[] {
  const sign = curve.direction === 'charge' ? 1 : -1;
  const y = Float64Array.from(curve.dqdvMAhPerV, (v) => sign * v);
  let max = 0;
  for (const v of y) if (Number.isFinite(v) && v > max) max = v;
  if (max <= 0) return [];
  const minProminence = options.minProminence.kind === 'relative' ? options.minProminence.fraction * max : options.minProminence.mAhPerV;
  const v0 = curve.voltageV[0] ?? 0;
  const h = curve.stepV;
  return findPeaks(y, { minProminence, edge: options.edgePoints }).map((p) => ({
    voltageV: v0 + p.position * h,
    heightMAhPerV: p.height,
    prominence: p.prominence,
    fwhmV: (p.rightHalf - p.leftHalf) * h,
    areaMAh: trapezoidBetween(y, p.leftBound, p.rightBound, h),
  }));
}
