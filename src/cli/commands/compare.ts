import type { Command } from 'commander';
import { BUNDLED_REFERENCES } from '../../references/load.js';
import { addInputOptions, addOutputOptions, exampleHelp, loadOptions, outputMode, type InputFlags } from '../options.js';
import { resolveJoins } from '../per-file.js';
import { runPerFile } from '../run.js';
import type { RunContext } from '../context.js';

interface CompareFlags extends InputFlags {
  reference?: string;
  failOnMismatch?: boolean;
}

/** `cyclekit compare`: measured vs theoretical vs reported (src/pipeline/compare.ts, src/report/compare.ts). */
export function defineCompare(program: Command, ctx: RunContext): void {
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
    program.setOptionValue('exitCode', await runCompare(files, flags, ctx));
  });
}

/** The exit code: runPerFile's, or 1 under --fail-on-mismatch when any line fails. */
async function runCompare(files: string[], flags: CompareFlags, ctx: RunContext): Promise<number> {
  outputMode(flags);
  loadOptions(flags);
  const [{ compareFile, loadReference }, { compareEmitters }] = await Promise.all([import('../../pipeline/compare.js'), import('../../report/compare.js')]);
  const cache = new Map();
  if (flags.reference !== undefined) cache.set(flags.reference, await loadReference(flags.reference));
  let anyFail = false;
  // A split test is compared whole, as every other command reads it (joined when detected; --no-join keeps the parts).
  files = await resolveJoins(files, flags);
  const options = { load: loadOptions(flags), reference: flags.reference ?? null };
  const work = async (file: string) => {
    const r = await compareFile(file, options, cache);
    if (r.rows.some((row) => row.verdict === 'fail')) anyFail = true;
    return r;
  };
  const code = await runPerFile('compare', files, flags, work, compareEmitters, ctx);
  return code === 0 && anyFail && flags.failOnMismatch ? 1 : code;
}
