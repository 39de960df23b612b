import { createWriteStream } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { open as openFile } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CyclekitError, fieldError } from '../model/errors.js';
import { PROBE_BYTES, type FormatReader, type Probe, type ReadOptions, type RecordStream } from './contract.js';
import { READERS } from './formats/index.js';
import { detectEncoding } from './text/encoding.js';
import { nearestLayouts } from './nearest.js';
import { guardTemporaryFiles, removeOnExit } from '../util/temp-files.js';

/** Read the first bytes of a file and decode them for sniffing. */
export async function readProbe(path: string, displayName: string): Promise<Probe> {
  let handle;
  try {
    handle = await openFile(path, 'r');
  } catch (err) {
    throw new CyclekitError('E_IO', `cannot open: ${(err as NodeJS.ErrnoException).code ?? String(err)}`, { file: displayName });
  }
  try {
    const stat = await handle.stat();
    if (stat.isDirectory()) throw new CyclekitError('E_IO', 'is a directory (pass --recursive to read the files inside)', { file: displayName });
    const buffer = Buffer.alloc(Math.min(PROBE_BYTES, stat.size));
    await handle.read(buffer, 0, buffer.length, 0);
    const bytes = new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.length);
    if (bytes.length === 0) throw new CyclekitError('E_EMPTY', 'the file is empty', { file: displayName });
    const { encoding, bomLength } = detectEncoding(bytes);
    const text = looksBinary(bytes, encoding) ? '' : new TextDecoder(encoding).decode(bytes.subarray(bomLength));
    return { bytes, text, encoding };
  } finally {
    await handle.close();
  }
}

function looksBinary(bytes: Uint8Array, encoding: string): boolean {
  if (encoding.startsWith('utf-16')) return false;
  const n = Math.min(bytes.length, 8192);
  let control = 0;
  for (let i = 0; i < n; i++) {
    const b = bytes[i]!;
    if (b === 0 || (b < 8 && b !== 0)) control++;
  }
  return control > n / 100;
}

export function readerById(id: string): FormatReader {
  const reader = READERS.find((r) => r.id === id);
  if (!reader) throw fieldError('E_USAGE', 'format', (field) => `${field('format')}: unknown format '${id}'; known: ${READERS.map((r) => r.id).join(', ')}`);
  return reader;
}

export interface Detection {
  reader: FormatReader;
  reason: string;
}

/** Pick the reader from the file's content, never its name. */
export function detectFormat(probe: Probe, displayName: string): Detection {
  let best: Detection | null = null;
  let bestConfidence = 0;
  for (const reader of READERS) {
    let result;
    try {
      result = reader.sniff(probe);
    } catch {
      result = null;
    }
    if (result && result.confidence > bestConfidence) {
      best = { reader, reason: result.reason };
      bestConfidence = result.confidence;
    }
  }
  if (best) return best;
  if (probe.text.length === 0) {
    throw new CyclekitError('E_FORMAT', 'binary content that no reader recognises; export the data as CSV or text from the cycler software, or pass --format', {
      file: displayName,
    });
  }
  const headerish = probe.text.split(/\r?\n/).slice(0, 300).reduce((a, l) => (l.split(/[\t,;]/).length > a.split(/[\t,;]/).length ? l : a), '');
  const cells = headerish.split(/[\t,;]/).map((c) => c.trim()).filter(Boolean);
  const found = cells.slice(0, 20).join(', ');
  const near = nearestLayouts(cells);
  const nearest = near.length > 0 ? `; nearest known layouts: ${near.map((n) => `${n.id} (${n.shared} of ${n.of} columns)`).join(', ')}` : '';
  throw new CyclekitError(
    'E_HEADER',
    `no known layout: expected a header with voltage and current columns; found: ${found || 'no columns'}${nearest} — pass --col voltage=NAME --col current=NAME, or --format (${READERS.map((r) => r.id).join(', ')})`,
    { file: displayName, line: 1 },
  );
}

/**
 * Detection, except that a file no reader recognises is read by the generic reader when the user
 * has mapped its voltage and current by hand — which is what the "no known layout" message asks for.
 */
function detectOrMapped(probe: Probe, displayName: string, columns: Record<string, string>): Detection {
  try {
    return detectFormat(probe, displayName);
  } catch (err) {
    if (!(err instanceof CyclekitError) || err.code !== 'E_HEADER' || !columns.voltage || !columns.current) throw err;
    const mapped = Object.entries(columns).map(([field, name]) => `${field}=${name}`).join(', ');
    return { reader: readerById('generic-csv'), reason: `no known layout; read as generic-csv with the columns mapped by --col (${mapped})` };
  }
}

export interface OpenOptions extends ReadOptions {
  format?: string;
}

export interface OpenedStream extends RecordStream {
  /** The input's name for messages ('<stdin>' for standard input). */
  displayName: string;
  /** Where the bytes are: the path, or the copy of standard input. */
  sourcePath: string;
}

/** Open one input (a path, or '-' for standard input) as a canonical record stream. */
export async function openRecords(path: string, options: OpenOptions): Promise<OpenedStream> {
  const displayName = path === '-' ? '<stdin>' : path;
  const real = path === '-' ? await spoolStdin() : path;
  try {
    const probe = await readProbe(real, displayName);
    const detection = options.format ? { reader: readerById(options.format), reason: `forced with --format ${options.format}` } : detectOrMapped(probe, displayName, options.columns);
    const stream = await detection.reader.open(real, displayName, probe, options);
    stream.header.formatReason = detection.reason;
    return { ...stream, displayName, sourcePath: real };
  } catch (err) {
    if (err instanceof CyclekitError && err.file === undefined) err.file = displayName;
    throw err;
  }
}

let stdinCopy: string | null = null;

/**
 * Standard input is copied once to a temporary file so readers can sniff and stream it like
 * any file. The copy is streamed to disk (memory stays at one chunk, whatever the input's
 * size) and removed when the process exits or is killed by SIGINT/SIGTERM/SIGHUP.
 */
async function spoolStdin(): Promise<string> {
  if (stdinCopy) return stdinCopy;
  // Listening first, then creating and registering in one synchronous step: no signal falls between.
  guardTemporaryFiles();
  const dir = mkdtempSync(join(tmpdir(), 'cyclekit-'));
  removeOnExit(dir);
  const file = join(dir, 'stdin');
  try {
    await pipeline(process.stdin, createWriteStream(file, { flags: 'wx' }));
  } catch (err) {
    throw new CyclekitError('E_IO', `cannot copy standard input to a temporary file: ${(err as NodeJS.ErrnoException).code ?? String(err)}`, { file: '<stdin>' });
  }
  stdinCopy = file;
  return file;
}
