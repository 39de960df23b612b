import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { CyclekitError } from '../model/errors.js';

/**
 * Expand the command line's inputs: files as given, '-' for standard input, directories
 * (only with --recursive) walked in sorted order so output order never depends on the disk.
 * Sidecars and hidden files inside directories are skipped.
 */
export async function expandInputs(inputs: string[], recursive: boolean): Promise<string[]> {
  const out: string[] = [];
  for (const input of inputs) {
    if (input === '-') {
      out.push(input);
      continue;
    }
    let info;
    try {
      info = await stat(input);
    } catch {
      out.push(input); // reported per file as unreadable, after the others run
      continue;
    }
    if (info.isDirectory()) {
      if (!recursive) throw new CyclekitError('E_USAGE', `${input} is a directory: pass --recursive to read the files inside`);
      out.push(...(await walk(input)));
    } else out.push(input);
  }
  return out;
}

const SKIP = /(^\.|\.cell\.(ya?ml|json)$|^cell\.(ya?ml|json)$|\.md$|\.txt\.license$)/i;

async function walk(dir: string): Promise<string[]> {
  const entries = (await readdir(dir, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const out: string[] = [];
  for (const e of entries) {
    if (SKIP.test(e.name)) continue;
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...(await walk(p)));
    else if (e.isFile()) out.push(p);
  }
  return out;
}
