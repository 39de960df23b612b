import type { Command } from 'commander';
import type { RateFileResult } from '../../pipeline/rate.js';
import type { InputFlags } from '../options.js';
import { registerPerFileCommand } from '../per-file.js';
import type { RunContext } from '../context.js';
import { RATE_FLAG_DEFAULTS } from '../flag-defaults.js';

/** `cyclekit rate`: rate capability (src/pipeline/rate.ts, src/report/rate.ts). */
export function defineRate(program: Command, ctx: RunContext): void {
  registerPerFileCommand<InputFlags & { rateTolerance: string }, RateFileResult>(program, ctx, {
    name: 'rate',
    examples: ['cyclekit rate fixtures/he-v/he-v-rate.csv'],
    description: 'rate capability: cycles grouped by C-rate, mean discharge capacity, retention vs the slowest rate, recovery',
    options: (cmd) => cmd.option('--rate-tolerance <pct>', 'a measured C-rate within this of a standard rate (0.1, 0.2, 0.5, 1, 2, 5 …) is reported as it', RATE_FLAG_DEFAULTS.rateTolerance),
    prepare: async (flags) => {
      const [{ WORK }, { rateEmitters }] = await Promise.all([import('../work-registry.js'), import('../../report/rate.js')]);
      return { work: await WORK.rate(flags), emit: rateEmitters };
    },
  });
}
