import { summariseFile, type SummaryResult } from '../../pipeline/summarise.js';
import type { LoadOptions } from '../../pipeline/load.js';
import { loadOptions, type InputFlags } from '../options.js';
import { checkCeFlag } from './ce.js';

export interface SummaryFlags extends InputFlags {
  ce: string;
}

/** The input flags as load options; with `keepPoints`, `pointCycles` limits the kept points to the cycles read. */
export function loadWith(flags: InputFlags, keepPoints = false, pointCycles?: LoadOptions['pointCycles']): LoadOptions {
  return { ...loadOptions(flags, keepPoints), ...(pointCycles ? { pointCycles } : {}) };
}

/** Load, segment and summarise one file as the flags say (summary, plot, index). */
export function summariseWithFlags(file: string, flags: SummaryFlags, keepPoints = false, pointCycles?: LoadOptions['pointCycles']): Promise<SummaryResult> {
  return summariseFile(file, loadWith(flags, keepPoints, pointCycles), checkCeFlag(flags.ce));
}
