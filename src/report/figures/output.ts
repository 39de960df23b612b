import { randomBytes } from 'node:crypto';
import { rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { CyclekitError } from '../../model/errors.js';

/** Write a file whole or not at all (temporary file in the same folder, then rename), text or bytes. */
export async function writeWhole(target: string, content: string | Uint8Array): Promise<void> {
  const temp = join(dirname(target), `.${basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    await writeFile(temp, content, { flag: 'wx' });
    await rename(temp, target);
  } catch (err) {
    await rm(temp, { force: true });
    const code = (err as NodeJS.ErrnoException).code;
    throw new CyclekitError('E_IO', `cannot write: ${code ?? (err instanceof Error ? err.message : String(err))}`, { file: target });
  }
}
