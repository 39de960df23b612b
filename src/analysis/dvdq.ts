import { smoothDerivative } from '../math/derivative.js';
import { interpolateAscending } from '../math/interpolate.js';
import { runningMax } from '../math/monotone.js';
import { collapseTies } from '../math/resample.js';
import type { Direction, HalfCycleSeries } from './half-cycle.js';

export interface DvdqOptions {
  /** Points on the uniform capacity grid from 0 to the half cycle's capacity. Default 500. */
  points: number;
  /** Savitzky–Golay window in grid points (odd; ≤ 4 = no smoothing) and polynomial order, as for dQ/dV. */
  window: number;
  polynomial: number;
}

export const DVDQ_DEFAULTS: DvdqOptions = { points: 500, window: 9, polynomial: 3 };

/** dV/dQ on a uniform capacity grid. */
export interface DvdqCurve {
  direction: Direction;
  /** Grid step, mAh. */
  stepMAh: number;
  /** Capacity passed since the half cycle began, mAh (counted up in both directions). */
  capacityMAh: Float64Array;
  voltageV: Float64Array;
  /** V mAh⁻¹, signed: positive on charge (voltage rises), negative on discharge. */
  dvdqVPerMAh: Float64Array;
}

/**
 * Differential voltage dV/dQ of one half cycle (Bloom et al., J. Power Sources 139 (2005) 295):
 * V(Q) with samples of equal Q (rests, a held voltage) averaged into one knot, interpolated on a
 * uniform Q grid of `points` from 0 to the capacity passed, and differentiated with the same
 * Savitzky–Golay first-derivative filter dQ/dV uses. Phase transitions, which are dQ/dV peaks,
 * are dV/dQ valleys; the distance between dV/dQ peaks is a capacity, so electrode slippage and
 * loss of active material read directly in mAh.
 */
export function differentialVoltage(series: HalfCycleSeries, options: DvdqOptions): DvdqCurve {
  const direction = series.direction;
  // Capacity passed only grows; a sample of reversed current noise must not fold the grid back.
  const qMAh = runningMax(Float64Array.from(series.capacityAh, (q) => Math.abs(q) * 1000));
  const knots = collapseTies(qMAh, series.voltageV, 'mean');
  const n = knots.x.length;
  const total = n > 0 ? knots.x[n - 1]! - knots.x[0]! : 0;
  if (n < 2 || !(total > 0) || options.points < 2) return { direction, stepMAh: 0, capacityMAh: new Float64Array(0), voltageV: new Float64Array(0), dvdqVPerMAh: new Float64Array(0) };
  const stepMAh = total / (options.points - 1);
  const grid = Float64Array.from({ length: options.points }, (_, k) => knots.x[0]! + k * stepMAh);
  grid[options.points - 1] = knots.x[n - 1]!;
  const voltageV = interpolateAscending(knots.x, knots.y, grid);
  return { direction, stepMAh, capacityMAh: grid, voltageV, dvdqVPerMAh: smoothDerivative(voltageV, stepMAh, options.window, options.polynomial) };
}
