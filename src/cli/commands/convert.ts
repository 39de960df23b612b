import { Option, type Command } from 'commander';
import { CyclekitError, isCyclekitError } from '../../model/errors.js';
import type { TargetFormat } from '../../export/tables.js';
import type { CycleRuleOption } from '../../segment/cycles.js';
import { collect, exampleHelp, parseColumnOverrides } from '../options.js';
import { INPUT_FLAG_DEFAULTS } from '../options.js';
import type { RunContext } from '../context.js';

interface ConvertFlags {
  to: TargetFormat;
  output?: string;
  format?: string;
  col: string[];
  strict?: boolean;
  cycleRule: string;
  restCurrent: string;
  quiet?: boolean;
}

/** `cyclekit convert FILE --to bdf|bdf-parquet|csv [-o OUT]`: the canonical record stream in another file format. */
export function defineConvert(program: Command, ctx: RunContext): void {
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
      try {
        await convert(file, flags, ctx);
      } catch (err) {
        // Errors raised while the rows stream (a bad row, a line past the limit) know their line, not the file.
        if (isCyclekitError(err) && err.file === undefined && err.code !== 'E_USAGE') err.file = file === '-' ? '<stdin>' : file;
        throw err;
      }
    });
}

async function convert(file: string, flags: ConvertFlags, ctx: RunContext): Promise<void> {
  const rest = Number(flags.restCurrent);
  if (!(rest >= 0)) throw new CyclekitError('E_USAGE', `--rest-current: expected a non-negative current in A, got '${flags.restCurrent}'`);
  const options = {
    columns: parseColumnOverrides(flags.col ?? []),
    strict: flags.strict ?? false,
    ...(flags.format ? { format: flags.format } : {}),
    restCurrentA: rest,
    cycleRule: flags.cycleRule as CycleRuleOption,
  };
  const output = flags.output === undefined || flags.output === '' ? null : flags.output;
  if (flags.to === 'bdf-parquet' && (output === null || output === '-')) throw new CyclekitError('E_USAGE', '--to bdf-parquet is binary: write it to a file with -o FILE.bdf.parquet');
  const [{ convertFile }, { largeFileProgress, warningLine }] = await Promise.all([import('../../export/convert.js'), import('../run.js')]);
  // Two passes over the file: the progress line (terminal only) counts both.
  const progress = ctx.stderrIsTTY === true && !flags.quiet ? await largeFileProgress(file, ctx, 2) : null;
  progress?.start();
  let warnings: string[];
  try {
    // Each block waits for the one before to leave: into a pipe read slower than it is written
    // (`| gzip`), unwaited blocks piled up to 0.8 GB over a 10,000-cycle file.
    warnings = await convertFile(file, flags.to, options, output, async (text) => {
      ctx.stdout(text);
      await ctx.stdoutDrained?.();
    });
  } finally {
    progress?.finish();
  }
  if (!flags.quiet) for (const w of warnings) ctx.stderr(`${warningLine(file === '-' ? '<stdin>' : file, w)}\n`);
}
