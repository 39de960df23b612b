import type { Command } from 'commander';
import type { RetentionFileResult } from '../../pipeline/retention.js';
import type { RetentionFlags } from '../flags/retention.js';
import { registerPerFileCommand } from '../per-file.js';
import type { RunContext } from '../context.js';
import { RETENTION_FLAG_DEFAULTS } from '../flag-defaults.js';

/** `cyclekit retention`: capacity retention and fade (src/pipeline/retention.ts, src/report/retention.ts). */
export function defineRetention(program: Command, ctx: RunContext): void {
  registerPerFileCommand<RetentionFlags, RetentionFileResult>(program, ctx, {
    name: 'retention',
    examples: ['cyclekit retention fixtures/he-v/he-v-long-50C-200.csv --segments 100'],
    description: 'capacity retention per cycle and per segment, fade rate, cycles to a threshold, CE over ranges, outlier cycles',
    options: (cmd) =>
      cmd
        .option('--reference-cycle <n>', 'cycle taken as 100 % (default: first cycle at the dominant C-rate after the formation cycles)')
        .option('--skip-formation <n>', 'the first N cycles are formation cycles, never the default reference', RETENTION_FLAG_DEFAULTS.skipFormation)
        .option('--segments <n|list>', 'segment ends: every N cycles (5000) or a list (100,500,2000); each segment is relative to the previous end')
        .option('--threshold <pct>', 'retention threshold for cycles-to-threshold', RETENTION_FLAG_DEFAULTS.threshold)
        .option('--boundary-window <n>', 'median over N usable cycles at each segment end (1 = the cycle itself)', RETENTION_FLAG_DEFAULTS.boundaryWindow),
    prepare: async (flags) => {
      const [{ WORK }, { retentionEmitters }] = await Promise.all([import('../work-registry.js'), import('../../report/retention.js')]);
      return { work: await WORK.retention(flags), emit: retentionEmitters };
    },
  });
}
