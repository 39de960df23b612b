import { readdir, realpath, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { CyclekitError } from '../model/errors.js';
import { makePathFilter, type PathFilter } from './glob.js';

/**
 * Expand the command line's inputs: files as given, '-' for standard input, directories
 * (only with --recursive) walked in sorted order so output order never depends on the disk.
 * Sidecars and hidden files inside directories are skipped. --include/--exclude globs apply to
 * every file, named or found (src/cli/glob.ts): a path relative to its directory argument.
 * Sidecars and hidden files inside directories are skipped. Symbolic links are followed (an
 * upload's linked file is checked like any other); a link back to a folder that contains it
 * is a loop and refused; a dangling link is kept, so it is reported as unreadable.
 */
export async function expandInputs(inputs: string[], recursive: boolean, filter: PathFilter = { include: [], exclude: [] }): Promise<string[]> {
  const keep = filter.include.length + filter.exclude.length > 0 ? makePathFilter(filter) : () => true;
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
      if (keep(slashes(input))) out.push(input); // reported per file as unreadable, after the others run
      continue;
    }
    if (info.isDirectory()) {
      if (!recursive) throw new CyclekitError('E_USAGE', `${input} is a directory: pass --recursive to read the files inside`);
      out.push(...(await walk(input, [await realpath(input)])).filter((f) => keep(slashes(relative(input, f)))));
    } else if (keep(slashes(input))) out.push(input);
  }
  return out;
}

const SKIP = /(^\.|\.cell\.(ya?ml|json)$|^cell\.(ya?ml|json)$|\.md$|\.txt\.license$)/i;

/** `ancestors`: real paths of the folders being walked, outermost first (loop detection). */
async function walk(dir: string, ancestors: string[]): Promise<string[]> {
  const entries = (await readdir(dir, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const out: string[] = [];
  for (const e of entries) {
    if (SKIP.test(e.name)) continue;
    const p = join(dir, e.name);
    if (e.isSymbolicLink()) {
      let target;
      try {
        target = await stat(p);
      } catch {
        out.push(p); // dangling: reported per file as unreadable
        continue;
      }
      if (target.isDirectory()) {
        const real = await realpath(p);
        if (ancestors.includes(real)) throw new CyclekitError('E_USAGE', `${p} is a symbolic link back to ${real}, a folder that contains it: a loop; remove the link or pass the folders separately`);
        out.push(...(await walk(p, [...ancestors, real])));
      } else if (target.isFile()) out.push(p);
      continue;
    }
    if (e.isDirectory()) out.push(...(await walk(p, [...ancestors, await realpath(p)])));
    else if (e.isFile()) out.push(p);
  }
  return out;
}

const slashes = (p: string): string => (sep === '/' ? p : p.split(sep).join('/'));

/**
 * Whether some reader recognises the file's content (the same detection every command runs),
 * for --skip-unknown. Only "no reader claims this" answers false: a file that cannot be opened,
 * is empty, or is recognised and then turns out damaged is kept, so it fails as it should.
 * A file whose voltage and current are mapped with --col is read by the generic reader anyway.
 */
export async function isRecognised(file: string, columns: Record<string, string>): Promise<boolean> {
  if (file === '-' || (columns.voltage !== undefined && columns.current !== undefined)) return true;
  const { detectFormat, readProbe } = await import('../ingest/open.js');
  let probe;
  try {
    probe = await readProbe(file, file);
  } catch {
    return true;
  }
  try {
    detectFormat(probe, file);
    return true;
  } catch (err) {
    return !(err instanceof CyclekitError && (err.code === 'E_HEADER' || err.code === 'E_FORMAT'));
  }
}
