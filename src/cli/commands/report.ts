import type { Command } from 'commander';
import { BUNDLED_REFERENCES } from '../../references/load.js';
import type { SummaryFlags } from '../flags/summary.js';
import { addInputOptions, exampleHelp, loadOptions } from '../options.js';
import { resolveJoins } from '../per-file.js';
import type { RunContext } from '../context.js';
import { DEFAULT_CE } from '../../pipeline/summarise.js';

interface ReportFlags extends SummaryFlags {
  reference?: string;
  edges?: string;
  charts: boolean;
  cyclesShown: string;
  segments?: string;
  json?: boolean;
  wide?: boolean;
  /** Also write the whole report as one self-contained HTML file with its figures. */
  html?: string;
  /** Also write each figure as SVG into this folder. */
  figures?: string;
  /** With --figures: each figure's Vega-Lite spec beside its SVG. */
  spec?: boolean;
}

/** `cyclekit report`: every analysis the data supports (src/pipeline/report.ts, src/report/report-text.ts, report-json.ts). */
export function defineReport(program: Command, ctx: RunContext): void {
  const cmd = program
    .command('report')
    .description('every analysis the data supports in one report (summary, CE, voltage windows, dQ/dV, retention, rate, energy, comparison), saying why the others do not apply')
    .argument('<files...>', 'cycler exports, directories (with --recursive) or - for stdin')
    .option('--reference <ref>', `reference for couple labels and the comparison: ${BUNDLED_REFERENCES.join(', ')}, a JSON file, or couple potentials "LABEL=V,…" (labels only); default: reference in cell.yaml`)
    .option('--edges <volts>', "voltage-window edges in V, ascending, comma-separated (default: the reference's own, else the valleys between the dQ/dV couples of the dQ/dV cycle, else 3.0,3.6)")
    .option('--segments <n|list>', 'retention segment ends: every N cycles (5000) or a list (100,500,2000)')
    .option('--cycles-shown <n>', 'rows of the per-cycle table for long tests (first, evenly spaced, last)', '12')
    .option('--no-charts', 'no terminal charts (voltage profile, dQ/dV, retention)')
    .option('--wide', 'tables with every column, however wide ($COLUMNS, else 80, otherwise)')
    .option('--html <file>', 'also write the whole report with its figures as one self-contained HTML file')
    .option('--figures <dir>', 'also write each figure as SVG into DIR (FILE-KIND.svg)')
    .option('--spec', 'with --figures: also write each figure\'s Vega-Lite spec (FILE-KIND.vl.json)')
    .option('--ce <mode>', 'Coulombic efficiency: discharge-over-charge, charge-over-discharge or auto (from cell.yaml cellType)', DEFAULT_CE)
    .option('--json', 'print one JSON document: per file the summary keys plus windows, dqdv, retention, rate, energy, compare (null when not applicable) and notApplicable');
  addInputOptions(cmd);
  cmd.addHelpText('after', exampleHelp(['cyclekit report fixtures/he-v/he-v-0.2C.csv']));
  cmd.action(async (files: string[], flags: ReportFlags) => {
    program.setOptionValue('exitCode', await runReport(files, flags, ctx));
  });
}

async function runReport(files: string[], flags: ReportFlags, ctx: RunContext): Promise<number> {
  // Usage errors surface once, before any file is read.
  loadOptions(flags);
  const [{ reportFile }, { reportEmitters, reportText }, run, { reportOptionsFrom, checkReportFigureFlags }] = await Promise.all([
    import('../../pipeline/report.js'),
    import('../../report/report-text.js'),
    import('../run.js'),
    import('../flags/report.js'),
  ]);
  const { options, text } = await reportOptionsFrom(flags);
  checkReportFigureFlags(flags);
  const figures = flags.html !== undefined || flags.figures !== undefined ? await import('../report-figures.js') : null;
  files = await resolveJoins(files, flags);
  if (flags.joinParts !== undefined || flags.joinGroups !== undefined) options.load = loadOptions(flags);
  const emit = reportEmitters(text);
  const work = (file: string) => reportFile(file, options);
  if (figures === null) return run.runPerFile('report', files, flags, work, emit, ctx);
  const outcomes = await run.collectOutcomes('report', files, flags, work, ctx, emit.rows);
  const code = await run.emitOutcomes('report', outcomes, flags, emit, ctx);
  const plain = (await import('../../report/figures/report.js')).plainWideStyle();
  await figures.writeReportFigures(outcomes, flags, (r) => reportText(r, plain, { ...text, charts: false }));
  return code;
}
