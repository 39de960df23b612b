import { Command, CommanderError } from 'commander';
import { isCyclekitError } from '../model/errors.js';
import { VERSION } from '../version.js';
import { registerSummary } from './commands/summary.js';
import { registerSimulate } from './commands/simulate.js';
import { registerConvert } from './commands/convert.js';
import { registerWindows } from './commands/windows.js';
import { registerDqdv } from './commands/dqdv.js';
import { registerCheck } from './commands/check.js';
import { registerCompletion } from './commands/completion.js';
import { registerInspect } from './commands/inspect.js';
import { registerTheory } from './commands/theory.js';
import { registerRetention } from './commands/retention.js';
import { registerRate } from './commands/rate.js';
import { registerEnergy } from './commands/energy.js';
import { registerCompare } from './commands/compare.js';
import { registerReport } from './commands/report.js';
import { defaultContext, errorLine, type RunContext } from './run.js';

export const EXIT = { ok: 0, checkFailed: 1, unusable: 2 } as const;

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

/** Parse, run, and map every outcome to an exit code. Nothing else in cyclekit decides one. */
export async function main(argv: string[], ctx: RunContext = defaultContext): Promise<number> {
  const debug = argv.includes('--debug');
  const program = buildProgram({ ...ctx, debug });
  try {
    await program.parseAsync(argv);
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help') return EXIT.ok;
      return EXIT.unusable;
    }
    ctx.stderr(errorLine(err, undefined, debug) + '\n');
    if (debug && err instanceof Error && isCyclekitError(err)) ctx.stderr(`${err.stack}\n`);
    return EXIT.unusable;
  }
  const code = program.getOptionValue('exitCode') as number | undefined;
  return code ?? EXIT.ok;
}
