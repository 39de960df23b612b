import { DEFAULT_RATE_TOLERANCE, rateCapability, type RateResult } from '../../analysis/rate.js';
import { CyclekitError } from '../../model/errors.js';
import { RATE_CSV_HEADER, rateCsvRows, rateJson, rateTable } from '../../report/rate.js';
import type { InputFlags } from '../options.js';
import type { PerFileRunner } from '../per-file.js';
import { parseFraction } from './retention.js';
import { cellTypeJson, summariseFile, type CellTypeJson } from './summary.js';

interface RateFlags extends InputFlags {
  rateTolerance: string;
}

export interface RateFileResult {
  result: RateResult;
  cellType: CellTypeJson;
  warnings: string[];
}

export async function rateForFile(file: string, flags: InputFlags, tolerance = DEFAULT_RATE_TOLERANCE): Promise<RateFileResult> {
  const s = await summariseFile(file, { ...flags, ce: 'auto' });
  if (s.dataset.header.perCycleTable === true) {
    throw new CyclekitError('E_VALUE', 'rate capability needs discharge currents, and a per-cycle summary table has none (no time series): summary, retention, energy and report read this file', { file: s.dataset.file });
  }
  // The table already says when cycles were grouped by current for want of a 1C basis.
  return { result: rateCapability(s.cycles, tolerance), cellType: cellTypeJson(s.dataset), warnings: s.warnings };
}

export const rateRunner: PerFileRunner<RateFlags, RateFileResult> = {
  prepare: (flags: RateFlags) => {
    const tolerance = parseFraction(flags.rateTolerance, '--rate-tolerance');
    return (f) => rateForFile(f, flags, tolerance);
  },
  emit: {
    json: (r) => ({ ...r.cellType, ...rateJson(r.result) }),
    table: (r, style) => rateTable(r.result, style),
    csv: (r) => ({ header: RATE_CSV_HEADER, rows: rateCsvRows(r.result) }),
    warnings: (r) => r.warnings,
  },
};
