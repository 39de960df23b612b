import { CommanderError } from 'commander';
import { isCyclekitError } from '../model/errors.js';
import { buildProgram } from './program.js';
import { errorLine } from './run.js';
import { defaultContext, type RunContext } from './context.js';

export const EXIT = { ok: 0, checkFailed: 1, unusable: 2 } as const;

/** Parse, run, and map every outcome to an exit code. Nothing else in cyclekit decides one. */
export async function main(argv: string[], ctx: RunContext = defaultContext): Promise<number> {
  const debug = argv.includes('--debug');
  const program = await buildProgram({ ...ctx, debug }, argv);
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
