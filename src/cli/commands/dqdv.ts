import { Option, type Command } from 'commander';
import { REDOX_REFERENCES } from '../../references/load.js';
import type { DqdvResult } from '../../pipeline/dqdv.js';
import { CE_PASSED_ON } from '../flags/ce.js';
import { CYCLES_HELP } from '../flags/cycles.js';
import type { DqdvFlags } from '../flags/dqdv.js';
import { DQDV_FLAG_DEFAULTS } from '../flag-defaults.js';
import { outputPlan, type OutputFlags } from '../options.js';
import { registerPerFileCommand } from '../per-file.js';
import type { RunContext } from '../context.js';
import { DEFAULT_CE } from '../../pipeline/summarise.js';

/** `cyclekit dqdv`: differential capacity, peaks and couples (src/pipeline/dqdv.ts, src/report/dqdv.ts). */
export function defineDqdv(program: Command, ctx: RunContext): void {
  registerPerFileCommand<DqdvFlags, DqdvResult>(program, ctx, {
    name: 'dqdv',
    examples: ['cyclekit dqdv fixtures/he-v/he-v-0.2C.csv --cycle 2 --reference he-v'],
    description: 'differential capacity dQ/dV per half cycle, its peaks, and redox couples with their polarisation',
    options: (cmd) =>
      cmd
        .option('--cycle <n|all>', CYCLES_HELP, 'all')
        .addOption(new Option('--direction <dir>', 'half cycles to analyse').choices(['charge', 'discharge', 'both']).default('both'))
        .addOption(new Option('--method <m>', 'interp-sg: Q(V) on a uniform grid + Savitzky–Golay derivative; binning: LEAN-style histogram of ΔQ').choices(['interp-sg', 'binning']).default(DQDV_FLAG_DEFAULTS.method))
        .option('--step-mv <mV>', 'voltage grid step / bin width in mV', DQDV_FLAG_DEFAULTS.stepMv)
        .option('--window <points>', 'Savitzky–Golay window in grid points, odd ≥ 5 (1 = none); default 9 (interp-sg), 5 (binning)')
        .option('--poly <order>', 'Savitzky–Golay polynomial order; default 3 (interp-sg), 2 (binning)')
        .addOption(new Option('--monotone <how>', 'make the voltage trace monotone before resampling (interp-sg)').choices(['isotonic', 'cummax']).default(DQDV_FLAG_DEFAULTS.monotone))
        .option('--min-prominence <p>', "peak prominence threshold: a percentage of the half cycle's largest |dQ/dV| (5%) or mAh/V", DQDV_FLAG_DEFAULTS.minProminence)
        .option('--reference <ref>', `label couples from a reference table: ${Object.keys(REDOX_REFERENCES).join(', ')}, or "LABEL=V,…"`)
        .option('--label-tolerance <V>', 'largest distance between a couple mean and a reference potential, V', DQDV_FLAG_DEFAULTS.labelTolerance)
        .option('--max-polarization <V>', 'largest oxidation − reduction separation that still pairs two peaks, V', DQDV_FLAG_DEFAULTS.maxPolarization)
        .option('--no-chart', 'table only, without the terminal chart')
        .option('--ce <mode>', CE_PASSED_ON, DEFAULT_CE),
    prepare: async (flags) => {
      const [{ dqdvFile }, { dqdvEmitters }, { checkCeFlag }, { settingsFrom }, { loadWith }] = await Promise.all([
        import('../../pipeline/dqdv.js'),
        import('../../report/dqdv.js'),
        import('../flags/ce.js'),
        import('../flags/dqdv.js'),
        import('../flags/summary.js'),
      ]);
      const options = { ce: checkCeFlag(flags.ce), settings: settingsFrom(flags), load: loadWith(flags), allCurves: writesCurves(flags) };
      return { work: (file) => dqdvFile(file, options), emit: dqdvEmitters(flags.chart) };
    },
  });
}

/**
 * Only the CSV (and the Parquet and .xlsx tables made from it) writes every curve; JSON and the
 * tables write peaks and couples, and the chart is drawn for one or two cycles, whose curves are
 * kept anyway. Over many cycles the curves then need not be kept.
 */
function writesCurves(flags: OutputFlags): boolean {
  // Bad output flags were refused before any work is prepared (per-file.ts).
  return !['json', 'table'].includes(outputPlan(flags).kind);
}
