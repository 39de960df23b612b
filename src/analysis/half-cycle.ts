import type { Step } from '../segment/steps.js';

export type Direction = 'charge' | 'discharge';

/** One half cycle as a time-ordered trace: voltage and the capacity passed so far. */
export interface HalfCycleSeries {
  direction: Direction;
  voltageV: Float64Array;
  /** Capacity passed since the half cycle began, Ah, counted positive in its own direction. */
  capacityAh: Float64Array;
  /** |∫I dt| summed over the half cycle's steps, Ah (the last capacityAh value). */
  integratedAh: number;
  /** The file's own counter summed over the same steps, Ah; null unless every step has one. */
  fileAh: number | null;
  steps: number;
}

/**
 * Concatenate the points of a cycle's charge (or discharge) steps in time order. Each step's
 * first sample already carries the charge that flowed since the previous record, so a point
 * with zero capacity at the step's first voltage is put in front: the trace then starts at 0
 * and ends at exactly the steps' ∫I dt. Steps must have been loaded with `keepPoints`.
 */
export function halfCycleSeries(steps: Step[], direction: Direction): HalfCycleSeries | null {
  const list = steps.filter((s) => s.kind === direction);
  if (list.length === 0) return null;
  const sign = direction === 'charge' ? 1 : -1;
  let n = 0;
  for (const s of list) {
    if (!s.points) throw new Error('halfCycleSeries needs steps loaded with keepPoints');
    n += s.points.length + 1;
  }
  const voltageV = new Float64Array(n);
  const capacityAh = new Float64Array(n);
  let k = 0;
  let offset = 0;
  let fileAh: number | null = 0;
  for (const s of list) {
    const p = s.points!;
    voltageV[k] = p.voltageV[0] ?? s.firstVoltageV;
    capacityAh[k++] = offset;
    for (let i = 0; i < p.length; i++) {
      voltageV[k] = p.voltageV[i]!;
      capacityAh[k++] = offset + sign * p.chargeAh[i]!;
    }
    offset += sign * s.integratedAh;
    fileAh = fileAh === null || s.fileCapacityAh === null ? null : fileAh + s.fileCapacityAh;
  }
  return { direction, voltageV, capacityAh, integratedAh: offset, fileAh, steps: list.length };
}

/**
 * What halfCycleSeries reports as `integratedAh` and `fileAh`, by the same sums in the same
 * order, without building the trace (and without points): a check over every cycle's totals
 * need not hold every cycle's trace.
 */
export function halfCycleTotals(steps: Step[], direction: Direction): { integratedAh: number; fileAh: number | null } | null {
  const sign = direction === 'charge' ? 1 : -1;
  let found = false;
  let offset = 0;
  let fileAh: number | null = 0;
  for (const s of steps) {
    if (s.kind !== direction) continue;
    found = true;
    offset += sign * s.integratedAh;
    fileAh = fileAh === null || s.fileCapacityAh === null ? null : fileAh + s.fileCapacityAh;
  }
  return found ? { integratedAh: offset, fileAh } : null;
}
