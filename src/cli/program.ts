import { Argument, Command, Option } from 'commander';
import { BUNDLED_REFERENCES, REDOX_REFERENCES } from '../references/load.js';
import { PROTOCOLS, SIM_LAYOUTS, SIM_MATERIALS } from '../sim/choices.js';
import { VERSION } from '../version.js';
import { DEFAULT_CE } from '../pipeline/summarise.js';
import { addInputOptions, addOutputOptions, collect, DQDV_FLAG_DEFAULTS, DVDQ_FLAG_DEFAULTS, ENERGY_FLAG_DEFAULTS, exampleHelp, INPUT_FLAG_DEFAULTS, RATE_FLAG_DEFAULTS, RETENTION_FLAG_DEFAULTS } from './options.js';
import { registerPerFileCommand } from './per-file.js';
import type { RunContext } from './run.js';
import type { CheckFlags } from './commands/check.js';
import type { CompareFlags } from './commands/compare.js';
import type { ConvertFlags } from './commands/convert.js';
import type { PlotFlags } from './commands/plot.js';
import type { ReportFlags } from './commands/report.js';
import type { SimulateFlags } from './commands/simulate.js';
import type { TheoryFlags } from './commands/theory.js';

/**
 * The whole command line: every command with its arguments, options and help. Each command's
 * module (src/cli/commands/) is imported only when that command runs: loading all of them
 * with their analyses and reporters cost ~0.1 s of every start, `--version` included.
 */

/** Commander's usage errors in cyclekit's own one-line form: `cyclekit: what is wrong`. */
function output(ctx: RunContext): { writeOut: (s: string) => void; writeErr: (s: string) => void; outputError: (s: string, write: (s: string) => void) => void } {
  return {
    writeOut: (s) => ctx.stdout(s),
    writeErr: (s) => ctx.stderr(s),
    outputError: (s, write) => write(`cyclekit: ${s.replace(/^error: /, '')}`),
  };
}

export function buildProgram(ctx: RunContext): Command {
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
  registerSummary(program, ctx);
  registerSimulate(program, ctx);
  registerConvert(program, ctx);
  registerWindows(program, ctx);
  registerDqdv(program, ctx);
  registerDvdq(program, ctx);
  registerPeaks(program, ctx);
  registerCheck(program, ctx);
  registerCompletion(program, ctx);
  registerInspect(program, ctx);
  registerTheory(program, ctx);
  registerRetention(program, ctx);
  registerRate(program, ctx);
  registerEnergy(program, ctx);
  registerCompare(program, ctx);
  registerReport(program, ctx);
  registerCache(program, ctx);
  registerIndex(program, ctx);
  registerQuery(program, ctx);
  registerPlot(program, ctx);
  for (const c of program.commands) c.exitOverride().configureOutput(output(ctx));
  return program;
}

// windows and dqdv split half cycles, which no CE definition changes; they accept --ce (checked)
// so that one set of flags serves every command in a script.
const CE_PASSED_ON = 'accepted for scripts that pass one set of flags to every command (no effect here): discharge-over-charge, charge-over-discharge or auto';
const CYCLES_HELP = 'cycles as the file numbers them: all, 3, 2-5, first, last, 2-last or 1,3,7-9';

function registerSummary(program: Command, ctx: RunContext): void {
  registerPerFileCommand(program, ctx, {
    name: 'summary',
    examples: ['cyclekit summary fixtures/he-v/he-v-0.2C.csv --mass 2mg --c-rate-basis 100mA/g'],
    description: 'per-cycle capacity, Coulombic efficiency, energy, mean voltages and C-rate',
    options: (cmd) => cmd.option('--ce <mode>', 'Coulombic efficiency: discharge-over-charge (cathode, full cell), charge-over-discharge (anode), or auto (from cell.yaml cellType)', DEFAULT_CE),
    load: async () => (await import('./commands/summary.js')).summaryRunner,
  });
}

function registerSimulate(program: Command, ctx: RunContext): void {
  program
    .command('simulate')
    .description('write a synthetic, seeded cycler export from a cell model (HE-V, NVP, hard carbon, HC‖HE-V) shaped like the HE-V paper')
    .addOption(new Option('--material <id>', 'cell to simulate: he-v, nvp (half cells vs Na), hc (hard carbon vs Na) and graphite (vs Li), half-anodes cycled discharge first, or hc-he-v (full cell); default he-v (hc-he-v for full-cell)').choices([...SIM_MATERIALS]))
    .addOption(new Option('--protocol <name>', 'test program').choices([...PROTOCOLS]).default('cycling'))
    .option('--c-rate <C>', 'C-rate of cycling/long/full-cell (default 0.2; 50 for long)')
    .option('--rates <list>', 'rate test groups, comma-separated (default 0.2,0.5,1,2,5,10,20,50,0.2)')
    .option('--cycles <n>', 'cycles (per rate group for --protocol rate); default 4, 3 per rate, 10000 for long')
    .option('--mass <mass>', 'active (cathode) mass written to the sidecar: 2mg, 0.002g; bare number = mg', '2mg')
    .option('--c-rate-basis <basis>', '1C definition: specific current (100mA/g) or nominal capacity (0.34mAh)', '100mA/g')
    .option('--seed <n>', 'seed of the noise generator: same seed and options, same bytes', '1')
    .addOption(new Option('--layout <name>', 'output layout').choices([...SIM_LAYOUTS]).default('canonical'))
    .option('--dt <s>', 'log a point every Δt seconds; off to log on ΔV only (default 10; 5 for long)')
    .option('--dv <V>', 'log a point whenever the voltage moved ΔV volts; off to log on Δt only (default 0.005; 0.05 for long)')
    .option('--noise-mv <mV>', 'standard deviation of the voltage noise, mV', '0.5')
    .option('--rest <s>', 'rest after each current step (and before the first), s; 0 = none (default 600; 0 for long)')
    .option('--v-min <V>', 'lower voltage limit (default 1.5)')
    .option('--v-max <V>', 'upper voltage limit (default 4.1)')
    .option('--fade <spec>', "capacity fade: none, paper (95.2 % at half the cycles, 88.8 % at the end) or anchors such as 5000:0.952,10000:0.888 (default paper for long, else none)")
    .option('--np-ratio <r>', 'full cell: anode/cathode capacity ratio (default 1.8)')
    .option('--temperature <°C>', 'temperature written to each record', '25')
    .option('--start <date>', 'wall-clock start of the test, for vendor date columns', '2025-01-06T09:00:00Z')
    .option('-o, --output <file>', 'output file (written whole or not at all); - for standard output')
    .option('--no-sidecar', 'do not write <output>.cell.yaml beside the output')
    .option('--json', 'print a JSON description of what was written (needs -o FILE)')
    .addHelpText('after', exampleHelp(['cyclekit simulate --material nvp --cycles 2 -o nvp.csv']))
    .action(async (flags: SimulateFlags) => {
      const { runSimulate } = await import('./commands/simulate.js');
      await runSimulate(flags, ctx);
    });
}

function registerConvert(program: Command, ctx: RunContext): void {
  program
    .command('convert')
    .description('write a cycler export as Battery Data Format (BDF) CSV or Parquet, or as cyclekit canonical CSV')
    .argument('<file>', 'a cycler export, or - for stdin')
    .addOption(new Option('--to <format>', 'output format: BDF CSV, BDF Parquet (needs -o FILE.bdf.parquet) or canonical CSV').choices(['bdf', 'bdf-parquet', 'csv']).makeOptionMandatory())
    .option('-o, --output <path>', 'write here (atomically) instead of standard output')
    .option('--format <id>', 'force a reader instead of detecting it from the content')
    .option('--col <field=name>', 'map a column by hand, e.g. --col voltage="Ewe/V" (repeatable)', collect, [])
    .option('--strict', 'fail on the first bad row instead of skipping it with a warning')
    .addOption(new Option('--cycle-rule <rule>', 'how cycles are numbered when the file has no cycle column').choices(['auto', 'file', 'charge-first', 'discharge-first']).default(INPUT_FLAG_DEFAULTS.cycleRule))
    .option('--rest-current <A>', '|current| at or below this is rest, in A', INPUT_FLAG_DEFAULTS.restCurrent)
    .option('-q, --quiet', 'no warnings on stderr')
    .addHelpText('after', exampleHelp(['cyclekit convert fixtures/demo/cc-demo.csv --to bdf -o cc-demo.bdf.csv']))
    .action(async (file: string, flags: ConvertFlags) => {
      const { runConvert } = await import('./commands/convert.js');
      await runConvert(file, flags, ctx);
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
        .option('--ce <mode>', CE_PASSED_ON, DEFAULT_CE),
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
        .option('--ce <mode>', CE_PASSED_ON, DEFAULT_CE),
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
        .option('--points <n>', 'capacity grid points per half cycle', DVDQ_FLAG_DEFAULTS.points)
        .option('--window <points>', 'Savitzky–Golay window in grid points, odd ≥ 5 (1 = none)', DVDQ_FLAG_DEFAULTS.window)
        .option('--poly <order>', 'Savitzky–Golay polynomial order', DVDQ_FLAG_DEFAULTS.poly)
        .option('--no-chart', 'table only, without the terminal chart')
        .option('--ce <mode>', CE_PASSED_ON, DEFAULT_CE),
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
        .option('--ce <mode>', CE_PASSED_ON, DEFAULT_CE),
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
    .option('--ce <mode>', 'Coulombic efficiency: discharge-over-charge, charge-over-discharge, or auto (from cell.yaml cellType)', DEFAULT_CE);
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

function registerCompletion(program: Command, ctx: RunContext): void {
  program
    .command('completion')
    .description('print a shell completion script (bash or zsh)')
    .addArgument(new Argument('<shell>', 'bash or zsh').choices(['bash', 'zsh']))
    .addHelpText(
      'after',
      `
Install:
  bash: cyclekit completion bash > ~/.local/share/bash-completion/completions/cyclekit
        (or add  eval "$(cyclekit completion bash)"  to ~/.bashrc)
  zsh:  cyclekit completion zsh > "\${fpath[1]}/_cyclekit"   then restart zsh
        (or add  eval "$(cyclekit completion zsh)"  to ~/.zshrc after compinit)
${exampleHelp(['cyclekit completion bash'])}`,
    )
    .action(async (shell: 'bash' | 'zsh') => {
      const { bashCompletion, zshCompletion } = await import('./commands/completion.js');
      ctx.stdout(shell === 'bash' ? bashCompletion(program) : zshCompletion(program));
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

function registerTheory(program: Command, ctx: RunContext): void {
  program
    .command('theory')
    .description('molar mass, theoretical capacity n·F/(3.6·M) and site configurational entropy of a formula')
    .option('--formula <formula>', 'chemical formula, e.g. "Na3V2(PO4)3"; brackets, decimals and hydrates (·5H2O or *5H2O)')
    .option('--electrons <n>', 'electrons transferred per formula unit')
    .option('--site <spec>', 'occupants of one mixed site, e.g. "V:1.5,Cr:0.1,Mn:0.1" (an element without :amount takes it from the formula)')
    .option('--json', 'print one JSON document')
    .option('--csv', 'print CSV with a header row')
    .addHelpText('after', exampleHelp(['cyclekit theory --formula "Na3V2(PO4)3" --electrons 2']))
    .action(async (flags: TheoryFlags) => {
      const { runTheory } = await import('./commands/theory.js');
      runTheory(flags, ctx);
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
        .option('--skip-formation <n>', 'the first N cycles are formation cycles, never the default reference', RETENTION_FLAG_DEFAULTS.skipFormation)
        .option('--segments <n|list>', 'segment ends: every N cycles (5000) or a list (100,500,2000); each segment is relative to the previous end')
        .option('--threshold <pct>', 'retention threshold for cycles-to-threshold', RETENTION_FLAG_DEFAULTS.threshold)
        .option('--boundary-window <n>', 'median over N usable cycles at each segment end (1 = the cycle itself)', RETENTION_FLAG_DEFAULTS.boundaryWindow),
    load: async () => (await import('./commands/retention.js')).retentionRunner,
  });
}

function registerRate(program: Command, ctx: RunContext): void {
  registerPerFileCommand(program, ctx, {
    name: 'rate',
    examples: ['cyclekit rate fixtures/he-v/he-v-rate.csv'],
    description: 'rate capability: cycles grouped by C-rate, mean discharge capacity, retention vs the slowest rate, recovery',
    options: (cmd) => cmd.option('--rate-tolerance <pct>', 'a measured C-rate within this of a standard rate (0.1, 0.2, 0.5, 1, 2, 5 …) is reported as it', RATE_FLAG_DEFAULTS.rateTolerance),
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
        .option('--basis <basis>', 'mass basis: cathode (active), active (cathode + anode active), electrode (active / (1 − inactive fraction))', ENERGY_FLAG_DEFAULTS.basis)
        .option('--inactive-fraction <f>', 'binder + carbon mass fraction for --basis electrode', ENERGY_FLAG_DEFAULTS.inactiveFraction)
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
    .option('--ce <mode>', 'Coulombic efficiency: discharge-over-charge, charge-over-discharge or auto (from cell.yaml cellType)', DEFAULT_CE)
    .option('--json', 'print one JSON document: per file the summary keys plus windows, dqdv, retention, rate, energy, compare (null when not applicable) and notApplicable');
  addInputOptions(cmd);
  cmd.addHelpText('after', exampleHelp(['cyclekit report fixtures/he-v/he-v-0.2C.csv']));
  cmd.action(async (files: string[], flags: ReportFlags) => {
    const { runReport } = await import('./commands/report.js');
    program.setOptionValue('exitCode', await runReport(files, flags, ctx));
  });
}

function registerCache(program: Command, ctx: RunContext): void {
  program
    .command('cache')
    .description('show or empty the parsed-data cache that lets a second command on a file skip the parse')
    .addArgument(new Argument('<action>', 'info or clear').choices(['info', 'clear']))
    .option('--json', 'print one JSON object')
    .addHelpText(
      'after',
      `
Example:
  cyclekit cache info
  cyclekit cache clear

The cache lives in $CYCLEKIT_CACHE_DIR, else $XDG_CACHE_HOME/cyclekit, else ~/.cache/cyclekit,
and keeps at most $CYCLEKIT_CACHE_MAX_MB (default 2048) MB, least recently used first out.
--no-cache on any command, or CYCLEKIT_CACHE=off, reads the file again. See docs/cache.md.`,
    )
    .action(async (action: 'info' | 'clear', flags: { json?: boolean }) => {
      const { runCache } = await import('./commands/cache.js');
      program.setOptionValue('exitCode', runCache(action, flags, ctx));
    });
}

function registerIndex(program: Command, ctx: RunContext): void {
  const cmd = program
    .command('index')
    .description("index a lab's files into a Parquet archive (per-file metadata, per-cycle summary, dQ/dV peaks) that DuckDB, Spark or Trino query")
    .argument('<paths...>', 'cycler exports, or directories with --recursive')
    .requiredOption('--to <dir>', 'the archive folder (created; re-runs update it incrementally)')
    .option('--shard <i/N>', 'index only share i of N (by path hash): N machines, one archive')
    .option('--peak-cycles <list>', "cycles whose dQ/dV peaks and couples are kept: numbers and 'last'", '1,2,10,100,1000,last')
    .option('--ce <mode>', 'Coulombic efficiency: discharge-over-charge, charge-over-discharge, or auto', DEFAULT_CE)
    .option('--json', 'print the run summary as JSON');
  addInputOptions(cmd);
  cmd.addHelpText(
    'after',
    `
Example:
  cyclekit index -r fixtures/demo --to /tmp/cyclekit-archive
  cyclekit index -r fixtures/demo --to /tmp/cyclekit-archive --shard 0/2   # machine 1 of 2
  cyclekit query /tmp/cyclekit-archive --retention-at 3

Unchanged files (same path, size and time, or same SHA-256) are skipped; a changed file
replaces its rows; an unreadable file is recorded in the errors view. See docs/archive.md.`,
  );
  cmd.action(async (paths: string[], flags: import('./commands/archive.js').IndexFlags) => {
    const { runIndex } = await import('./commands/archive.js');
    program.setOptionValue('exitCode', await runIndex(paths, flags, ctx));
  });
}

function registerQuery(program: Command, ctx: RunContext): void {
  program
    .command('query')
    .description('ask an archive made by index a question in SQL (views: files, cells, errors, cycles, peaks, couples)')
    .argument('<archive>', 'the archive folder')
    .argument('[sql]', 'a SQL query over the views')
    .option('--retention-at <cycle>', 'per cell: discharge capacity at this cycle over its first')
    .option('--cells-below <fraction>', 'cells whose last discharge kept less than this fraction of the first (0.8 or 80%)')
    .option('--json', 'print one JSON document')
    .option('--csv', 'print CSV with a header row')
    .option('--wide', 'tables with every column, however wide')
    .addHelpText(
      'after',
      `
Example:
  cyclekit index -r fixtures/demo --to /tmp/cyclekit-archive
  cyclekit query /tmp/cyclekit-archive "SELECT format, count(*) AS files FROM cells GROUP BY format"
  cyclekit query /tmp/cyclekit-archive --cells-below 0.8 --csv`,
    )
    .action(async (archive: string, sql: string | undefined, flags: import('./commands/archive.js').QueryFlags) => {
      const { runQuery } = await import('./commands/archive.js');
      program.setOptionValue('exitCode', await runQuery(archive, sql, flags, ctx));
    });
}
function registerPlot(program: Command, ctx: RunContext): void {
  const cmd = program
    .command('plot')
    .description('a publication figure (SVG, PNG or HTML) of one analysis for one or several files, overlaid')
    .addArgument(new Argument('<kind>', 'profile (V vs Q), dqdv, dvdq, retention (capacity and CE vs cycle), rate, windows, peaks').choices(['profile', 'dqdv', 'dvdq', 'retention', 'rate', 'windows', 'peaks']))
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
  cmd.action(async (kind: string, files: string[], flags: PlotFlags) => {
    const { runPlot } = await import('./commands/plot.js');
    program.setOptionValue('exitCode', await runPlot(kind, files, flags, ctx));
  });
}
