import { stat } from 'node:fs/promises';
import { CyclekitError } from '../../model/errors.js';

/** One whole-or-nothing writer for every output (src/util/atomic-write.ts); re-exported for the writers here. */
export { writeAtomically } from '../../util/atomic-write.js';

/** A file that `-o` must never replace, and what it is to the command (for the message). */
export interface ProtectedFile {
  path: string;
  role: string;
}

/**
 * Refuse an output path that is one of the command's own inputs (the data, a spec, a
 * sidecar), however it is spelt: another relative path, a symbolic link or a hard link all
 * lead to the same device and inode. Replacing an input with its own report is data loss
 * that exits 0.
 */
export async function refuseOutputOverInputs(output: string, inputs: ProtectedFile[]): Promise<void> {
  let out;
  try {
    out = await stat(output);
  } catch {
    return; // nothing there yet: nothing to overwrite
  }
  for (const input of inputs) {
    if (input.path === '-') continue;
    let info;
    try {
      info = await stat(input.path);
    } catch {
      continue;
    }
    if (info.dev === out.dev && info.ino === out.ino) {
      throw new CyclekitError('E_USAGE', `-o ${output} is the ${input.role} ${input.path}: refusing to overwrite an input; write the output elsewhere`);
    }
  }
}
