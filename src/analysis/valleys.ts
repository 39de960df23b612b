import { interpolateAscending } from '../math/interpolate.js';
import { isCyclekitError } from '../model/errors.js';
import type { Cycle } from '../segment/cycles.js';
import type { RedoxCouple } from './couples.js';
import { analyseDqdv, DQDV_ANALYSIS_DEFAULTS, type DqdvHalfCycle } from './dqdv.js';

/** Grid on which the charge and discharge curves are combined, V. */
const VALLEY_GRID_STEP_V = 0.005;
/**
 * The valley's floor: the combined curve within this fraction of its rise (from its lowest to
 * its highest value between the two couples) above the lowest. 1 %: above the noise of a flat
 * baseline, below any couple's shoulder.
 */
export const VALLEY_FLOOR_FRACTION = 0.01;
/**
 * Two couples are resolved when the combined curve at the bottom between them is at most half its
 * highest value there; unresolved couples (a shoulder on one peak) get no edge between them.
 * Graphite's stage couples (0.10 and 0.26 V) bottom out at 0.38–0.45 of their height.
 */
const VALLEY_MAX_DEPTH_FRACTION = 0.5;
/** A reference's edge "comes out of" the valley rule when it lies this close to a valley's bottom, V. */
const VALLEY_MATCH_TOLERANCE_V = 0.05;

export interface Valley {
  /** Mean voltages of the couples either side, V. */
  lowerCoupleV: number;
  upperCoupleV: number;
  /** Where the combined |dQ/dV| bottoms out (the middle of its floor), V, rounded to 10 mV. */
  bottomV: number;
  /** The floor: the run of voltages around the lowest point within VALLEY_FLOOR_FRACTION of it, V. */
  floorFromV: number;
  floorToV: number;
}

export interface ValleyEdges {
  edgesV: number[];
  valleys: Valley[];
  /** One sentence: which cycle and couples the edges came from. */
  description: string;
}

/**
 * Window edges at the valleys between neighbouring redox couples.
 *
 * For each pair of couples (by mean voltage), between the higher of the lower couple's two peaks
 * and the lower of the upper couple's two peaks: every half cycle's smoothed |dQ/dV| is divided
 * by its own largest value there (so charge and discharge weigh the same), and the half cycles
 * are summed on a 5 mV grid. The valley bottoms out where that combined curve is lowest; on a
 * flat floor (a baseline with noise, where the lowest point is noise) the bottom is the middle of
 * the floor, the run of grid points around the lowest one within 1 % of the curve's rise above
 * it. A valley whose bottom is above half the curve's highest value there is no valley.
 * Edges are rounded to 10 mV. Null with fewer than two couples or no valley.
 */
export function valleyEdges(halfCycles: readonly DqdvHalfCycle[], couples: readonly RedoxCouple[]): ValleyEdges | null {
  if (couples.length < 2) return null;
  const sorted = [...couples].sort((a, b) => a.meanVoltageV - b.meanVoltageV);
  const valleys: Valley[] = [];
  for (let k = 1; k < sorted.length; k++) {
    const lower = sorted[k - 1]!;
    const upper = sorted[k]!;
    const valley = valleyBetween(halfCycles, Math.max(lower.oxidationV, lower.reductionV), Math.min(upper.oxidationV, upper.reductionV));
    if (valley === null) continue;
    if (valleys.length > 0 && valley.bottomV <= valleys[valleys.length - 1]!.bottomV) continue;
    valleys.push({ lowerCoupleV: lower.meanVoltageV, upperCoupleV: upper.meanVoltageV, ...valley });
  }
  if (valleys.length === 0) return null;
  return {
    edgesV: valleys.map((v) => v.bottomV),
    valleys,
    description: `valleys between the dQ/dV couples of cycle ${sorted[0]!.cycle} (${sorted.map((c) => `${c.meanVoltageV.toFixed(2)} V`).join(', ')})`,
  };
}

/**
 * The valleys of one cycle with the default dQ/dV settings (interp-sg, default peaks and
 * couples), or null when its steps were loaded without points or it has too few points.
 */
export function valleysOfCycle(cycle: Cycle): ValleyEdges | null {
  if (!cycle.steps.every((s) => s.points !== null)) return null;
  try {
    const analysis = analyseDqdv([cycle], ['charge', 'discharge'], DQDV_ANALYSIS_DEFAULTS);
    return valleyEdges(analysis.halfCycles, analysis.couples);
  } catch (err) {
    // Too few points for a dQ/dV: no valleys, and the caller falls back (said in edgesSource).
    if (isCyclekitError(err)) return null;
    throw err;
  }
}

function valleyBetween(halfCycles: readonly DqdvHalfCycle[], fromV: number, toV: number): Omit<Valley, 'lowerCoupleV' | 'upperCoupleV'> | null {
  const n = Math.floor((toV - fromV) / VALLEY_GRID_STEP_V) - 1;
  if (n < 3) return null;
  const grid = Float64Array.from({ length: n }, (_, i) => fromV + (i + 1) * VALLEY_GRID_STEP_V);
  const combined = new Float64Array(n);
  let used = 0;
  for (const h of halfCycles) {
    const v = h.curve.voltageV;
    if (v.length < 2 || v[0]! > fromV || v[v.length - 1]! < toV) continue;
    const y = interpolateAscending(v, Float64Array.from(h.curve.dqdvMAhPerV, Math.abs), grid);
    let top = 0;
    for (const x of y) if (x > top) top = x;
    if (!(top > 0)) continue;
    for (let i = 0; i < n; i++) combined[i] = combined[i]! + y[i]! / top;
    used++;
  }
  if (used === 0) return null;
  let lowest = 0;
  let highest = combined[0]!;
  for (let i = 1; i < n; i++) {
    if (combined[i]! < combined[lowest]!) lowest = i;
    highest = Math.max(highest, combined[i]!);
  }
  if (combined[lowest]! > VALLEY_MAX_DEPTH_FRACTION * highest) return null;
  const ceiling = combined[lowest]! + VALLEY_FLOOR_FRACTION * (highest - combined[lowest]!);
  let first = lowest;
  let last = lowest;
  while (first > 0 && combined[first - 1]! <= ceiling) first--;
  while (last < n - 1 && combined[last + 1]! <= ceiling) last++;
  return { bottomV: Math.round(((grid[first]! + grid[last]!) / 2) * 100) / 100, floorFromV: grid[first]!, floorToV: grid[last]! };
}

export interface EdgesAgainstValleys {
  /** Every edge lies within VALLEY_MATCH_TOLERANCE_V of a valley's bottom, one edge per valley. */
  matches: boolean;
  /** One sentence for the output: the valleys, and what that means for the edges in use. */
  note: string;
}

/**
 * Whether a reference's edges come out of the valley rule, and what to say either way: when they
 * do not, whether each still lies on a valley floor (every window then holds whole couples).
 */
export function edgesAgainstValleys(edgesV: readonly number[], valleys: ValleyEdges, toleranceV = VALLEY_MATCH_TOLERANCE_V): EdgesAgainstValleys {
  const bottoms = valleys.valleys.map((v) => v.bottomV);
  const matches = bottoms.length === edgesV.length && bottoms.every((b, i) => Math.abs(b - edgesV[i]!) <= toleranceV);
  const volts = (list: readonly number[]): string => list.map((v) => v.toFixed(2)).join(', ');
  const floors = valleys.valleys.map((v) => `${v.floorFromV.toFixed(2)}–${v.floorToV.toFixed(2)} V`).join(', ');
  const head = `the ${valleys.description} bottom out at ${volts(bottoms)} V (floors ${floors})`;
  if (matches) return { matches, note: `${head}: within ${toleranceV} V of ${volts(edgesV)} V` };
  const onFloor = edgesV.every((e) => valleys.valleys.some((v) => e >= v.floorFromV && e <= v.floorToV));
  return {
    matches,
    note: `${head}, not within ${toleranceV} V of ${volts(edgesV)} V: those are kept${onFloor ? '; each lies on a valley floor, so every window still holds whole couples' : '; an edge off every valley floor cuts through a couple'}`,
  };
}

export interface ChosenEdges {
  edgesV: number[];
  /** Where the edges came from, for `edgesSource`. */
  edgesSource: string;
  /** How a reference's edges compare with the valleys (JSON `edgesNote`); null when there is nothing to compare. */
  edgesNote: string | null;
}

/**
 * Automatic window edges: the valley rule for every cell. A reference's own edges are kept
 * instead only when the valleys do not reproduce them within VALLEY_MATCH_TOLERANCE_V, and
 * `edgesNote` then gives the valleys and why; with neither, `fallback`.
 */
export function chooseEdges(reference: { edgesV: number[]; source: string } | null, valleys: ValleyEdges | null, fallback: { edgesV: number[]; source: string }): ChosenEdges {
  if (valleys === null) {
    const chosen = reference ?? fallback;
    return { edgesV: chosen.edgesV, edgesSource: chosen.source, edgesNote: null };
  }
  if (reference === null) return { edgesV: valleys.edgesV, edgesSource: valleys.description, edgesNote: null };
  const against = edgesAgainstValleys(reference.edgesV, valleys);
  return against.matches
    ? { edgesV: valleys.edgesV, edgesSource: valleys.description, edgesNote: `${against.note} (${reference.source})` }
    : { edgesV: reference.edgesV, edgesSource: reference.source, edgesNote: against.note };
}
