import type { Command } from 'commander';
import { CyclekitError } from '../../model/errors.js';
import { parseCycleSelection } from '../../segment/selection.js';
import { checkCeFlag } from '../flags/ce.js';
import { addInputOptions, loadOptions, type InputFlags } from '../options.js';
import { DEFAULT_CE } from '../../pipeline/summarise.js';
import type { RunContext } from '../context.js';

interface IndexFlags extends InputFlags {
  to: string;
  shard?: string;
  peakCycles: string;
  ce: string;
}

/** `--shard i/N` → [i, N] with 0 ≤ i < N. */
function parseShard(text: string): [number, number] {
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  const i = m ? Number(m[1]) : Number.NaN;
  const n = m ? Number(m[2]) : Number.NaN;
  if (!m || !(n >= 1) || !(i < n)) throw new CyclekitError('E_USAGE', `--shard ${text}: expected i/N with 0 ≤ i < N, e.g. 0/4`);
  return [i, n];
}

/** `cyclekit index PATH… --to DIR`: files into the Parquet archive that `query` asks (docs/archive.md). */
export function defineIndex(program: Command, ctx: RunContext): void {
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
  cmd.action(async (inputs: string[], flags: IndexFlags) => {
    const shard = flags.shard ? parseShard(flags.shard) : null;
    // `--peak-cycles 1,2,10,100,1000,last`, parsed now: a bad list is an error before any file is read.
    const peakCycles = flags.peakCycles.trim() === '' ? null : parseCycleSelection(flags.peakCycles, 'peakCycles');
    const [{ existsSync }, { resolve }, { expandInputs }, { indexFiles }, { archiveExtractor }, report, { VERSION }] = await Promise.all([
      import('node:fs'),
      import('node:path'),
      import('../inputs.js'),
      import('../../archive/index.js'),
      import('../../archive/extract.js'),
      import('../../report/archive.js'),
      import('../../version.js'),
    ]);
    const files = await expandInputs(inputs, flags.recursive ?? false, { include: flags.include ?? [], exclude: flags.exclude ?? [] });
    if (files.includes('-')) throw new CyclekitError('E_USAGE', 'index reads files, not standard input: pass paths');
    for (const f of files) if (!existsSync(f)) throw new CyclekitError('E_IO', 'no such file or directory', { file: f });
    // Flags are checked before any file is read; a file's own errors become error rows.
    const extract = archiveExtractor({ load: loadOptions(flags), ce: checkCeFlag(flags.ce), peakCycles });
    let done = 0;
    const showProgress = ctx.stderrIsTTY === true && !flags.quiet;
    const summary = await indexFiles(files, extract, {
      archiveDir: resolve(flags.to),
      shard,
      version: VERSION,
      onFile: (path, outcome) => {
        done++;
        if (!flags.quiet && outcome === 'error') ctx.stderr(`cyclekit: ${path}: not readable, recorded in the archive's errors view\n`);
        if (showProgress) ctx.stderr(`\rindex: ${done}/${files.length} files`);
      },
    });
    if (showProgress) ctx.stderr('\n');
    ctx.stdout(flags.json ? report.indexSummaryJson(summary, flags.to) : report.indexSummaryText(summary, flags.to, shard !== null));
  });
}
