import { Argument, Command, Option } from 'commander';
import { BUNDLED_REFERENCES } from '../analysis/bundled-references.js';
import { REDOX_REFERENCES } from '../analysis/redox-references.js';
import { PROTOCOLS, SIM_LAYOUTS, SIM_MATERIALS } from '../sim/choices.js';
import { VERSION } from '../version.js';
import { addInputOptions, addOutputOptions, collect } from './options.js';
import { registerPerFileCommand } from './per-file.js';
import type { RunContext } from './run.js';
import type { CheckFlags } from './commands/check.js';
import type { CompareFlags } from './commands/compare.js';
import type { ConvertFlags } from './commands/convert.js';
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
      '\nExit codes: 0 ok · 1 a check rule failed · 2 usage error or unreadable input.\nCurrent sign: positive = charge (ions leave the working electrode). Units: see README.',
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
    description: 'per-cycle capacity, Coulombic efficiency, energy, mean voltages and C-rate',
    options: (cmd) => cmd.option('--ce <mode>', 'Coulombic efficiency: discharge-over-charge (cathode, full cell), charge-over-discharge (anode), or auto (from cell.yaml cellType)', 'auto'),
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
    .action(async (flags: SimulateFlags) => {
      const { runSimulate } = await import('./commands/simulate.js');
      runSimulate(flags, ctx);
    });
}

function registerConvert(program: Command, ctx: RunContext): void {
  program
    .command('convert')
    .description('write a cycler export as Battery Data Format (BDF) CSV or as cyclekit canonical CSV')
    .argument('<file>', 'a cycler export, or - for stdin')
    .addOption(new Option('--to <format>', 'output format').choices(['bdf', 'csv']).makeOptionMandatory())
    .option('-o, --output <path>', 'write here (atomically) instead of standard output')
    .option('--format <id>', 'force a reader instead of detecting it from the content')
    .option('--col <field=name>', 'map a column by hand, e.g. --col voltage="Ewe/V" (repeatable)', collect, [])
    .option('--strict', 'fail on the first bad row instead of skipping it with a warning')
    .addOption(new Option('--cycle-rule <rule>', 'how cycles are numbered when the file has no cycle column').choices(['auto', 'file', 'charge-first', 'discharge-first']).default('auto'))
    .option('--rest-current <A>', '|current| at or below this is rest, in A', '1e-7')
    .option('-q, --quiet', 'no warnings on stderr')
    .action(async (file: string, flags: ConvertFlags) => {
      const { runConvert } = await import('./commands/convert.js');
      await runConvert(file, flags, ctx);
    });
}

function registerWindows(program: Command, ctx: RunContext): void {
  registerPerFileCommand(program, ctx, {
    name: 'windows',
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
    description: 'differential capacity dQ/dV per half cycle, its peaks, and redox couples with their polarisation',
    options: (cmd) =>
      cmd
        .option('--cycle <n|all>', CYCLES_HELP, 'all')
        .addOption(new Option('--direction <dir>', 'half cycles to analyse').choices(['charge', 'discharge', 'both']).default('both'))
        .addOption(new Option('--method <m>', 'interp-sg: Q(V) on a uniform grid + Savitzky–Golay derivative; binning: LEAN-style histogram of ΔQ').choices(['interp-sg', 'binning']).default('interp-sg'))
        .option('--step-mv <mV>', 'voltage grid step / bin width in mV', '5')
        .option('--window <points>', 'Savitzky–Golay window in grid points, odd ≥ 5 (1 = none); default 9 (interp-sg), 5 (binning)')
        .option('--poly <order>', 'Savitzky–Golay polynomial order; default 3 (interp-sg), 2 (binning)')
        .addOption(new Option('--monotone <how>', 'make the voltage trace monotone before resampling (interp-sg)').choices(['isotonic', 'cummax']).default('isotonic'))
        .option('--min-prominence <p>', "peak prominence threshold: a percentage of the half cycle's largest |dQ/dV| (5%) or mAh/V", '5%')
        .option('--reference <ref>', `label couples from a reference table: ${Object.keys(REDOX_REFERENCES).join(', ')}, or "LABEL=V,…"`)
        .option('--label-tolerance <V>', 'largest distance between a couple mean and a reference potential, V', '0.1')
        .option('--max-polarization <V>', 'largest oxidation − reduction separation that still pairs two peaks, V', '0.5')
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
    load: async () => (await import('./commands/peaks.js')).peaksRunner,
  });
}

function registerCheck(program: Command, ctx: RunContext): void {
  const cmd = program
    .command('check')
    .description('check files against a spec of expected figures (CI gate): pass / fail / n/a per rule')
    .argument('<files...>', 'cycler exports, directories (with --recursive) or - for stdin')
    .requiredOption('--spec <file>', 'rules to check, YAML or JSON (see README "check")')
    .addOption(new Option('--report <kind>', 'report format on stdout (or -o FILE)').choices(['plain', 'json', 'junit', 'csv']))
    .option('-o, --output <file>', 'write the report to FILE (atomically); a plain summary still goes to stdout')
    .option('--fail-on-na', 'a rule that cannot be applied (n/a) fails the file')
    .option('--ce <mode>', 'Coulombic efficiency: discharge-over-charge, charge-over-discharge, or auto (from cell.yaml cellType)', 'auto');
  addInputOptions(cmd);
  addOutputOptions(cmd);
  cmd.addHelpText(
    'after',
    `
Exit codes: 0 every rule passed (or was n/a) · 1 a rule failed · 2 the spec is invalid, a usage
error, or a file could not be read (reported after the other files are checked).

Example:
  cyclekit check --spec fixtures/specs/he-v.yaml --report junit -o check.xml data/*.csv`,
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
        (or add  eval "$(cyclekit completion zsh)"  to ~/.zshrc after compinit)`,
    )
    .action(async (shell: 'bash' | 'zsh') => {
      const { bashCompletion, zshCompletion } = await import('./commands/completion.js');
      ctx.stdout(shell === 'bash' ? bashCompletion(program) : zshCompletion(program));
    });
}

function registerInspect(program: Command, ctx: RunContext): void {
  registerPerFileCommand(program, ctx, {
    name: 'inspect',
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
    .action(async (flags: TheoryFlags) => {
      const { runTheory } = await import('./commands/theory.js');
      runTheory(flags, ctx);
    });
}

function registerRetention(program: Command, ctx: RunContext): void {
  registerPerFileCommand(program, ctx, {
    name: 'retention',
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
    description: 'rate capability: cycles grouped by C-rate, mean discharge capacity, retention vs the slowest rate, recovery',
    options: (cmd) => cmd.option('--rate-tolerance <pct>', 'a measured C-rate within this of a standard rate (0.1, 0.2, 0.5, 1, 2, 5 …) is reported as it', '10%'),
    load: async () => (await import('./commands/rate.js')).rateRunner,
  });
}

function registerEnergy(program: Command, ctx: RunContext): void {
  registerPerFileCommand(program, ctx, {
    name: 'energy',
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
    .option('--no-charts', 'no terminal charts (dQ/dV, retention)')
    .option('--ce <mode>', 'Coulombic efficiency: discharge-over-charge, charge-over-discharge or auto (from cell.yaml cellType)', 'auto')
    .option('--json', 'print one JSON document: per file the summary keys plus windows, dqdv, retention, rate, energy, compare (null when not applicable) and notApplicable');
  addInputOptions(cmd);
  cmd.action(async (files: string[], flags: ReportFlags) => {
    const { runReport } = await import('./commands/report.js');
    program.setOptionValue('exitCode', await runReport(files, flags, ctx));
  });
}
