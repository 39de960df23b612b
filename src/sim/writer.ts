import type { SimRecord } from './engine.js';
import type { Layout, LayoutContext } from './layouts.js';

/** Rows are joined into chunks of about this many characters before each write. */
const CHUNK_CHARS = 1 << 20;

/** The layout's header and rows, joined into chunks of about CHUNK_CHARS characters. */
function* rowChunks(records: Iterable<SimRecord>, layout: Layout, context: LayoutContext, counted: { records: number }): Generator<string> {
  const row = layout.formatter(context);
  let buffer = layout.header + '\n';
  for (const r of records) {
    buffer += row(r) + '\n';
    counted.records++;
    if (buffer.length >= CHUNK_CHARS) {
      yield buffer;
      buffer = '';
    }
  }
  if (buffer.length > 0) yield buffer;
}

/**
 * Format records with a layout and hand them to `write` in large chunks: constant memory
 * whatever the number of records. Returns the number of records written.
 */
export function streamRows(records: Iterable<SimRecord>, layout: Layout, context: LayoutContext, write: (chunk: string) => void): number {
  const counted = { records: 0 };
  for (const chunk of rowChunks(records, layout, context, counted)) write(chunk);
  return counted.records;
}

/**
 * As `streamRows`, for a long write to a file (src/util/atomic-write.ts): each chunk waits for
 * the file to take it, and the event loop gets a turn after each, so a SIGINT/SIGTERM/SIGHUP is
 * handled (temporary file removed) while writing, not after.
 */
export async function streamRowsInTurns(records: Iterable<SimRecord>, layout: Layout, context: LayoutContext, write: (chunk: string) => Promise<void>): Promise<number> {
  const counted = { records: 0 };
  for (const chunk of rowChunks(records, layout, context, counted)) {
    await write(chunk);
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  return counted.records;
}
