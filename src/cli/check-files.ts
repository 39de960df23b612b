import { appendFile } from 'node:fs/promises';
import { sidecarCandidates } from '../ingest/sidecar.js';
import { refuseOutputOverInputs, writeAtomically } from '../util/atomic-write.js';
import { CyclekitError } from '../model/errors.js';
import type { CheckReportOutput } from '../report/check-output.js';
import { expandInputs } from './inputs.js';
import type { RunContext } from './context.js';

// What `check` writes besides stdout: the -o report (never over an input) and GitHub's job summary.

/** -o may not overwrite the spec, an input or an input's sidecar. */
export async function refuseOverCheckInputs(output: string, spec: string, files: string[], recursive: boolean): Promise<void> {
  const inputs = (await expandInputs(files, recursive)).filter((f) => f !== '-');
  await refuseOutputOverInputs(output, [
    { path: spec, role: 'spec' },
    ...inputs.map((path) => ({ path, role: 'input' })),
    ...inputs.flatMap((f) => sidecarCandidates(f).map((path) => ({ path, role: 'sidecar' }))),
  ]);
}

/**
 * Write a check report where it goes: GitHub's annotations reach stdout before the job summary
 * is appended; any other report is written to -o whole before the plain summary is printed.
 */
export async function writeCheckReport(out: CheckReportOutput, output: string | undefined, ctx: RunContext): Promise<void> {
  if (out.jobSummary !== null) {
    ctx.stdout(out.stdout);
    const summaryFile = process.env.GITHUB_STEP_SUMMARY;
    if (summaryFile) {
      try {
        await appendFile(summaryFile, out.jobSummary + '\n');
      } catch (err) {
        throw new CyclekitError('E_IO', `cannot append the job summary ($GITHUB_STEP_SUMMARY): ${(err as NodeJS.ErrnoException).code ?? String(err)}`, { file: summaryFile });
      }
    }
  }
  if (out.file !== null && output !== undefined) await writeAtomically(output, (write) => write(out.file!));
  // Without a job summary the plain summary comes after the file is written (it may say where).
  if (out.jobSummary === null && out.stdout) ctx.stdout(out.stdout);
}
