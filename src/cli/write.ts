import { rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { CyclekitError } from '../model/errors.js';

/**
 * Write a report so that readers (a CI step, a file watcher) never see half of it: write a
 * temporary file in the same directory, then rename it over the target (atomic on POSIX).
 */
export async function writeAtomic(path: string, text: string): Promise<void> {
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.${Date.now()}.tmp`);
  try {
    await writeFile(tmp, text, 'utf8');
    await rename(tmp, path);
  } catch (err) {
    await rm(tmp, { force: true });
    throw new CyclekitError('E_IO', `cannot write the report: ${(err as NodeJS.ErrnoException).code ?? String(err)}`, { file: path });
  }
}
