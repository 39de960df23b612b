import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { createInflateRaw, inflateRawSync } from 'node:zlib';
import { CyclekitError } from '../../model/errors.js';

/**
 * Just enough of the ZIP container to stream one member of an .xlsx without holding the
 * archive or the inflated member in memory: the central directory is read from the end of
 * the file, and a member's compressed bytes are read from disk and inflated chunk by chunk
 * with Node's own zlib (native; fflate's pure-JS inflate was 3× slower on a 10 MB sheet).
 * Zip64 and encrypted archives are refused (no cycler writes them).
 */
export interface ZipEntry {
  name: string;
  method: number;
  flags: number;
  compressedSize: number;
  size: number;
  localHeaderOffset: number;
}

const EOCD_SIGNATURE = 0x06054b50;
const CENTRAL_SIGNATURE = 0x02014b50;
const LOCAL_SIGNATURE = 0x04034b50;
/** The end-of-central-directory record plus its longest possible comment. */
const EOCD_SEARCH_BYTES = 22 + 0xffff;

export async function readCentralDirectory(path: string, file: string): Promise<ZipEntry[]> {
  const handle = await open(path, 'r');
  try {
    const { size } = await handle.stat();
    const tailLength = Math.min(size, EOCD_SEARCH_BYTES);
    const tail = Buffer.alloc(tailLength);
    await handle.read(tail, 0, tailLength, size - tailLength);
    let eocd = -1;
    for (let i = tailLength - 22; i >= 0; i--) {
      if (tail.readUInt32LE(i) === EOCD_SIGNATURE) {
        eocd = i;
        break;
      }
    }
    if (eocd < 0) throw new CyclekitError('E_CORRUPT', 'ZIP archive (xlsx) without an end-of-central-directory record: the file is truncated or not a workbook', { file });
    const count = tail.readUInt16LE(eocd + 10);
    const cdSize = tail.readUInt32LE(eocd + 12);
    const cdOffset = tail.readUInt32LE(eocd + 16);
    if (count === 0xffff || cdOffset === 0xffffffff) throw new CyclekitError('E_FORMAT', 'Zip64 workbooks are not supported; re-save the workbook with Excel or LibreOffice', { file });
    if (cdOffset + cdSize > size) throw new CyclekitError('E_TRUNCATED', 'the workbook is cut short (central directory beyond the end of the file)', { file });
    const cd = Buffer.alloc(cdSize);
    await handle.read(cd, 0, cdSize, cdOffset);
    const entries: ZipEntry[] = [];
    let p = 0;
    for (let k = 0; k < count; k++) {
      if (p + 46 > cd.length || cd.readUInt32LE(p) !== CENTRAL_SIGNATURE) throw new CyclekitError('E_CORRUPT', 'damaged ZIP central directory in the workbook', { file });
      const nameLength = cd.readUInt16LE(p + 28);
      const extraLength = cd.readUInt16LE(p + 30);
      const commentLength = cd.readUInt16LE(p + 32);
      entries.push({
        flags: cd.readUInt16LE(p + 8),
        method: cd.readUInt16LE(p + 10),
        compressedSize: cd.readUInt32LE(p + 20),
        size: cd.readUInt32LE(p + 24),
        localHeaderOffset: cd.readUInt32LE(p + 42),
        name: cd.toString('utf8', p + 46, p + 46 + nameLength),
      });
      p += 46 + nameLength + extraLength + commentLength;
    }
    return entries;
  } finally {
    await handle.close();
  }
}

async function dataStart(path: string, entry: ZipEntry, file: string): Promise<number> {
  const handle = await open(path, 'r');
  try {
    const local = Buffer.alloc(30);
    await handle.read(local, 0, 30, entry.localHeaderOffset);
    if (local.readUInt32LE(0) !== LOCAL_SIGNATURE) throw new CyclekitError('E_CORRUPT', `damaged ZIP member '${entry.name}' in the workbook`, { file });
    return entry.localHeaderOffset + 30 + local.readUInt16LE(26) + local.readUInt16LE(28);
  } finally {
    await handle.close();
  }
}

/** The member's inflated bytes, chunk by chunk; memory stays at a few read chunks plus zlib's 32 KiB window. */
export async function* streamEntry(path: string, entry: ZipEntry, file: string): AsyncGenerator<Uint8Array> {
  if (entry.flags & 1) throw new CyclekitError('E_FORMAT', 'the workbook is encrypted; save an unprotected copy', { file });
  if (entry.method !== 0 && entry.method !== 8) throw new CyclekitError('E_FORMAT', `ZIP compression method ${entry.method} in '${entry.name}' is not supported (expected deflate)`, { file });
  const start = await dataStart(path, entry, file);
  if (entry.compressedSize === 0) return;
  const stream = createReadStream(path, { start, end: start + entry.compressedSize - 1, highWaterMark: 256 * 1024 });
  if (entry.method === 0) {
    for await (const chunk of stream) yield chunk as Buffer;
    return;
  }
  const inflater = createInflateRaw({ chunkSize: 256 * 1024 });
  stream.on('error', (err) => inflater.destroy(err));
  stream.pipe(inflater);
  try {
    for await (const chunk of inflater) yield chunk as Buffer;
  } catch (err) {
    throw new CyclekitError('E_CORRUPT', `cannot inflate '${entry.name}': ${err instanceof Error ? err.message : String(err)} (the workbook is damaged or truncated)`, { file });
  } finally {
    stream.destroy();
    inflater.destroy();
  }
}

/** A small member (workbook.xml, rels, sharedStrings) as text. */
export async function readEntryText(path: string, entry: ZipEntry, file: string): Promise<string> {
  const decoder = new TextDecoder('utf-8');
  let text = '';
  for await (const chunk of streamEntry(path, entry, file)) text += decoder.decode(chunk, { stream: true });
  return text + decoder.decode();
}

/**
 * Read one member from the first bytes of an archive (the sniff probe) by walking local
 * headers from the start. Returns null when the member is not inside the probe.
 */
export function entryFromProbe(bytes: Uint8Array, wanted: (name: string) => boolean): string | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let p = 0;
  while (p + 30 <= bytes.length && view.getUint32(p, true) === LOCAL_SIGNATURE) {
    const flags = view.getUint16(p + 6, true);
    const method = view.getUint16(p + 8, true);
    const compressedSize = view.getUint32(p + 18, true);
    const nameLength = view.getUint16(p + 26, true);
    const extraLength = view.getUint16(p + 28, true);
    const name = new TextDecoder().decode(bytes.subarray(p + 30, p + 30 + nameLength));
    const start = p + 30 + nameLength + extraLength;
    // Bit 3: sizes follow the data, so the member's end is unknown; inflate can still find it.
    const sized = (flags & 8) === 0 || compressedSize > 0;
    if (wanted(name)) {
      const end = sized ? start + compressedSize : bytes.length;
      if (end > bytes.length && sized) return null;
      try {
        const raw = bytes.subarray(start, end);
        return new TextDecoder().decode(method === 0 ? raw : inflateRawSync(raw, { finishFlush: 2 /* Z_SYNC_FLUSH: tolerate a member cut by the probe's end */ }));
      } catch {
        return null;
      }
    }
    if (!sized) return null;
    p = start + compressedSize;
  }
  return null;
}
