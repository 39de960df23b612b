import type { Command } from 'commander';
import type { InspectResult } from '../../pipeline/inspect.js';
import type { InputFlags } from '../options.js';
import { registerPerFileCommand } from '../per-file.js';
import type { RunContext } from '../context.js';

/** `cyclekit inspect`: what was understood of each file (src/pipeline/inspect.ts, src/report/inspect.ts). */
export function defineInspect(program: Command, ctx: RunContext): void {
  registerPerFileCommand<InputFlags, InspectResult>(program, ctx, {
    name: 'inspect',
    examples: ['cyclekit inspect fixtures/he-v/he-v-0.2C.neware.csv'],
    description: 'show what cyclekit understood of a file: format and why, encoding, columns, rows, cycles, metadata',
    prepare: async (flags) => {
      const [{ WORK }, { inspectEmitters }] = await Promise.all([import('../work-registry.js'), import('../../report/inspect.js')]);
      return { work: await WORK.inspect(flags), emit: inspectEmitters };
    },
  });
}
