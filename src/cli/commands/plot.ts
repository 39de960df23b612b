import { extname } from 'node:path';
import { Argument, Option, type Command } from 'commander';
import { CyclekitError } from '../../model/errors.js';
import type { PlotFlags } from '../flags/plot.js';
import { addInputOptions, exampleHelp } from '../options.js';
import { DEFAULT_CE } from '../../pipeline/summarise.js';
import { RATE_FLAG_DEFAULTS, RETENTION_FLAG_DEFAULTS } from '../flag-defaults.js';
import type { RunContext } from '../context.js';

const KINDS = ['profile', 'dqdv', 'dvdq', 'retention', 'rate', 'windows', 'peaks'];
const OUTPUT_KINDS = ['.svg', '.png', '.html'];

/** `cyclekit plot KIND FILE… -o OUT.svg|png|html`: one analysis of one or several files as a publication figure. */
export function definePlot(program: Command, ctx: RunContext): void {
  const cmd = program
    .command('plot')
    .description('a publication figure (SVG, PNG or HTML) of one analysis for one or several files, overlaid')
    .addArgument(new Argument('<kind>', 'profile (V vs Q), dqdv, dvdq, retention (capacity and CE vs cycle), rate, windows, peaks').choices(KINDS))
    .argument('<files...>', 'cycler exports, or directories with --recursive')
    .option('-o, --output <file>', 'the figure: OUT.svg, OUT.png or OUT.html (written whole or not at all)')
    .option('--cycle <list>', 'cycles to draw (profile, dqdv, peaks, windows): 1,2,10,100 · 2-5 · all · "every N"; default: a few log-spaced (profile), the plateau cycle (dqdv)')
    .option('--direction <dir>', 'charge, discharge or both (profile, dqdv: both; windows: discharge)')
    .option('--size <size>', '85mm (single column), 180mm (double column), WxH pixels (640x480) or WxHmm', '180mm')
    .option('--dpi <n>', 'PNG resolution (default 300 for mm sizes, 96 = one pixel per CSS pixel for WxH)')
    .option('--title <text>', "the figure's title ('' for none)")
    .addOption(new Option('--theme <theme>', 'colours').choices(['light', 'dark']).default('light'))
    .option('--data <file>', 'also write the series behind the figure as CSV (full resolution, units in the column names)')
    .option('--spec <file>', 'also write the Vega-Lite spec (data inline) to restyle or render elsewhere')
    .option('--reference <ref>', 'couple labels for dqdv and peaks: he-v, nvp or "LABEL=V,…" (default: reference in cell.yaml)')
    .option('--edges <volts>', 'windows: window edges in V, ascending, comma-separated', '3.0,3.6')
    .option('--segments <n|list>', 'retention: segment ends, every N cycles (5000) or a list (100,500,2000)')
    .option('--reference-cycle <n>', 'retention: cycle taken as 100 %')
    .option('--skip-formation <n>', 'retention: the first N cycles are never the default reference', RETENTION_FLAG_DEFAULTS.skipFormation)
    .option('--threshold <pct>', 'retention: the line marked on the capacity panel', RETENTION_FLAG_DEFAULTS.threshold)
    .option('--boundary-window <n>', 'retention: median over N usable cycles at each segment end', RETENTION_FLAG_DEFAULTS.boundaryWindow)
    .option('--rate-tolerance <pct>', 'rate: a measured C-rate within this of a standard rate is reported as it', RATE_FLAG_DEFAULTS.rateTolerance)
    .option('--ce <mode>', 'Coulombic efficiency: discharge-over-charge, charge-over-discharge or auto (from cell.yaml cellType)', DEFAULT_CE);
  addInputOptions(cmd);
  cmd.addHelpText(
    'after',
    exampleHelp([
      'cyclekit plot profile fixtures/he-v/he-v-0.2C.csv -o profile.svg',
      'cyclekit plot dqdv fixtures/he-v/he-v-0.2C.csv --size 85mm -o dqdv.svg',
    ]) + '\nFigures, sizes and themes: docs/commands/plot.md and docs/figures.md.',
  );
  cmd.action(async (kind: string, inputs: string[], flags: PlotFlags) => {
    const output = flags.output;
    if (output === undefined && flags.spec === undefined && flags.data === undefined) throw new CyclekitError('E_USAGE', 'plot: say where the figure goes: -o OUT.svg, OUT.png or OUT.html (and/or --spec OUT.vl.json, --data OUT.csv)');
    if (output !== undefined && !OUTPUT_KINDS.includes(extname(output).toLowerCase())) throw new CyclekitError('E_USAGE', `-o ${output}: the figure's format comes from the extension: .svg, .png or .html`);
    const { lookFrom, parseDpi, plotOptionsFrom } = await import('../flags/plot.js');
    const look = lookFrom(flags);
    // Pixel sizes are drawn one to one; millimetre sizes are for print, 300 dpi.
    const dpi = parseDpi(flags.dpi, /mm$/i.test(flags.size.trim()) ? 300 : 96);
    const options = plotOptionsFrom(kind, flags, (text) => {
      if (!flags.quiet) ctx.stderr(`cyclekit: warning: ${text}\n`);
    });
    const [{ expandInputs }, { plotData }, { figureOf, writeFigure }, { writeWhole }, { renderSvg }, { seriesName }, { toCsv }] = await Promise.all([
      import('../inputs.js'),
      import('../../pipeline/plot.js'),
      import('../../report/figures/figure.js'),
      import('../../util/atomic-write.js'),
      import('../../report/figures/render.js'),
      import('../../report/figures/spec.js'),
      import('../../report/csv.js'),
    ]);
    const files = await expandInputs(inputs, flags.recursive ?? false);
    if (files.length === 0) throw new CyclekitError('E_USAGE', 'no input files (pass FILE..., or a directory with --recursive)');
    if (files.includes('-')) throw new CyclekitError('E_USAGE', 'plot reads files, not standard input: save the export first');
    const figure = figureOf(await plotData(kind as Parameters<typeof plotData>[0], files, options), look);
    if (flags.spec !== undefined) await writeWhole(flags.spec, JSON.stringify(figure.spec, null, 1) + '\n');
    if (flags.data !== undefined) await writeWhole(flags.data, toCsv(figure.data.header, figure.data.rows));
    if (output !== undefined) await writeFigure(output, figure, await renderSvg(figure.spec, look), look, dpi, `${kind} — ${files.map(seriesName).join(', ')}`);
  });
}
