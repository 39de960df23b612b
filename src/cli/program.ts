import { Command, Option } from 'commander';
import { BUNDLED_REFERENCES, REDOX_REFERENCES } from '../references/load.js';
import { VERSION } from '../version.js';
import { addInputOptions, addOutputOptions, DQDV_FLAG_DEFAULTS, exampleHelp } from './options.js';
import { registerPerFileCommand } from './per-file.js';
import type { RunContext } from './run.js';
import type { CheckFlags } from './commands/check.js';
import type { CompareFlags } from './commands/compare.js';
import type { ReportFlags } from './commands/report.js';

/**
 * The whole command line: the global options, and every command's definition. A command's file
 * (src/cli/commands/) exports `define…(program, ctx)`: its flags, help and action, whose
 * pipeline and report modules load only when it runs. Only the command named on the command
 * line is defined (and its file loaded): `cyclekit --version` loads none, `cyclekit summary`
 * one, so a new command costs no other command's start. Help without a command, an unknown
 * command and `completion` (which describes them all) define every command.
 */
type Define = (program: Command, ctx: RunContext) => void;

/** Every command, in the order `--help` lists them, with how to load its definition. */
const COMMANDS: [name: string, load: () => Promise<Define>][] = [
  ['summary', async () => registerSummary],
  ['simulate', async () => (await import('./commands/simulate.js')).defineSimulate],
  ['convert', async () => (await import('./commands/convert.js')).defineConvert],
  ['windows', async () => registerWindows],
  ['dqdv', async () => registerDqdv],
  ['dvdq', async () => registerDvdq],
  ['peaks', async () => registerPeaks],
  ['check', async () => registerCheck],
  ['completion', async () => (await import('./commands/completion.js')).defineCompletion],
  ['inspect', async () => registerInspect],
  ['theory', async () => (await import('./commands/theory.js')).defineTheory],
  ['retention', async () => registerRetention],
  ['rate', async () => registerRate],
  ['energy', async () => registerEnergy],
  ['compare', async () => registerCompare],
  ['report', async () => registerReport],
  ['cache', async () => (await import('./commands/cache.js')).defineCache],
  ['index', async () => (await import('./commands/archive-index.js')).defineIndex],
  ['query', async () => (await import('./commands/archive-query.js')).defineQuery],
  ['plot', async () => (await import('./commands/plot.js')).definePlot],
];

/** The commands `argv` (node, script, args…) needs defined; global options take no value, so the first bare word names the command. */
export function commandsNeeded(argv: string[]): string[] {
  const args = argv.slice(2);
  const named = args.find((a) => !a.startsWith('-'));
  const all = COMMANDS.map(([name]) => name);
  if (named !== undefined && named !== 'completion' && all.includes(named)) return [named];
  if (named === undefined && args.some((a) => a === '-V' || a === '--version')) return [];
  return all;
}

/** Commander's usage errors in cyclekit's own one-line form: `cyclekit: what is wrong`. */
function output(ctx: RunContext): { writeOut: (s: string) => void; writeErr: (s: string) => void; outputError: (s: string, write: (s: string) => void) => void } {
  return {
    writeOut: (s) => ctx.stdout(s),
    writeErr: (s) => ctx.stderr(s),
    outputError: (s, write) => write(`cyclekit: ${s.replace(/^error: /, '')}`),
  };
}

export async function buildProgram(ctx: RunContext, argv: string[]): Promise<Command> {
  const program = new Command();
  program
    .name('cyclekit')
    .description('Battery-cycler exports in, trustworthy electrochemistry numbers out.')
    .version(VERSION, '-V, --version')
    .option('--debug', 'show stack traces for internal errors')
    .showHelpAfterError('(run with --help for usage)')
    .addHelpText(
      'after',
      '\nExit codes: 0 ok · 1 a check rule failed · 2 usage error or unreadable input.\nCurrent sign: positive = charge (ions leave the working electrode). Units: see docs/conventions.md.',
    )
    .exitOverride()
    .configureOutput(output(ctx));
  const needed = new Set(commandsNeeded(argv));
  const defines = await Promise.all(COMMANDS.filter(([name]) => needed.has(name)).map(([, load]) => load()));
  for (const define of defines) define(program, ctx);
  for (const c of program.commands) c.exitOverride().configureOutput(output(ctx));
  return program;
}

// windows and dqdv split half cycles, which no CE definition changes; they accept --ce (checked)
// so that one set of flags serves every command in a script.
const CE_PASSED_ON = 'accepted for scripts that pass one set of flags to every command (no effect here): discharge-over-charge, charge-over-discharge or auto';
const CYCLES_HELP = 'cycles as the file numbers them: all, 3, 2-5 or 1,3,7-9';

function registerSummary(program: Command, ctx: RunContext): void {
  registerPerFileCommand(program, ctx, {
    name: 'summary',
    examples: ['cyclekit summary fixtures/he-v/he-v-0.2C.csv --mass 2mg --c-rate-basis 100mA/g'],
    description: 'per-cycle capacity, Coulombic efficiency, energy, mean voltages and C-rate',
    options: (cmd) => cmd.option('--ce <mode>', 'Coulombic efficiency: discharge-over-charge (cathode, full cell), charge-over-discharge (anode), or auto (from cell.yaml cellType)', 'auto'),
    load: async () => (await import('./commands/summary.js')).summaryRunner,
  });
}

function registerWindows(program: Command, ctx: RunContext): void {
  registerPerFileCommand(program, ctx, {
    name: 'windows',
    examples: ['cyclekit windows fixtures/he-v/he-v-0.2C.csv --edges 3.0,3.6 --cycle 2'],
    description: 'capacity delivered inside voltage windows, per cycle and direction (split by linear interpolation at the edges)',
    options: (cmd) =>
      cmd
        .option('--edges <volts>', "window edges in V, ascending, comma-separated (default: the sidecar reference's own, else the valleys between the dQ/dV couples of the slowest complete cycle, else 3.0,3.6)")
        .option('--cycle <n|all>', CYCLES_HELP, 'all')
        .option('--ce <mode>', CE_PASSED_ON, 'auto'),
    load: async () => (await import('./commands/windows.js')).windowsRunner,
  });
}

function registerDqdv(program: Command, ctx: RunContext): void {
  registerPerFileCommand(program, ctx, {
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
        .option('--ce <mode>', CE_PASSED_ON, 'auto'),
    load: async () => (await import('./commands/dqdv.js')).dqdvRunner,
  });
}

function registerDvdq(program: Command, ctx: RunContext): void {
  registerPerFileCommand(program, ctx, {
    name: 'dvdq',
    description: 'differential voltage dV/dQ per half cycle, on a uniform capacity grid (the dQ/dV smoothing choices)',
    options: (cmd) =>
      cmd
        .option('--cycle <n|all>', CYCLES_HELP, 'all')
        .addOption(new Option('--direction <dir>', 'half cycles to analyse').choices(['charge', 'discharge', 'both']).default('both'))
        .option('--points <n>', 'capacity grid points per half cycle', '500')
        .option('--window <points>', 'Savitzky–Golay window in grid points, odd ≥ 5 (1 = none)', '9')
        .option('--poly <order>', 'Savitzky–Golay polynomial order', '3')
        .option('--no-chart', 'table only, without the terminal chart')
        .option('--ce <mode>', CE_PASSED_ON, 'auto'),
    examples: ['cyclekit dvdq fixtures/he-v/he-v-0.2C.csv --cycle 2 --direction discharge'],
    load: async () => (await import('./commands/dvdq.js')).dvdqRunner,
  });
}

function registerPeaks(program: Command, ctx: RunContext): void {
  registerPerFileCommand(program, ctx, {
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
    load: async () => (await import('./commands/peaks.js')).peaksRunner,
  });
}

function registerCheck(program: Command, ctx: RunContext): void {
  const cmd = program
    .command('check')
    .description('check files against a spec of expected figures (CI gate): pass / fail / n/a per rule')
    .argument('<files...>', 'cycler exports, directories (with --recursive) or - for stdin; `init [FILE]` writes a starter spec instead')
    .option('--spec <file>', 'rules to check, YAML or JSON (see docs/check-spec.md); required except for `check init`')
    .addOption(new Option('--report <kind>', 'report format on stdout (or -o FILE)').choices(['plain', 'json', 'junit', 'csv', 'github']))
    .option('-o, --output <file>', 'write the report to FILE (atomically; for github the Markdown summary); a plain summary still goes to stdout')
    .option('--fail-on-na', 'a rule that cannot be applied (n/a) fails the file')
    .option('--ce <mode>', 'Coulombic efficiency: discharge-over-charge, charge-over-discharge, or auto (from cell.yaml cellType)', 'auto');
  addInputOptions(cmd);
  addOutputOptions(cmd);
  cmd.addHelpText(
    'after',
    `
--report github prints the plain report and one workflow-command annotation per failing rule
(::error file=…,title=…::…), and appends a Markdown summary to $GITHUB_STEP_SUMMARY when set.

Exit codes: 0 every rule passed (or was n/a) · 1 a rule failed · 2 the spec is invalid, a usage
error, or a file could not be read (reported after the other files are checked).

Examples:
  cyclekit check --spec fixtures/specs/he-v.yaml --report junit -o check.xml fixtures/he-v/he-v-0.2C.csv
  cyclekit check init fixtures/he-v/he-v-0.2C.csv      # a starter spec from the file's cycles
  cyclekit check --spec fixtures/specs/he-v.yaml --report github fixtures/he-v/he-v-0.2C.csv   # in GitHub Actions`,
  );
  cmd.action(async (files: string[], flags: CheckFlags) => {
    const { runCheck } = await import('./commands/check.js');
    program.setOptionValue('exitCode', await runCheck(files, flags, ctx));
  });
}

function registerInspect(program: Command, ctx: RunContext): void {
  registerPerFileCommand(program, ctx, {
    name: 'inspect',
    examples: ['cyclekit inspect fixtures/he-v/he-v-0.2C.neware.csv'],
    description: 'show what cyclekit understood of a file: format and why, encoding, columns, rows, cycles, metadata',
    load: async () => (await import('./commands/inspect.js')).inspectRunner,
  });
}

function registerRetention(program: Command, ctx: RunContext): void {
  registerPerFileCommand(program, ctx, {
    name: 'retention',
    examples: ['cyclekit retention fixtures/he-v/he-v-long-50C-200.csv --segments 100'],
    description: 'capacity retention per cycle and per segment, fade rate, cycles to a threshold, CE over ranges, outlier cycles',
    options: (cmd) =>
      cmd
        .option('--reference-cycle <n>', 'cycle taken as 100 % (default: first cycle at the dominant C-rate after the formation cycles)')
        .option('--skip-formation <n>', 'the first N cycles are formation cycles, never the default reference', '0')
        .option('--segments <n|list>', 'segment ends: every N cycles (5000) or a list (100,500,2000); each segment is relative to the previous end')
        .option('--threshold <pct>', 'retention threshold for cycles-to-threshold', '80%')
        .option('--boundary-window <n>', 'median over N usable cycles at each segment end (1 = the cycle itself)', '1'),
    load: async () => (await import('./commands/retention.js')).retentionRunner,
  });
}

function registerRate(program: Command, ctx: RunContext): void {
  registerPerFileCommand(program, ctx, {
    name: 'rate',
    examples: ['cyclekit rate fixtures/he-v/he-v-rate.csv'],
    description: 'rate capability: cycles grouped by C-rate, mean discharge capacity, retention vs the slowest rate, recovery',
    options: (cmd) => cmd.option('--rate-tolerance <pct>', 'a measured C-rate within this of a standard rate (0.1, 0.2, 0.5, 1, 2, 5 …) is reported as it', '10%'),
    load: async () => (await import('./commands/rate.js')).rateRunner,
  });
}

function registerEnergy(program: Command, ctx: RunContext): void {
  registerPerFileCommand(program, ctx, {
    name: 'energy',
    examples: ['cyclekit energy fixtures/he-v/hc-he-v-full-0.2C.csv --anode-capacity 300'],
    description: 'discharge energy density (Wh/kg, Wh/L) on a chosen mass basis, mean discharge voltage, N/P ratio',
    options: (cmd) =>
      cmd
        .option('--anode-mass <mass>', 'anode active mass for a full cell (default: anodeMassMg in cell.yaml)')
        .option('--basis <basis>', 'mass basis: cathode (active), active (cathode + anode active), electrode (active / (1 − inactive fraction))', 'cathode')
        .option('--inactive-fraction <f>', 'binder + carbon mass fraction for --basis electrode', '0.2')
        .option('--density <g/cm3>', 'density of the basis mass, for volumetric Wh/L')
        .option('--electrode-volume <cm3>', 'electrode volume, for volumetric Wh/L')
        .option('--anode-capacity <mAh/g>', 'anode reversible specific capacity, for the N/P ratio')
        .option('--cathode-capacity <mAh/g>', 'cathode reversible specific capacity for N/P (default: the largest measured discharge)'),
    load: async () => (await import('./commands/energy.js')).energyRunner,
  });
}

function registerCompare(program: Command, ctx: RunContext): void {
  const cmd = program
    .command('compare')
    .description('measured vs theoretical vs reported values (capacity, utilisation, plateaus, retention, CE, energy) with verdicts')
    .argument('<files...>', 'cycler exports, directories (with --recursive) or - for stdin')
    .option('--reference <ref>', `built-in reference (${BUNDLED_REFERENCES.join(', ')}) or a JSON file of the same shape (default: reference in cell.yaml)`)
    .option('--fail-on-mismatch', 'exit 1 when any line fails');
  addInputOptions(cmd);
  addOutputOptions(cmd);
  cmd.addHelpText('after', exampleHelp(['cyclekit compare fixtures/he-v/nvp-0.2C.csv --reference nvp']));
  cmd.action(async (files: string[], flags: CompareFlags) => {
    const { runCompare } = await import('./commands/compare.js');
    program.setOptionValue('exitCode', await runCompare(files, flags, ctx));
  });
}

function registerReport(program: Command, ctx: RunContext): void {
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
    .option('--ce <mode>', 'Coulombic efficiency: discharge-over-charge, charge-over-discharge or auto (from cell.yaml cellType)', 'auto')
    .option('--json', 'print one JSON document: per file the summary keys plus windows, dqdv, retention, rate, energy, compare (null when not applicable) and notApplicable');
  addInputOptions(cmd);
  cmd.addHelpText('after', exampleHelp(['cyclekit report fixtures/he-v/he-v-0.2C.csv']));
  cmd.action(async (files: string[], flags: ReportFlags) => {
    const { runReport } = await import('./commands/report.js');
    program.setOptionValue('exitCode', await runReport(files, flags, ctx));
  });
}

