import { Command } from 'commander';
import { VERSION } from '../version.js';
import type { RunContext } from './context.js';

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
  ['summary', async () => (await import('./commands/summary.js')).defineSummary],
  ['simulate', async () => (await import('./commands/simulate.js')).defineSimulate],
  ['convert', async () => (await import('./commands/convert.js')).defineConvert],
  ['windows', async () => (await import('./commands/windows.js')).defineWindows],
  ['dqdv', async () => (await import('./commands/dqdv.js')).defineDqdv],
  ['dvdq', async () => (await import('./commands/dvdq.js')).defineDvdq],
  ['peaks', async () => (await import('./commands/peaks.js')).definePeaks],
  ['check', async () => (await import('./commands/check.js')).defineCheck],
  ['completion', async () => (await import('./commands/completion.js')).defineCompletion],
  ['inspect', async () => (await import('./commands/inspect.js')).defineInspect],
  ['theory', async () => (await import('./commands/theory.js')).defineTheory],
  ['retention', async () => (await import('./commands/retention.js')).defineRetention],
  ['rate', async () => (await import('./commands/rate.js')).defineRate],
  ['energy', async () => (await import('./commands/energy.js')).defineEnergy],
  ['compare', async () => (await import('./commands/compare.js')).defineCompare],
  ['report', async () => (await import('./commands/report.js')).defineReport],
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
