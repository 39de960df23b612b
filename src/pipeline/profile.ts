import { halfCycleSeries, type HalfCycleSeries } from '../analysis/half-cycle.js';
import { minMaxIndices } from '../math/decimate.js';
import type { Cycle } from '../segment/cycles.js';

/** One cycle's voltage profile: its charge and discharge traces. */
export interface ProfileCycle {
  cycle: number;
  halves: HalfCycleSeries[];
}

/** Points kept per half cycle: enough for a figure at 180 mm, small enough to keep for a long batch. */
const KEEP = 600;

/** A half cycle with only the points that a chart or figure can show (each bucket's extremes, and the end). */
function thin(h: HalfCycleSeries): HalfCycleSeries {
  const keep = new Set(minMaxIndices(h.voltageV, KEEP / 4));
  keep.add(h.voltageV.length - 1);
  const idx = [...keep].sort((a, b) => a - b);
  return { ...h, voltageV: Float64Array.from(idx, (i) => h.voltageV[i]!), capacityAh: Float64Array.from(idx, (i) => h.capacityAh[i]!) };
}

/** Charge and discharge traces of the given cycle numbers (distinct, in order), from steps loaded with points. */
export function profileCycles(cycles: Cycle[], numbers: (number | null | undefined)[]): ProfileCycle[] {
  const wanted = [...new Set(numbers.filter((n): n is number => typeof n === 'number'))].sort((a, b) => a - b);
  const out: ProfileCycle[] = [];
  for (const n of wanted) {
    const c = cycles.find((x) => x.number === n);
    if (!c || c.steps.some((s) => (s.kind === 'charge' || s.kind === 'discharge') && s.points === null)) continue;
    const halves = (['charge', 'discharge'] as const).map((d) => halfCycleSeries(c.steps, d)).filter((h): h is HalfCycleSeries => h !== null && h.voltageV.length > 1);
    if (halves.length > 0) out.push({ cycle: n, halves: halves.map(thin) });
  }
  return out;
}

