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
 * As `streamRows`, for a long write to a file (src/util/atomic-write.ts): each chunk waits for
 * the file to take it, and the event loop gets a turn after each, so a SIGINT/SIGTERM/SIGHUP is
 * handled (temporary file removed) while writing, not after.
 */
export async function streamRowsInTurns(records: Iterable<SimRecord>, layout: Layout, context: LayoutContext, write: (chunk: string) => Promise<void>): Promise<number> {
  const row = layout.formatter(context);
  let buffer = layout.header + '\n';
  let count = 0;
  for (const r of records) {
    buffer += row(r) + '\n';
    count++;
    if (buffer.length >= CHUNK_CHARS) {
      await write(buffer);
      buffer = '';
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  }
  if (buffer.length > 0) await write(buffer);
  return count;
}
