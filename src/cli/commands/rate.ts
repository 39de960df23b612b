import type { Command } from 'commander';
import { rateCapability, type RateResult } from '../../analysis/rate.js';
import { CyclekitError } from '../../model/errors.js';
import { RATE_CSV_HEADER, rateCsvRows, rateJson, rateTable } from '../../report/rate.js';
import type { InputFlags } from '../options.js';
import { registerPerFileCommand } from '../per-file.js';
import type { RunContext } from '../run.js';
import { parseFraction } from './retention.js';
import { summariseFile } from './summary.js';

interface RateFlags extends InputFlags {
  rateTolerance: string;
}

export async function rateForFile(file: string, flags: InputFlags, tolerance = 0.1): Promise<{ result: RateResult; warnings: string[] }> {
  const s = await summariseFile(file, { ...flags, ce: 'auto' });
  if (s.dataset.header.perCycleTable === true) {
    throw new CyclekitError('E_VALUE', 'rate capability needs discharge currents, and a per-cycle summary table has none (no time series): summary, retention, energy and report read this file', { file: s.dataset.file });
  }
  // The table already says when cycles were grouped by current for want of a 1C basis.
  return { result: rateCapability(s.cycles, tolerance), warnings: s.warnings };
}

export function registerRate(program: Command, ctx: RunContext): void {
  registerPerFileCommand(program, ctx, {
    name: 'rate',
    description: 'rate capability: cycles grouped by C-rate, mean discharge capacity, retention vs the slowest rate, recovery',
    options: (cmd) => cmd.option('--rate-tolerance <pct>', 'a measured C-rate within this of a standard rate (0.1, 0.2, 0.5, 1, 2, 5 …) is reported as it', '10%'),
    prepare: (flags: RateFlags) => {
      const tolerance = parseFraction(flags.rateTolerance, '--rate-tolerance');
      return (f) => rateForFile(f, flags, tolerance);
    },
    emit: {
      json: (r) => rateJson(r.result),
      table: (r, style) => rateTable(r.result, style),
      csv: (r) => ({ header: RATE_CSV_HEADER, rows: rateCsvRows(r.result) }),
      warnings: (r) => r.warnings,
    },
  });
}
