import type { Command } from 'commander';
import { rateCapability, type RateResult } from '../../analysis/rate.js';
import { RATE_CSV_HEADER, rateCsvRows, rateJson, rateTable } from '../../report/rate.js';
import { addInputOptions, addOutputOptions, loadOptions, outputMode, type InputFlags } from '../options.js';
import { runPerFile, type RunContext } from '../run.js';
import { parseFraction } from './retention.js';
import { summariseFile } from './summary.js';

interface RateFlags extends InputFlags {
  rateTolerance: string;
}

export async function rateForFile(file: string, flags: InputFlags, tolerance = 0.1): Promise<{ result: RateResult; warnings: string[] }> {
  const s = await summariseFile(file, { ...flags, ce: 'auto' });
  // The table already says when cycles were grouped by current for want of a 1C basis.
  return { result: rateCapability(s.cycles, tolerance), warnings: s.warnings };
}

export function registerRate(program: Command, ctx: RunContext): void {
  const cmd = program
    .command('rate')
    .description('rate capability: cycles grouped by C-rate, mean discharge capacity, retention vs the slowest rate, recovery')
    .argument('<files...>', 'cycler exports, directories (with --recursive) or - for stdin')
    .option('--rate-tolerance <pct>', 'a measured C-rate within this of a standard rate (0.1, 0.2, 0.5, 1, 2, 5 …) is reported as it', '10%');
  addInputOptions(cmd);
  addOutputOptions(cmd);
  cmd.action(async (files: string[], flags: RateFlags) => {
    outputMode(flags);
    loadOptions(flags);
    const tolerance = parseFraction(flags.rateTolerance, '--rate-tolerance');
    program.setOptionValue('exitCode', await runPerFile('rate', files, flags, (f) => rateForFile(f, flags, tolerance), {
      json: (r) => rateJson(r.result),
      table: (r, style) => rateTable(r.result, style),
      csv: (r) => ({ header: RATE_CSV_HEADER, rows: rateCsvRows(r.result) }),
      warnings: (r) => r.warnings,
    }, ctx));
  });
}
