import { open, stat } from 'node:fs/promises';
import { CyclekitError, type ErrorCode } from '../model/errors.js';
import { limitError, limit, type LimitName } from './limits.js';
import { noteRead } from './file-access.js';

/**
 * Read a small text file that the user or an uploaded dataset supplies (a sidecar, a spec, a
 * reference) with its size capped: a 100 MB `cell.json` or a link to /dev/zero is refused
 * in one line instead of being read into memory. Returns null only when the file does not
 * exist; a folder, a device, an unreadable file or binary content is an error naming `role`.
 */
export async function readBoundedText(path: string, name: LimitName, role: string, code: ErrorCode): Promise<string | null> {
  // Absent counts too: a sidecar that appears later changes the output (src/cache/outputs.ts).
  noteRead(path);
  let info;
  try {
    info = await stat(path);
  } catch (err) {
    const why = (err as NodeJS.ErrnoException).code;
    if (why === 'ENOENT' || why === 'ENOTDIR') return null;
    throw new CyclekitError('E_IO', `cannot read the ${role}: ${why ?? String(err)}`, { file: path });
  }
  if (info.isDirectory()) throw new CyclekitError(code, `the ${role} is a folder, not a file`, { file: path });
  if (!info.isFile()) throw new CyclekitError(code, `the ${role} is not a regular file (a device, pipe or socket)`, { file: path });
  const max = limit(name);
  if (info.size > max) throw limitError(name, `the ${role} has ${info.size} bytes`, { file: path }, max);
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (err) {
    throw new CyclekitError('E_IO', `cannot read the ${role}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`, { file: path });
  }
  try {
    // One byte past the limit tells a file that grew since stat() from one that fits.
    const buf = Buffer.alloc(Math.min(max, info.size) + 1);
    let filled = 0;
    for (;;) {
      const { bytesRead } = await handle.read(buf, filled, buf.length - filled, filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
      if (filled === buf.length) break;
    }
    if (filled > max) throw limitError(name, `the ${role} has more than ${max} bytes`, { file: path }, max);
    const bytes = buf.subarray(0, filled);
    if (bytes.includes(0)) throw new CyclekitError(code, `the ${role} holds binary data (NUL bytes), not YAML or JSON text`, { file: path });
    return bytes.toString('utf8');
  } catch (err) {
    if (err instanceof CyclekitError) throw err;
    throw new CyclekitError('E_IO', `cannot read the ${role}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`, { file: path });
  } finally {
    await handle.close();
  }
}
