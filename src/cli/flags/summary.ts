import type { LoadOptions } from '../../pipeline/load.js';
import { loadOptions, type InputFlags } from '../options.js';

export interface SummaryFlags extends InputFlags {
  ce: string;
}

/** The input flags as load options; with `keepPoints`, `pointCycles` limits the kept points to the cycles read. */
export function loadWith(flags: InputFlags, keepPoints = false, pointCycles?: LoadOptions['pointCycles']): LoadOptions {
  return { ...loadOptions(flags, keepPoints), ...(pointCycles ? { pointCycles } : {}) };
}
