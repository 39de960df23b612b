import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { once } from 'node:events';
import { CyclekitError } from '../model/errors.js';
import { removeOnExit } from './temp-files.js';
import { noteWrite } from './file-access.js';

/**
 * Write a file whole or not at all: the text (or bytes) goes to a hidden temporary file in the
 * target's directory (same filesystem, so the final rename is atomic) and is renamed over
 * the target only when everything was written. On any error the temporary file is removed;
 * a process that exits or is killed by SIGINT/SIGTERM/SIGHUP mid-way removes it too.
 */
export async function writeAtomically(target: string, produce: (write: (chunk: string | Uint8Array) => Promise<void>) => Promise<void>): Promise<void> {
  const temp = join(dirname(target), `.${basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  const release = removeOnExit(temp);
  noteWrite();
  const out = createWriteStream(temp, { flags: 'wx' });
  // Keep the stream's first error: without a listener a late one (after destroy) would crash the process.
  let streamError: Error | null = null;
  out.on('error', (err) => {
    streamError ??= err;
  });
  try {
    await once(out, 'open');
    // Each write resolves once its chunk is in the file, so a producer may reuse the chunk's
    // bytes afterwards (convert writes every block from one reused buffer) and never runs ahead of the disk.
    await produce(async (chunk) => {
      if (streamError) throw streamError;
      await new Promise<void>((resolve, reject) => out.write(chunk, (err) => (err ? reject(err) : resolve())));
    });
    if (streamError) throw streamError;
    out.end();
    await once(out, 'finish');
    await rename(temp, target);
  } catch (err) {
    out.destroy();
    // A temporary that was never made (a file where the folder should be) is nothing to remove.
    await rm(temp, { force: true }).catch(() => undefined);
    if (err instanceof CyclekitError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    throw new CyclekitError('E_IO', `cannot write: ${code ?? (err instanceof Error ? err.message : String(err))}`, { file: target });
  } finally {
    release();
  }
}

/** `writeAtomically` for content already in memory (a figure, a page, a spec), text or bytes. */
export async function writeWhole(target: string, content: string | Uint8Array): Promise<void> {
  await writeAtomically(target, (write) => write(content));
}

/** A file that `-o` must never replace, and what it is to the command (for the message). */
export interface ProtectedFile {
  path: string;
  role: string;
}

/**
 * Refuse an output path that is one of the command's own inputs (the data, a spec, a
 * sidecar), however it is spelt: another relative path, a symbolic link or a hard link all
 * lead to the same device and inode. Replacing an input with its own report is data loss
 * that exits 0, which a whole-or-nothing write alone does not prevent.
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
