import { pointCyclesOf, type CycleSelection } from '../segment/selection.js';
import type { LoadOptions } from './load.js';

/** Load options that keep the points of the selected cycles only (all of them for `all`, `first`, `last`). */
export function keepingPointsOf(load: LoadOptions, selection: CycleSelection): LoadOptions {
  const pointCycles = pointCyclesOf(selection);
  return { ...load, keepPoints: true, ...(pointCycles ? { pointCycles } : {}) };
}
