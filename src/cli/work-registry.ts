import { checkFile, type CheckFlags } from './commands/check.js';
import { energyForFile, type EnergyFlags } from './commands/energy.js';
import { inspectFile } from './commands/inspect.js';
import { rateForFile } from './commands/rate.js';
import { parseFraction, retentionForFile, type RetentionFlags } from './commands/retention.js';
import { summariseFile, type SummaryFlags } from './commands/summary.js';
import type { InputFlags } from './options.js';

/**
 * A command's per-file work as a worker thread can call it: (file, the command's parsed
 * options) → a result that survives structured cloning (plain objects, arrays, typed arrays;
 * no functions or class instances that the emitters depend on).
 *
 * Contract: `WORK[command](file, flags)` must do exactly what the `work` closure that the
 * command passes to `runPerFile` does, because with `--jobs 1` (or one file) the closure runs
 * and with more jobs this runs in a worker: both must give byte-identical output. A command
 * missing here still works; its files are simply processed in the main thread.
 */
export type WorkFunction = (file: string, flags: Record<string, unknown>) => Promise<unknown>;

export const WORK: Record<string, WorkFunction> = {
  summary: (file, flags) => summariseFile(file, flags as unknown as SummaryFlags),
  check: (file, flags) => checkFile(file, flags as unknown as CheckFlags),
  energy: (file, flags) => energyForFile(file, flags as unknown as EnergyFlags),
  retention: (file, flags) => retentionForFile(file, flags as unknown as RetentionFlags),
  rate: (file, flags) => rateForFile(file, flags as unknown as InputFlags, parseFraction(String(flags.rateTolerance), '--rate-tolerance')),
  inspect: (file, flags) => inspectFile(file, flags as unknown as InputFlags),
};
