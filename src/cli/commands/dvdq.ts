import { Option, type Command } from 'commander';
import type { DvdqResult } from '../../pipeline/dvdq.js';
import { CE_PASSED_ON } from '../flags/ce.js';
import { CYCLES_HELP } from '../flags/cycles.js';
import type { DvdqFlags } from '../flags/dvdq.js';
import { registerPerFileCommand } from '../per-file.js';
import type { RunContext } from '../context.js';
import { DVDQ_FLAG_DEFAULTS } from '../flag-defaults.js';

/** `cyclekit dvdq`: differential voltage per half cycle (src/pipeline/dvdq.ts, src/report/dvdq.ts). */
export function defineDvdq(program: Command, ctx: RunContext): void {
  registerPerFileCommand<DvdqFlags, DvdqResult>(program, ctx, {
    name: 'dvdq',
    description: 'differential voltage dV/dQ per half cycle, on a uniform capacity grid (the dQ/dV smoothing choices)',
    options: (cmd) =>
      cmd
        .option('--cycle <n|all>', CYCLES_HELP, 'all')
        .addOption(new Option('--direction <dir>', 'half cycles to analyse').choices(['charge', 'discharge', 'both']).default('both'))
        .option('--points <n>', 'capacity grid points per half cycle', DVDQ_FLAG_DEFAULTS.points)
        .option('--window <points>', 'Savitzky–Golay window in grid points, odd ≥ 5 (1 = none)', DVDQ_FLAG_DEFAULTS.window)
        .option('--poly <order>', 'Savitzky–Golay polynomial order', DVDQ_FLAG_DEFAULTS.poly)
        .option('--no-chart', 'table only, without the terminal chart')
        .option('--ce <mode>', CE_PASSED_ON, 'auto'),
    examples: ['cyclekit dvdq fixtures/he-v/he-v-0.2C.csv --cycle 2 --direction discharge'],
    prepare: async (flags) => {
      const [{ dvdqFile }, { dvdqEmitters }, { checkCeFlag }, { dvdqSettingsFrom }, { loadWith }] = await Promise.all([
        import('../../pipeline/dvdq.js'),
        import('../../report/dvdq.js'),
        import('../flags/ce.js'),
        import('../flags/dvdq.js'),
        import('../flags/summary.js'),
      ]);
      const options = { ce: checkCeFlag(flags.ce), settings: dvdqSettingsFrom(flags), load: loadWith(flags) };
      return { work: (file) => dvdqFile(file, options), emit: dvdqEmitters(flags.chart) };
    },
  });
}
