import type { Command } from 'commander';
import type { SummaryResult } from '../../pipeline/summarise.js';
import type { SummaryFlags } from '../flags/summary.js';
import { registerPerFileCommand } from '../per-file.js';
import type { RunContext } from '../context.js';
import { DEFAULT_CE } from '../../pipeline/summarise.js';

/** `cyclekit summary`: per-cycle figures of each file (src/pipeline/summarise.ts, src/report/summary.ts). */
export function defineSummary(program: Command, ctx: RunContext): void {
  registerPerFileCommand<SummaryFlags, SummaryResult>(program, ctx, {
    name: 'summary',
    examples: ['cyclekit summary fixtures/he-v/he-v-0.2C.csv --mass 2mg --c-rate-basis 100mA/g'],
    description: 'per-cycle capacity, Coulombic efficiency, energy, mean voltages and C-rate',
    options: (cmd) => cmd.option('--ce <mode>', 'Coulombic efficiency: discharge-over-charge (cathode, full cell), charge-over-discharge (anode), or auto (from cell.yaml cellType)', DEFAULT_CE),
    prepare: async (flags) => {
      const [{ WORK }, { summaryEmitters }] = await Promise.all([import('../work-registry.js'), import('../../report/summary.js')]);
      return { work: await WORK.summary(flags), emit: summaryEmitters };
    },
  });
}
