import { CyclekitError, isCyclekitError } from '../../model/errors.js';
import { refuseOutputOverInputs, writeAtomically } from '../../util/atomic-write.js';
import { sidecarCandidates } from '../../ingest/sidecar.js';
import { planConversion, type PlanOptions } from '../../export/plan.js';
import { canonicalStepsFromFile, unixTimeBase, writeTable, type TargetFormat } from '../../export/tables.js';
import type { CycleRuleOption } from '../../segment/cycles.js';
import { parseColumnOverrides } from '../options.js';
import { largeFileProgress, warningLine, type RunContext } from '../run.js';

export interface ConvertFlags {
  to: TargetFormat;
  output?: string;
  format?: string;
  col: string[];
  strict?: boolean;
  cycleRule: string;
  restCurrent: string;
  quiet?: boolean;
}

/**
 * `cyclekit convert FILE --to bdf|bdf-parquet|csv [-o OUT]`: the canonical record stream written
 * as BDF 1.3 (CSV, or Parquet with the same column names) or as cyclekit's canonical CSV. Two streaming passes (segment, then write),
 * so memory does not grow with the file; with -o the output appears whole or not at all.
 */
export async function runConvert(file: string, flags: ConvertFlags, ctx: RunContext): Promise<void> {
  try {
    await convertFile(file, flags, ctx);
  } catch (err) {
    // Errors raised while the rows stream (a bad row, a line past the limit) know their line, not the file.
    if (isCyclekitError(err) && err.file === undefined && err.code !== 'E_USAGE') err.file = file === '-' ? '<stdin>' : file;
    throw err;
  }
}

async function convertFile(file: string, flags: ConvertFlags, ctx: RunContext): Promise<void> {
  const rest = Number(flags.restCurrent);
  if (!(rest >= 0)) throw new CyclekitError('E_USAGE', `--rest-current: expected a non-negative current in A, got '${flags.restCurrent}'`);
  const options: PlanOptions = {
    columns: parseColumnOverrides(flags.col ?? []),
    strict: flags.strict ?? false,
    ...(flags.format ? { format: flags.format } : {}),
    restCurrentA: rest,
    cycleRule: flags.cycleRule as CycleRuleOption,
  };
  if (flags.to === 'bdf-parquet' && (flags.output === undefined || flags.output === '-')) throw new CyclekitError('E_USAGE', '--to bdf-parquet is binary: write it to a file with -o FILE.bdf.parquet');
  if (flags.output && file !== '-') {
    await refuseOutputOverInputs(flags.output, [{ path: file, role: 'input' }, ...sidecarCandidates(file).map((path) => ({ path, role: 'sidecar' }))]);
  }
  // Two passes over the file: the progress line (terminal only) counts both.
  const progress = ctx.stderrIsTTY === true && !flags.quiet ? await largeFileProgress(file, ctx, 2) : null;
  progress?.start();
  try {
    await convertWith(file, flags, options, ctx);
  } finally {
    progress?.finish();
  }
}

async function convertWith(file: string, flags: ConvertFlags, options: PlanOptions, ctx: RunContext): Promise<void> {
  const plan = await planConversion(file, options);
  const warnings = [...plan.header.warnings];
  if (!plan.fileCycles) warnings.push(`the file has no cycle number on every row: cycle numbers written are cyclekit's (${plan.cycles.description})`);
  if (flags.to === 'csv' && plan.fileSteps && !canonicalStepsFromFile(plan)) warnings.push("the file's step numbers do not tell every step apart: the step column holds cyclekit's step count");
  if (plan.header.metadata.activeMassG !== undefined) {
    warnings.push(`the file states an active mass of ${(plan.header.metadata.activeMassG * 1000).toPrecision(5)} mg, which ${flags.to === 'csv' ? 'the canonical CSV' : 'BDF'} has no column for: pass --mass or keep a cell.yaml beside the output`);
  }
  if (flags.to !== 'csv') {
    const start = plan.header.metadata.startTime;
    const unix = unixTimeBase(plan.header);
    if (unix !== null) warnings.push(`'Unix Time / s' is derived: the file's start ${unix.start}${unix.atFirstRecord ? ' (its first row)' : ''} plus the test time`);
    else if (typeof start === 'string') warnings.push(`the file's start time '${start}' has no time zone, so no 'Unix Time / s' column is written (a guessed zone could be hours off)`);
  }
  if (flags.output) {
    await writeAtomically(flags.output, (write) => writeTable(file, options, plan, flags.to, write).then(() => undefined));
  } else {
    await writeTable(file, options, plan, flags.to, async (text) => ctx.stdout(text as string));
  }
  if (!flags.quiet) for (const w of warnings) ctx.stderr(`${warningLine(file === '-' ? '<stdin>' : file, w)}\n`);
}
