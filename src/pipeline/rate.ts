import { rateCapability, type RateResult } from '../analysis/rate.js';
import { CyclekitError } from '../model/errors.js';
import type { LoadOptions } from './load.js';
import { DEFAULT_CE, fileFacts, summariseFile, type FileFacts } from './summarise.js';

export interface RateFileOptions {
  load: LoadOptions;
  /** A measured C-rate within this fraction of a standard rate is reported as it. */
  tolerance: number;
}

export interface RateFileResult extends FileFacts {
  result: RateResult;
  warnings: string[];
}

export async function rateFile(file: string, o: RateFileOptions): Promise<RateFileResult> {
  const s = await summariseFile(file, o.load, DEFAULT_CE);
  if (s.dataset.header.perCycleTable === true) {
    throw new CyclekitError('E_VALUE', 'rate capability needs discharge currents, and a per-cycle summary table has none (no time series): summary, retention, energy and report read this file', { file: s.dataset.file });
  }
  // The table already says when cycles were grouped by current for want of a 1C basis.
  return { ...fileFacts(s.dataset), result: rateCapability(s.cycles, o.tolerance), warnings: s.warnings };
}
