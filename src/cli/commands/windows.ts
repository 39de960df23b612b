import type { Command } from 'commander';
import type { WindowsResult } from '../../pipeline/windows.js';
import { CE_PASSED_ON } from '../flags/ce.js';
import { CYCLES_HELP } from '../flags/cycles.js';
import type { SummaryFlags } from '../flags/summary.js';
import { registerPerFileCommand } from '../per-file.js';
import type { RunContext } from '../context.js';
import { DEFAULT_CE } from '../../pipeline/summarise.js';

interface WindowsFlags extends SummaryFlags {
  edges?: string;
  cycle: string;
}

/** `cyclekit windows`: capacity inside voltage windows (src/pipeline/windows.ts, src/report/windows.ts). */
export function defineWindows(program: Command, ctx: RunContext): void {
  registerPerFileCommand<WindowsFlags, WindowsResult>(program, ctx, {
    name: 'windows',
    examples: ['cyclekit windows fixtures/he-v/he-v-0.2C.csv --edges 3.0,3.6 --cycle 2'],
    description: 'capacity delivered inside voltage windows, per cycle and direction (split by linear interpolation at the edges)',
    options: (cmd) =>
      cmd
        .option('--edges <volts>', "window edges in V, ascending, comma-separated (default: the sidecar reference's own, else the valleys between the dQ/dV couples of the slowest complete cycle, else 3.0,3.6)")
        .option('--cycle <n|all>', CYCLES_HELP, 'all')
        .option('--ce <mode>', CE_PASSED_ON, DEFAULT_CE),
    prepare: async (flags) => {
      const [{ windowsFile }, { windowsEmitters }, { checkCeFlag }, { parseEdges }, { parseCycleSelection }, { loadWith }] = await Promise.all([
        import('../../pipeline/windows.js'),
        import('../../report/windows.js'),
        import('../flags/ce.js'),
        import('../flags/edges.js'),
        import('../../segment/selection.js'),
        import('../flags/summary.js'),
      ]);
      const options = { ce: checkCeFlag(flags.ce), edgesV: flags.edges === undefined ? null : parseEdges(flags.edges), selection: parseCycleSelection(flags.cycle), load: loadWith(flags) };
      return { work: (file) => windowsFile(file, options), emit: windowsEmitters };
    },
  });
}
