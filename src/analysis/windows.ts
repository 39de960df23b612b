import { CompensatedSum } from '../math/sum.js';
import type { Cycle } from '../segment/cycles.js';
import { halfCycleSeries, halfCycleTotals, type Direction } from './half-cycle.js';

/** Capacity delivered between two voltages; `null` bounds are the open ends. */
export interface VoltageWindow {
  fromV: number | null;
  toV: number | null;
  capacityMAh: number;
  specificCapacityMAhG: number | null;
  /** capacityMAh / totalMAh; null when the half cycle passed no charge. */
  fraction: number | null;
}

export interface HalfCycleWindows {
  /** |∫I dt| over the half cycle's steps, mAh: exactly the sum of the windows. */
  totalMAh: number;
  totalSpecificCapacityMAhG: number | null;
  /** The file's own capacity counter for the same steps, mAh (what `summary` reports when present). */
  fileTotalMAh: number | null;
  windows: VoltageWindow[];
}

export interface CycleWindows {
  cycle: number;
  charge: HalfCycleWindows | null;
  discharge: HalfCycleWindows | null;
}

/**
 * Window edges when nothing better is known (no --edges, no reference's own, no two dQ/dV
 * couples to split between): the HE-V paper's split at 3.0 and 3.6 V.
 */
export const DEFAULT_EDGES_V: readonly number[] = [3.0, 3.6];

/** Ascending, finite, distinct edges or a RangeError that names the problem. */
export function validateEdges(edgesV: number[]): number[] {
  if (edgesV.length === 0) throw new RangeError('at least one voltage edge is needed');
  for (let i = 0; i < edgesV.length; i++) {
    const e = edgesV[i]!;
    if (!Number.isFinite(e)) throw new RangeError(`voltage edge ${i + 1} is not a number`);
    if (i > 0 && !(e > edgesV[i - 1]!)) throw new RangeError(`voltage edges must increase: ${edgesV[i - 1]} then ${e}`);
  }
  return edgesV;
}

/**
 * Split the capacity of a time-ordered trace among voltage windows.
 *
 * Between consecutive samples the voltage is taken as linear in capacity, so a segment
 * (V_a, Q_a) → (V_b, Q_b) gives each window the share ΔQ·|overlap|/|V_b − V_a| (all of ΔQ to
 * the window holding V_a when V_a = V_b). Each segment's ΔQ is distributed in full — the last
 * window it touches takes the remainder — so Σ windows = Q_end − Q_start to rounding.
 * Windows are [−∞, e₁), [e₁, e₂), …, [e_last, +∞); no sorting by voltage, so relaxation
 * wiggles and noise keep their capacity where the cell passed it. Units: those of q.
 */
export function windowCapacities(v: ArrayLike<number>, q: ArrayLike<number>, edgesV: number[]): number[] {
  const m = edgesV.length + 1;
  const sums = Array.from({ length: m }, () => new CompensatedSum());
  const lower = (w: number): number => (w === 0 ? -Infinity : edgesV[w - 1]!);
  const upper = (w: number): number => (w === m - 1 ? Infinity : edgesV[w]!);
  const windowOf = (x: number): number => {
    let w = 0;
    while (w < edgesV.length && x >= edgesV[w]!) w++;
    return w;
  };
  for (let i = 1; i < v.length; i++) {
    const dq = q[i]! - q[i - 1]!;
    if (dq === 0) continue;
    const va = v[i - 1]!;
    const vb = v[i]!;
    const lo = Math.min(va, vb);
    const hi = Math.max(va, vb);
    const wLo = windowOf(lo);
    const wHi = windowOf(hi);
    if (wLo === wHi || hi === lo) {
      sums[windowOf(va)]!.add(dq);
      continue;
    }
    let assigned = 0;
    for (let w = wLo; w < wHi; w++) {
      const share = (dq * (Math.min(hi, upper(w)) - Math.max(lo, lower(w)))) / (hi - lo);
      sums[w]!.add(share);
      assigned += share;
    }
    sums[wHi]!.add(dq - assigned);
  }
  return sums.map((s) => s.value);
}

/**
 * Per-cycle, per-direction window capacities (mAh, mAh g⁻¹ when the mass is known, and the
 * fraction of the half cycle). The total is ∫I dt over the half cycle's steps; when the file
 * has its own counter it is reported beside it as `fileTotalMAh` (summary prefers that one).
 * Reference: capacity split by potential region as in Zhang et al., Energy Environ. Sci. 2025 (Fig. 3c).
 */
export function cycleWindows(cycles: Cycle[], edgesV: number[], massG: number | null): CycleWindows[] {
  validateEdges(edgesV);
  const one = (c: Cycle, direction: Direction): HalfCycleWindows | null => {
    const series = halfCycleSeries(c.steps, direction);
    if (!series) return null;
    const caps = windowCapacities(series.voltageV, series.capacityAh, edgesV);
    const totalMAh = series.integratedAh * 1000;
    const perGram = (mAh: number): number | null => (massG === null ? null : mAh / massG);
    return {
      totalMAh,
      totalSpecificCapacityMAhG: perGram(totalMAh),
      fileTotalMAh: series.fileAh === null ? null : series.fileAh * 1000,
      windows: caps.map((ah, w) => ({
        fromV: w === 0 ? null : edgesV[w - 1]!,
        toV: w === edgesV.length ? null : edgesV[w]!,
        capacityMAh: ah * 1000,
        specificCapacityMAhG: perGram(ah * 1000),
        fraction: totalMAh !== 0 ? (ah * 1000) / totalMAh : null,
      })),
    };
  };
  return cycles.map((c) => ({ cycle: c.number, charge: one(c, 'charge'), discharge: one(c, 'discharge') }));
}

/**
 * The largest relative gap, over the half cycles of `cycles`, between the windows' total (∫I dt)
 * and the file's own counter (`fileTotalMAh`), 0 when no half cycle has a counter: what
 * cycleWindows would report, read from the steps' totals, so the check needs no windows held.
 */
export function worstCounterGap(cycles: Cycle[]): number {
  let worst = 0;
  for (const c of cycles) {
    for (const direction of ['charge', 'discharge'] as const) {
      const t = halfCycleTotals(c.steps, direction);
      const fileTotalMAh = t === null || t.fileAh === null ? null : t.fileAh * 1000;
      if (fileTotalMAh !== null && fileTotalMAh > 0) worst = Math.max(worst, Math.abs(t!.integratedAh * 1000 - fileTotalMAh) / fileTotalMAh);
    }
  }
  return worst;
}

