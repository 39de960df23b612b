import type { Command } from 'commander';
import { addInputOptions, addOutputOptions, exampleHelp, loadOptions, outputPlan, type InputFlags, type OutputFlags } from './options.js';
import { runPerFile } from './run.js';
import type { RunContext } from './context.js';
import type { Emitters } from '../report/emitters.js';
import { expandInputs } from './inputs.js';
import { CyclekitError } from '../model/errors.js';

/** What a per-file command does once its flags are parsed: the work for one file, and how results are shown. */
export interface PerFileJob<R> {
  work: (file: string) => Promise<R>;
  emit: Emitters<R, object>;
}

/** A command that analyses each input file on its own and prints one result per file. */
export interface PerFileCommand<F extends InputFlags, R> {
  name: string;
  description: string;
  /** The command's own options; help lists them before the shared input and output options. */
  options?(cmd: Command): unknown;
  /**
   * Command lines shown under "Example:" in --help; they run on the bundled fixtures
   * (test/docs/examples.test.ts fails for a command without one).
   */
  examples?: string[];
  /**
   * Check the command's own flags and return the work for one file and its emitters. It runs
   * after the shared flags are checked and before any file is read, so a usage error is reported
   * once, not per file. It imports the pipeline and report modules it needs (`await import()`):
   * only the command that runs pays for loading its analyses.
   */
  prepare(flags: F): Promise<PerFileJob<R>>;
}

export async function joinInputs(inputs: string[], flags: InputFlags): Promise<string[]> {
  const files = await expandInputs(inputs, flags.recursive ?? false);
  if (files.includes('-')) throw new CyclekitError('E_USAGE', '--join reads files, not standard input');
  flags.joinParts = files.slice(1);
  flags.jobs = '1';
  return files.slice(0, 1);
}

/**
 * The inputs as the command should read them: with --join, one joined test; with --no-join, as
 * given; otherwise files named and timed as consecutive parts of one test are joined
 * (src/pipeline/join-detect.ts) and ride in `flags.joinGroups`. Inputs with no such files are
 * returned unchanged, so nothing else about the run differs.
 */
export async function resolveJoins(inputs: string[], flags: InputFlags): Promise<string[]> {
  if (flags.join === true) return joinInputs(inputs, flags);
  if (flags.join === false) return inputs;
  const files = await expandInputs(inputs, flags.recursive ?? false, { include: flags.include ?? [], exclude: flags.exclude ?? [] });
  const { partRuns } = await import('../segment/parts.js');
  if (partRuns(files).length === 0) return inputs;
  const { detectJoins } = await import('../pipeline/join-detect.js');
  const { inputs: joined, groups } = await detectJoins(files, loadOptions(flags));
  if (Object.keys(groups).length === 0) return inputs;
  flags.joinGroups = groups;
  return joined;
}

/** Add a per-file command to the program: its own options, the shared input and output options, its example. */
export function registerPerFileCommand<F extends InputFlags, R>(program: Command, ctx: RunContext, spec: PerFileCommand<F, R>): void {
  const cmd = program
    .command(spec.name)
    .description(spec.description)
    .argument('<files...>', 'cycler exports, directories (with --recursive) or - for stdin');
  spec.options?.(cmd);
  addInputOptions(cmd);
  addOutputOptions(cmd);
  if (spec.examples) cmd.addHelpText('after', exampleHelp(spec.examples));
  cmd
    .option('-o, --output <file>', 'write the output to FILE (whole or not at all); .parquet, .xlsx, .csv, .json pick the kind')
    .option('--to <kind>', 'output kind: table, json, csv, parquet or xlsx (parquet and xlsx need -o FILE)');
  cmd.action(async (files: string[], flags: F & OutputFlags) => {
    // `--format parquet|xlsx` names an output kind, not a reader: no reader has either id.
    if (flags.format === 'parquet' || flags.format === 'xlsx') {
      flags.to ??= flags.format;
      delete flags.format;
    }
    outputPlan(flags);
    loadOptions(flags);
    // --join (or a detected join): one result for the whole test, named by its first part; the
    // others ride in the flags, which is why they are joined before the command turns its flags into options.
    const inputs = await resolveJoins(files, flags);
    const { work, emit } = await spec.prepare(flags);
    program.setOptionValue('exitCode', await runPerFile(spec.name, inputs, flags, work, emit, ctx));
  });
}
