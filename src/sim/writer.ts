import { closeSync, openSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { removeOnExit } from '../util/temp-files.js';
import type { SimRecord } from './engine.js';
import type { Layout, LayoutContext } from './layouts.js';

/** Rows are joined into chunks of about this many characters before each write. */
const CHUNK_CHARS = 1 << 20;

/**
 * Format records with a layout and hand them to `write` in large chunks: constant memory
 * whatever the number of records. Returns the number of records written.
 */
export function streamRows(records: Iterable<SimRecord>, layout: Layout, context: LayoutContext, write: (chunk: string) => void): number {
  const row = layout.formatter(context);
  let buffer = layout.header + '\n';
  let count = 0;
  for (const r of records) {
    buffer += row(r) + '\n';
    count++;
    if (buffer.length >= CHUNK_CHARS) {
      write(buffer);
      buffer = '';
    }
  }
  if (buffer.length > 0) write(buffer);
  return count;
}

/**
 * As `streamRows`, for a long write to a file: the event loop gets a turn after each chunk,
 * so a SIGINT/SIGTERM/SIGHUP is handled (temporary file removed) while writing, not after.
 */
export async function streamRowsInTurns(records: Iterable<SimRecord>, layout: Layout, context: LayoutContext, write: (chunk: string) => void): Promise<number> {
  const row = layout.formatter(context);
  let buffer = layout.header + '\n';
  let count = 0;
  for (const r of records) {
    buffer += row(r) + '\n';
    count++;
    if (buffer.length >= CHUNK_CHARS) {
      write(buffer);
      buffer = '';
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  }
  if (buffer.length > 0) write(buffer);
  return count;
}

/**
 * Write a file whole or not at all: into a temporary file beside it, then rename. On any
 * error the temporary file is removed and the target is left as it was; so it is when the
 * process exits or is killed by SIGINT/SIGTERM/SIGHUP mid-way.
 */
export function writeFileAtomically<T>(path: string, produce: (write: (chunk: string) => void) => T): T {
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  const release = removeOnExit(temp);
  let fd: number;
  try {
    fd = openSync(temp, 'w');
  } catch (err) {
    release();
    throw err;
  }
  let closed = false;
  try {
    const result = produce((chunk) => {
      writeSync(fd, chunk);
    });
    closeSync(fd);
    closed = true;
    renameSync(temp, path);
    return result;
  } catch (err) {
    if (!closed) closeSync(fd);
    try {
      unlinkSync(temp);
    } catch {
      // already gone
    }
    throw err;
  } finally {
    release();
  }
}

/** `writeFileAtomically` for a producer that yields to the event loop between chunks. */
export async function writeFileAtomicallyInTurns<T>(path: string, produce: (write: (chunk: string) => void) => Promise<T>): Promise<T> {
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  const release = removeOnExit(temp);
  let fd: number;
  try {
    fd = openSync(temp, 'w');
  } catch (err) {
    release();
    throw err;
  }
  let closed = false;
  try {
    const result = await produce((chunk) => {
      writeSync(fd, chunk);
    });
    closeSync(fd);
    closed = true;
    renameSync(temp, path);
    return result;
  } catch (err) {
    if (!closed) closeSync(fd);
    try {
      unlinkSync(temp);
    } catch {
      // already gone
    }
    throw err;
  } finally {
    release();
  }
}
