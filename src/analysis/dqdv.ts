import { latticeHistogram } from '../math/histogram.js';
import { interpolateAscending } from '../math/interpolate.js';
import { makeMonotone, type MonotoneMethod } from '../math/monotone.js';
import { collapseTies, latticeGrid } from '../math/resample.js';
import { smoothDerivative } from '../math/derivative.js';
import { savitzkyGolay } from '../math/smooth.js';
import type { Cycle } from '../segment/cycles.js';
import { COUPLE_DEFAULTS, pairCouples, type CoupleOptions, type RedoxCouple } from './couples.js';
import { halfCycleSeries, type Direction, type HalfCycleSeries } from './half-cycle.js';
import { dqdvPeaks, PEAK_DEFAULTS, type PeakOptions } from './peaks.js';
import type { DqdvCurve, DqdvPeak } from './dqdv-curve.js';

export type { DqdvCurve } from './dqdv-curve.js';

export type DqdvMethod = 'interp-sg' | 'binning';

export interface DqdvOptions {
  method: DqdvMethod;
  /** Voltage grid step (and bin width), V. Default 0.005. */
  stepV: number;
  /** Savitzky–Golay window in grid points (odd; ≤ 4 = no smoothing). Default 9 for interp-sg, 5 for binning. */
  window: number;
  /** Savitzky–Golay polynomial order. Default 3. */
  polynomial: number;
  /** How the voltage trace is made monotone before resampling (interp-sg only). Default isotonic. */
  monotone: MonotoneMethod;
}

export const DQDV_DEFAULTS: Record<DqdvMethod, DqdvOptions> = {
  'interp-sg': { method: 'interp-sg', stepV: 0.005, window: 9, polynomial: 3, monotone: 'isotonic' },
  binning: { method: 'binning', stepV: 0.005, window: 5, polynomial: 2, monotone: 'isotonic' },
};

export const DEFAULT_DQDV_METHOD: DqdvMethod = 'interp-sg';

/**
 * dQ/dV, peaks and couples as `dqdv` computes them without flags: what `check`, `compare`,
 * `peaks`, `index` and the automatic window edges use.
 */
export const DQDV_ANALYSIS_DEFAULTS: Readonly<{ dqdv: DqdvOptions; peaks: PeakOptions; couples: CoupleOptions }> = {
  dqdv: DQDV_DEFAULTS[DEFAULT_DQDV_METHOD],
  peaks: PEAK_DEFAULTS,
  couples: COUPLE_DEFAULTS,
};

/**
 * Differential capacity dQ/dV of one half cycle, in mAh V⁻¹, Q = capacity passed (mAh).
 *
 * `interp-sg` (default): the voltage trace is made monotone in time order (isotonic
 * regression: relaxation wiggles and noise cannot scramble the curve, trap 7), runs of equal
 * voltage collapse to one knot (a constant-voltage hold at the end is left out: it is not a
 * dQ/dV feature), Q(V) is interpolated linearly on the lattice V = k·stepV, and a
 * Savitzky–Golay first-derivative filter (window, polynomial) gives dQ/dV.
 * `binning` (LEAN-like, Feng et al., J. Power Sources 2020): each sample's ΔQ goes to the
 * voltage bin of width stepV holding its segment midpoint; dQ/dV = ΣΔQ / stepV, then an
 * optional Savitzky–Golay smoothing. Robust to quantised voltage readings; never sorts.
 * References: Bloom et al., J. Power Sources 139 (2005) 295 (differential voltage/capacity
 * analysis); Savitzky & Golay, Anal. Chem. 36 (1964) 1627.
 */
export function differentialCapacity(series: HalfCycleSeries, options: DqdvOptions): DqdvCurve {
  const { stepV } = options;
  if (!(stepV > 0)) throw new RangeError(`dQ/dV grid step must be positive, got ${stepV}`);
  const direction = series.direction;
  const sign = direction === 'charge' ? 1 : -1;
  const qMAh = Float64Array.from(series.capacityAh, (q) => q * 1000);
  if (options.method === 'binning') {
    const n = series.voltageV.length;
    const mid = new Float64Array(Math.max(0, n - 1));
    const dq = new Float64Array(Math.max(0, n - 1));
    for (let i = 1; i < n; i++) {
      mid[i - 1] = (series.voltageV[i]! + series.voltageV[i - 1]!) / 2;
      dq[i - 1] = qMAh[i]! - qMAh[i - 1]!;
    }
    const { k0, sums } = latticeHistogram(mid, dq, stepV);
    const raw = Float64Array.from(sums, (s) => (sign * s) / stepV);
    const y = options.window >= 5 ? savitzkyGolay(raw, stepV, { window: options.window, polynomial: options.polynomial, derivative: 0 }) : raw;
    return { direction, stepV, voltageV: Float64Array.from(sums, (_, k) => (k0 + k) * stepV), dqdvMAhPerV: y.every(Number.isNaN) ? raw : y };
  }
  const vMono = makeMonotone(series.voltageV, direction === 'charge', options.monotone);
  const knots = collapseTies(vMono, qMAh, 'first');
  if (direction === 'discharge') {
    knots.x.reverse();
    knots.y.reverse();
  }
  const nk = knots.x.length;
  if (nk < 2) return { direction, stepV, voltageV: new Float64Array(0), dqdvMAhPerV: new Float64Array(0) };
  const grid = latticeGrid(knots.x[0]!, knots.x[nk - 1]!, stepV);
  const q = interpolateAscending(knots.x, knots.y, grid.values);
  return { direction, stepV, voltageV: grid.values, dqdvMAhPerV: smoothDerivative(q, stepV, options.window, options.polynomial) };
}

const NO_VALUES = new Float64Array(0);

/** One analysed half cycle: its curve and the peaks found on it. */
export interface DqdvHalfCycle {
  cycle: number;
  direction: Direction;
  /** |∫I dt| over the half cycle, mAh. */
  totalMAh: number;
  points: number;
  curve: DqdvCurve;
  peaks: DqdvPeak[];
}

export interface DqdvAnalysis {
  halfCycles: DqdvHalfCycle[];
  couples: RedoxCouple[];
}

/**
 * dQ/dV, peaks and redox couples for each cycle and the chosen directions. Couples need
 * both directions of the same cycle.
 */
export function analyseDqdv(
  cycles: Cycle[],
  directions: Direction[],
  options: { dqdv: DqdvOptions; peaks: PeakOptions; couples: CoupleOptions },
  /**
   * False: each half cycle's curve is left empty once its peaks are found (peaks and couples
   * need no curve; 20,000 curves of a 10,000-cycle `--cycle all` were most of its memory).
   */
  keepCurves = true,
): DqdvAnalysis {
  const halfCycles: DqdvHalfCycle[] = [];
  const couples: RedoxCouple[] = [];
  for (const c of cycles) {
    const found: Partial<Record<Direction, DqdvPeak[]>> = {};
    for (const direction of directions) {
      const series = halfCycleSeries(c.steps, direction);
      if (!series) continue;
      const curve = differentialCapacity(series, options.dqdv);
      const peaks = dqdvPeaks(curve, options.peaks);
      found[direction] = peaks;
      halfCycles.push({ cycle: c.number, direction, totalMAh: series.integratedAh * 1000, points: series.voltageV.length, curve: keepCurves ? curve : { direction, stepV: curve.stepV, voltageV: NO_VALUES, dqdvMAhPerV: NO_VALUES }, peaks });
    }
    if (found.charge && found.discharge) couples.push(...pairCouples(c.number, found.charge, found.discharge, options.couples));
  }
  return { halfCycles, couples };
}
