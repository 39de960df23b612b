import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { createInflateRaw, inflateRawSync } from 'node:zlib';
import { CyclekitError } from '../../model/errors.js';
import { limit, limitError } from '../../util/limits.js';

/**
 * Just enough of the ZIP container to stream one member of an .xlsx without holding the
 * archive or the inflated member in memory: the central directory is read from the end of
 * the file, and a member's compressed bytes are read from disk and inflated chunk by chunk
 * with Node's own zlib (native; fflate's pure-JS inflate was 3× slower on a 10 MB sheet).
 * Zip64 and encrypted archives are refused (no cycler writes them).
 *
 * An upload may be hostile: every member is checked against its CRC-32 and its declared size
 * as it inflates, and all members of one archive share one budget of inflated bytes
 * (`InflateBudget`), so a zip bomb is refused after a bounded amount of work.
 */
export interface ZipEntry {
  name: string;
  crc32: number;
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
    const names = new Set<string>();
    let p = 0;
    for (let k = 0; k < count; k++) {
      if (p + 46 > cd.length || cd.readUInt32LE(p) !== CENTRAL_SIGNATURE) throw new CyclekitError('E_CORRUPT', 'damaged ZIP central directory in the workbook', { file });
      const nameLength = cd.readUInt16LE(p + 28);
      const extraLength = cd.readUInt16LE(p + 30);
      const commentLength = cd.readUInt16LE(p + 32);
      const name = cd.toString('utf8', p + 46, p + 46 + nameLength);
      // Two members of one name are read differently by different programs: refuse, do not pick one.
      if (names.has(name)) throw new CyclekitError('E_CORRUPT', `the workbook's ZIP archive holds two members named '${name}'`, { file });
      names.add(name);
      entries.push({
        crc32: cd.readUInt32LE(p + 16),
        flags: cd.readUInt16LE(p + 8),
        method: cd.readUInt16LE(p + 10),
        compressedSize: cd.readUInt32LE(p + 20),
        size: cd.readUInt32LE(p + 24),
        localHeaderOffset: cd.readUInt32LE(p + 42),
        name,
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

/**
 * Inflated bytes one archive may yield in all, counted per member name (a member streamed
 * twice counts once): the smaller of the limit and a ratio of the file's size.
 */
export class InflateBudget {
  private readonly perMember = new Map<string, number>();
  private total = 0;
  readonly max: number;
  private readonly byRatio: boolean;

  constructor(fileBytes: number) {
    const absolute = limit('inflatedBytes');
    const relative = limit('inflateRatio') * Math.max(fileBytes, 1 << 16);
    this.byRatio = relative < absolute;
    this.max = Math.min(absolute, relative);
  }

  /** Before inflating: the sizes the directory declares must fit already. */
  checkDeclared(entries: ZipEntry[], file: string): void {
    const declared = entries.reduce((sum, e) => sum + e.size, 0);
    if (declared > this.max) throw this.error(`the archive's members declare ${declared} inflated bytes`, file);
  }

  /** `inflated`: bytes of `name` inflated so far in this pass. */
  charge(name: string, inflated: number, file: string): void {
    const before = this.perMember.get(name) ?? 0;
    if (inflated <= before) return;
    this.total += inflated - before;
    this.perMember.set(name, inflated);
    if (this.total > this.max) throw this.error(`more than ${this.max} bytes inflated from the archive`, file);
  }

  private error(found: string, file: string): CyclekitError {
    return this.byRatio ? limitError('inflateRatio', found, { file }) : limitError('inflatedBytes', found, { file });
  }
}

const CRC_TABLE = (() => {
  const t = new Int32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c;
  }
  return t;
})();

function crcUpdate(crc: number, data: Uint8Array): number {
  let c = crc ^ 0xffffffff;
  for (let i = 0; i < data.length; i++) c = CRC_TABLE[(c ^ data[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/**
 * The member's inflated bytes, chunk by chunk; memory stays at a few read chunks plus zlib's
 * 32 KiB window. The member must inflate to exactly its declared size and CRC-32: damaged
 * bytes inside a sheet otherwise decode to plausible rows with some missing.
 */
export async function* streamEntry(path: string, entry: ZipEntry, file: string, budget: InflateBudget): AsyncGenerator<Uint8Array> {
  if (entry.flags & 1) throw new CyclekitError('E_FORMAT', 'the workbook is encrypted; save an unprotected copy', { file });
  if (entry.method !== 0 && entry.method !== 8) throw new CyclekitError('E_FORMAT', `ZIP compression method ${entry.method} in '${entry.name}' is not supported (expected deflate)`, { file });
  const start = await dataStart(path, entry, file);
  let inflated = 0;
  let crc = 0;
  const damaged = (why: string): CyclekitError => new CyclekitError('E_CORRUPT', `ZIP member '${entry.name}' ${why}: the workbook is damaged or truncated`, { file });
  const take = (chunk: Uint8Array): void => {
    inflated += chunk.length;
    if (inflated > entry.size) throw damaged(`inflates to more than the ${entry.size} bytes its directory entry declares`);
    budget.charge(entry.name, inflated, file);
    crc = crcUpdate(crc, chunk);
  };
  const finish = (): void => {
    if (inflated !== entry.size) throw damaged(`inflates to ${inflated} of the ${entry.size} bytes its directory entry declares`);
    if (crc !== entry.crc32) throw damaged('fails its CRC-32 check');
  };
  if (entry.compressedSize === 0) {
    finish();
    return;
  }
  const stream = createReadStream(path, { start, end: start + entry.compressedSize - 1, highWaterMark: 256 * 1024 });
  if (entry.method === 0) {
    try {
      for await (const chunk of stream) {
        take(chunk as Buffer);
        yield chunk as Buffer;
      }
      finish();
    } finally {
      stream.destroy();
    }
    return;
  }
  const inflater = createInflateRaw({ chunkSize: 256 * 1024 });
  stream.on('error', (err) => inflater.destroy(err));
  stream.pipe(inflater);
  try {
    for await (const chunk of inflater) {
      take(chunk as Buffer);
      yield chunk as Buffer;
    }
    finish();
  } catch (err) {
    if (err instanceof CyclekitError) throw err;
    throw new CyclekitError('E_CORRUPT', `cannot inflate '${entry.name}': ${err instanceof Error ? err.message : String(err)} (the workbook is damaged or truncated)`, { file });
  } finally {
    stream.destroy();
    inflater.destroy();
  }
}

/** A small member (workbook.xml, rels, sharedStrings) as text, refused past the part limit. */
export async function readEntryText(path: string, entry: ZipEntry, file: string, budget: InflateBudget): Promise<string> {
  const max = limit('sheetPartBytes');
  if (entry.size > max) throw limitError('sheetPartBytes', `workbook part '${entry.name}' declares ${entry.size} bytes`, { file }, max);
  const decoder = new TextDecoder('utf-8');
  let text = '';
  for await (const chunk of streamEntry(path, entry, file, budget)) text += decoder.decode(chunk, { stream: true });
  return text + decoder.decode();
}

/** A workbook.xml is a few KB; more inflated from the probe is not one worth sniffing. */
const PROBE_INFLATE_BYTES = 4 * 1024 * 1024;

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
        // The output cap keeps a bomb in the probe from inflating without bound while sniffing.
        return new TextDecoder().decode(method === 0 ? raw : inflateRawSync(raw, { finishFlush: 2 /* Z_SYNC_FLUSH: tolerate a member cut by the probe's end */, maxOutputLength: PROBE_INFLATE_BYTES }));
      } catch {
        return null;
      }
    }
    if (!sized) return null;
    p = start + compressedSize;
  }
  return null;
}
