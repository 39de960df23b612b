import { refuseOutputOverInputs, writeAtomically } from '../util/atomic-write.js';
import { sidecarCandidates } from '../ingest/sidecar.js';
import { planConversion, type PlanOptions } from './plan.js';
import { unixTimeBase, writeTable, type TargetFormat } from './tables.js';

/**
 * A cycler export written as BDF 1.3 (CSV, or Parquet with the same column names) or as
 * cyclekit's canonical CSV: to `output` whole or not at all (never over the input or its
 * sidecar), or streamed to `stdout` (which resolves when the text has left, so a slow reader
 * does not make blocks pile up in memory). Two streaming passes (segment, then write), so memory does
 * not grow with the file. Returns the warnings about what the output cannot say.
 */
export async function convertFile(file: string, to: TargetFormat, options: PlanOptions, output: string | null, stdout: (text: string) => void | Promise<void>): Promise<string[]> {
  if (output !== null && file !== '-') {
    await refuseOutputOverInputs(output, [{ path: file, role: 'input' }, ...sidecarCandidates(file).map((path) => ({ path, role: 'sidecar' }))]);
  }
  const plan = await planConversion(file, options);
  const warnings = [...plan.header.warnings];
  if (!plan.fileCycles) warnings.push(`the file has no cycle number on every row: cycle numbers written are cyclekit's (${plan.cycleNumbering})`);
  if (to === 'csv' && plan.fileSteps && !plan.canonicalSteps) warnings.push("the file's step numbers do not tell every step apart: the step column holds cyclekit's step count");
  if (plan.header.metadata.activeMassG !== undefined) {
    warnings.push(`the file states an active mass of ${(plan.header.metadata.activeMassG * 1000).toPrecision(5)} mg, which ${to === 'csv' ? 'the canonical CSV' : 'BDF'} has no column for: pass --mass or keep a cell.yaml beside the output`);
  }
  if (to !== 'csv') {
    const start = plan.header.metadata.startTime;
    const unix = unixTimeBase(plan.header);
    if (unix !== null) warnings.push(`'Unix Time / s' is derived: the file's start ${unix.start}${unix.atFirstRecord ? ' (its first row)' : ''} plus the test time`);
    else if (typeof start === 'string') warnings.push(`the file's start time '${start}' has no time zone, so no 'Unix Time / s' column is written (a guessed zone could be hours off)`);
  }
  if (output !== null) await writeAtomically(output, (write) => writeTable(file, options, plan, to, write).then(() => undefined));
  // Rows are ASCII but for the odd label: a block ends at a row's end, so no character is cut.
  else await writeTable(file, options, plan, to, async (bytes) => stdout(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('utf8')));
  return warnings;
}
