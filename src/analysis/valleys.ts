import type { RedoxCouple } from './couples.js';
import type { DqdvHalfCycle } from './dqdv.js';

/** |dQ/dV| at or under this fraction of the interval's largest value is "the valley floor". */
export const VALLEY_FLOOR_FRACTION = 0.1;

export interface ValleyEdges {
  edgesV: number[];
  /** One sentence: which cycle and couples the edges came from. */
  description: string;
}

/**
 * Window edges between neighbouring redox couples: for each pair of couples (by mean voltage)
 * and each half cycle's dQ/dV curve, the floor of the valley between their peaks is where
 * |dQ/dV| is at most a tenth of the largest value between them; the edge is the middle of that
 * floor (its argmin would be noise on a flat baseline), averaged over charge and discharge and
 * rounded to 10 mV. Each window then holds one couple. Null with fewer than two couples.
 */
export function valleyEdges(halfCycles: readonly DqdvHalfCycle[], couples: readonly RedoxCouple[]): ValleyEdges | null {
  if (couples.length < 2) return null;
  const sorted = [...couples].sort((a, b) => a.meanVoltageV - b.meanVoltageV);
  const edges: number[] = [];
  for (let k = 1; k < sorted.length; k++) {
    const lo = sorted[k - 1]!.meanVoltageV;
    const hi = sorted[k]!.meanVoltageV;
    const middles: number[] = [];
    for (const h of halfCycles) {
      const v = h.curve.voltageV;
      const y = h.curve.dqdvMAhPerV;
      let top = 0;
      for (let i = 0; i < v.length; i++) if (v[i]! > lo && v[i]! < hi) top = Math.max(top, Math.abs(y[i]!));
      if (!(top > 0)) continue;
      let first: number | null = null;
      let last: number | null = null;
      for (let i = 0; i < v.length; i++) {
        if (!(v[i]! > lo && v[i]! < hi) || Math.abs(y[i]!) > top * VALLEY_FLOOR_FRACTION) continue;
        first ??= v[i]!;
        last = v[i]!;
      }
      if (first !== null && last !== null) middles.push((first + last) / 2);
    }
    if (middles.length === 0) continue;
    const edge = Math.round((middles.reduce((s, x) => s + x, 0) / middles.length) * 100) / 100;
    if (edges.length === 0 || edge > edges[edges.length - 1]!) edges.push(edge);
  }
  if (edges.length === 0) return null;
  const cycle = sorted[0]!.cycle;
  return {
    edgesV: edges,
    description: `valleys between the dQ/dV couples of cycle ${cycle} (${sorted.map((c) => `${c.meanVoltageV.toFixed(2)} V`).join(', ')})`,
  };
}
