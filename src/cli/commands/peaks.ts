import type { Command } from 'commander';
import { REDOX_REFERENCES } from '../../references/load.js';
import type { PeaksResult } from '../../pipeline/peaks.js';
import { CE_PASSED_ON } from '../flags/ce.js';
import type { SummaryFlags } from '../flags/summary.js';
import { registerPerFileCommand } from '../per-file.js';
import type { RunContext } from '../context.js';

interface PeaksFlags extends SummaryFlags {
  every?: string;
  reference?: string;
  rows: string;
  chart: boolean;
}

/** `cyclekit peaks`: redox couples followed over the cycles (src/pipeline/peaks.ts, src/report/peaks.ts). */
export function definePeaks(program: Command, ctx: RunContext): void {
  registerPerFileCommand<PeaksFlags, PeaksResult>(program, ctx, {
    name: 'peaks',
    description: 'redox couples followed over the cycles: position, height, area and polarisation of each couple per cycle (every Nth on long tests)',
    options: (cmd) =>
      cmd
        .option('--every <n>', 'analyse every Nth complete cycle (and the last); default: about 40 cycles in all')
        .option('--reference <ref>', `label couples from a reference table: ${Object.keys(REDOX_REFERENCES).join(', ')}, or "LABEL=V,…" (default: reference in cell.yaml)`)
        .option('--rows <n>', 'table rows per couple (first, evenly spaced, last)', '12')
        .option('--no-chart', 'table only, without the terminal chart')
        .option('--ce <mode>', CE_PASSED_ON, 'auto'),
    examples: ['cyclekit peaks fixtures/he-v/he-v-0.2C.csv --reference he-v'],
    prepare: async (flags) => {
      const [{ peaksFile }, { peaksEmitters }, { checkCeFlag }, { parseInteger }, { parseReference }, { loadWith }] = await Promise.all([
        import('../../pipeline/peaks.js'),
        import('../../report/peaks.js'),
        import('../flags/ce.js'),
        import('../flags/numbers.js'),
        import('../flags/reference.js'),
        import('../flags/summary.js'),
      ]);
      const whole = (text: string, option: string): number => parseInteger(text, option, (x) => x >= 1, 'a whole number ≥ 1');
      const ce = checkCeFlag(flags.ce);
      const every = flags.every !== undefined ? whole(flags.every, '--every') : null;
      const rows = whole(flags.rows, '--rows');
      const options = { ce, every, reference: flags.reference !== undefined ? parseReference(flags.reference) : null, load: loadWith(flags) };
      return { work: (file) => peaksFile(file, options), emit: peaksEmitters({ rows, chart: flags.chart }) };
    },
  });
}
