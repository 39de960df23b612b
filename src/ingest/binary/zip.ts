import { closeSync, createReadStream, fstatSync, openSync, readSync } from 'node:fs';
import { constants as bufferConstants } from 'node:buffer';
import { createInflateRaw, inflateRawSync } from 'node:zlib';
import { CyclekitError } from '../../model/errors.js';
import { limit, limitError } from '../../util/limits.js';
import { crc32 } from './bytes.js';

/**
 * The one ZIP reader, for .xlsx workbooks (members streamed from disk) and Neware .ndax
 * containers (held in memory, members inflated whole). Node's own zlib inflates (native;
 * fflate's pure-JS inflate was 3× slower on a 10 MB sheet).
 *
 * Sizes come from the zip64 extra field when present: Neware writes 0xFFFFFFFF in the 32-bit
 * size fields, which a reader trusting them would take as 4 GiB per member.
 *
 * An upload may be hostile. Before any member inflates, the sizes the directory declares must
 * be plausible for deflate (~1032:1 at most) and fit, together, one budget per archive (the
 * smaller of the inflated-size limit and a ratio of the file's size): a zip bomb is refused in
 * one line. As a member inflates it may not pass its declared size nor the archive's budget,
 * and it must end at exactly its declared size and CRC-32, so damage is reported rather than
 * decoded. Two members of one name, encrypted members and unknown compression are refused.
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
const ZIP64_LOCATOR_SIGNATURE = 0x07064b50;
const ZIP64_EOCD_SIGNATURE = 0x06064b50;
const CENTRAL_SIGNATURE = 0x02014b50;
const LOCAL_SIGNATURE = 0x04034b50;
/** The end-of-central-directory record plus its longest possible comment. */
const EOCD_SEARCH_BYTES = 22 + 0xffff;
/** Deflate cannot expand more than ~1032:1; a larger claim is a damaged directory, not a real size. */
const MAX_DEFLATE_RATIO = 1100;

/** Random access to an archive's bytes, in memory or on disk. */
interface ArchiveBytes {
  size: number;
  read(offset: number, length: number): Uint8Array;
}

function memoryBytes(data: Uint8Array): ArchiveBytes {
  return { size: data.length, read: (offset, length) => data.subarray(offset, offset + length) };
}

/** Only the directory and local headers are read this way: a few small reads per archive. */
function diskBytes(path: string): ArchiveBytes {
  const fd = openSync(path, 'r');
  let size: number;
  try {
    size = fstatSync(fd).size;
  } finally {
    closeSync(fd);
  }
  return {
    size,
    read(offset, length) {
      const out = Buffer.alloc(Math.max(0, Math.min(length, size - offset)));
      const handle = openSync(path, 'r');
      try {
        readSync(handle, out, 0, out.length, offset);
      } finally {
        closeSync(handle);
      }
      return out;
    },
  };
}

const view = (b: Uint8Array): DataView => new DataView(b.buffer, b.byteOffset, b.byteLength);

/**
 * Inflated bytes one archive may yield in all, counted per member name (a member read twice
 * counts once): the smaller of the limit and a ratio of the file's size.
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

/**
 * One opened archive: its directory read and checked, its members inflated on request.
 * `container` names the archive in messages ('workbook', '.ndax container'); `file` is the
 * name errors carry.
 */
export class ZipArchive {
  readonly entries: ZipEntry[];
  private readonly budget: InflateBudget;

  private constructor(
    private readonly bytes: ArchiveBytes,
    private readonly path: string | null,
    readonly file: string,
    readonly container: string,
  ) {
    this.entries = this.readCentralDirectory();
    this.budget = new InflateBudget(bytes.size);
    this.budget.checkDeclared(this.entries, file);
  }

  /** An archive held whole in memory (members are inflated whole with `inflate`). */
  static fromBytes(data: Uint8Array, file: string, container: string): ZipArchive {
    return new ZipArchive(memoryBytes(data), null, file, container);
  }

  /** An archive on disk: members are streamed from the file with `stream`. */
  static fromFile(path: string, file: string, container: string): ZipArchive {
    return new ZipArchive(diskBytes(path), path, file, container);
  }

  private damaged(why: string): CyclekitError {
    return new CyclekitError('E_CORRUPT', `${why}: the ${this.container} is truncated or damaged`, { file: this.file });
  }

  private readCentralDirectory(): ZipEntry[] {
    const { size } = this.bytes;
    const tailStart = Math.max(0, size - EOCD_SEARCH_BYTES);
    const tail = this.bytes.read(tailStart, size - tailStart);
    const t = view(tail);
    let eocd = -1;
    for (let i = tail.length - 22; i >= 0; i--) {
      if (t.getUint32(i, true) === EOCD_SIGNATURE) {
        eocd = i;
        break;
      }
    }
    if (eocd < 0) throw new CyclekitError('E_CORRUPT', `ZIP archive (${this.container}) without an end-of-central-directory record: the file is truncated or damaged, or not a ${this.container}`, { file: this.file });
    let count = t.getUint16(eocd + 10, true);
    let cdSize = t.getUint32(eocd + 12, true);
    let cdOffset = t.getUint32(eocd + 16, true);
    if (count === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) {
      // zip64: a locator just before the classic record points at the 64-bit record.
      const locatorAt = tailStart + eocd - 20;
      const locator = locatorAt >= 0 ? view(this.bytes.read(locatorAt, 20)) : null;
      if (!locator || locator.byteLength < 20 || locator.getUint32(0, true) !== ZIP64_LOCATOR_SIGNATURE) throw this.damaged('zip64 directory locator missing');
      const recordAt = Number(locator.getBigUint64(8, true));
      const record = view(this.bytes.read(recordAt, 56));
      if (record.byteLength < 56 || record.getUint32(0, true) !== ZIP64_EOCD_SIGNATURE) throw this.damaged('zip64 directory record missing');
      count = Number(record.getBigUint64(32, true));
      cdSize = Number(record.getBigUint64(40, true));
      cdOffset = Number(record.getBigUint64(48, true));
    }
    if (cdOffset + cdSize > size) throw new CyclekitError('E_TRUNCATED', `the ${this.container} is cut short (central directory beyond the end of the file)`, { file: this.file });
    const cd = this.bytes.read(cdOffset, cdSize);
    const d = view(cd);
    const entries: ZipEntry[] = [];
    const names = new Set<string>();
    let p = 0;
    for (let k = 0; k < count; k++) {
      if (p + 46 > cd.length || d.getUint32(p, true) !== CENTRAL_SIGNATURE) throw this.damaged(`ZIP directory entry ${k + 1} is damaged`);
      const nameLength = d.getUint16(p + 28, true);
      const extraLength = d.getUint16(p + 30, true);
      const commentLength = d.getUint16(p + 32, true);
      if (p + 46 + nameLength + extraLength > cd.length) throw this.damaged(`ZIP directory entry ${k + 1} is damaged`);
      const name = new TextDecoder('utf-8').decode(cd.subarray(p + 46, p + 46 + nameLength));
      // Two members of one name are read differently by different programs: refuse, do not pick one.
      if (names.has(name)) throw new CyclekitError('E_CORRUPT', `the ${this.container}'s ZIP archive holds two members named '${name}'`, { file: this.file });
      names.add(name);
      let compressedSize = d.getUint32(p + 20, true);
      let entrySize = d.getUint32(p + 24, true);
      let localHeaderOffset = d.getUint32(p + 42, true);
      // zip64 extra field (id 1): the 64-bit values, in order, for each 32-bit field set to 0xFFFFFFFF.
      for (let e = p + 46 + nameLength, end = e + extraLength; e + 4 <= end; ) {
        const id = d.getUint16(e, true);
        const len = d.getUint16(e + 2, true);
        if (id === 1) {
          let q = e + 4;
          const u64 = (): number => {
            if (q + 8 > end) throw this.damaged(`member ${name}: zip64 field is damaged`);
            const v = Number(d.getBigUint64(q, true));
            q += 8;
            return v;
          };
          if (entrySize === 0xffffffff) entrySize = u64();
          if (compressedSize === 0xffffffff) compressedSize = u64();
          if (localHeaderOffset === 0xffffffff) localHeaderOffset = u64();
        }
        e += 4 + len;
      }
      if (entrySize > MAX_DEFLATE_RATIO * compressedSize + 1024) throw this.damaged(`member ${name} claims ${entrySize} bytes from ${compressedSize} compressed`);
      entries.push({
        name,
        crc32: d.getUint32(p + 16, true),
        flags: d.getUint16(p + 8, true),
        method: d.getUint16(p + 10, true),
        compressedSize,
        size: entrySize,
        localHeaderOffset,
      });
      p += 46 + nameLength + extraLength + commentLength;
    }
    return entries;
  }

  /** Where the member's compressed bytes start, checked to lie inside the file. */
  private dataStart(entry: ZipEntry): number {
    if (entry.flags & 1) throw new CyclekitError('E_FORMAT', `the ${this.container} is encrypted; save an unprotected copy`, { file: this.file });
    if (entry.method !== 0 && entry.method !== 8) throw new CyclekitError('E_FORMAT', `ZIP compression method ${entry.method} in '${entry.name}' is not supported (expected deflate)`, { file: this.file });
    const local = this.bytes.read(entry.localHeaderOffset, 30);
    const l = view(local);
    if (local.length < 30 || l.getUint32(0, true) !== LOCAL_SIGNATURE) throw this.damaged(`ZIP member '${entry.name}': local header is damaged`);
    const start = entry.localHeaderOffset + 30 + l.getUint16(26, true) + l.getUint16(28, true);
    if (start + entry.compressedSize > this.bytes.size) throw this.damaged(`ZIP member '${entry.name}' runs past the end of the file`);
    return start;
  }

  /** Counts a member's bytes as they inflate: size, budget and CRC-32. */
  private tally(entry: ZipEntry): { take(chunk: Uint8Array): void; finish(): void } {
    let inflated = 0;
    let crc = 0;
    const damaged = (why: string): CyclekitError => this.damaged(`ZIP member '${entry.name}' ${why}`);
    return {
      take: (chunk) => {
        inflated += chunk.length;
        if (inflated > entry.size) throw damaged(`inflates to more than the ${entry.size} bytes its directory entry declares`);
        this.budget.charge(entry.name, inflated, this.file);
        crc = crc32(chunk, crc);
      },
      finish: () => {
        if (inflated !== entry.size) throw damaged(`inflates to ${inflated} of the ${entry.size} bytes its directory entry declares`);
        if (crc !== entry.crc32) throw damaged('fails its CRC-32 check');
      },
    };
  }

  /** The member inflated whole (an archive held in memory; its declared sizes fit the budget). */
  inflate(entry: ZipEntry): Uint8Array {
    const start = this.dataStart(entry);
    const raw = this.bytes.read(start, entry.compressedSize);
    const tally = this.tally(entry);
    let content: Uint8Array;
    if (entry.method === 0) content = raw;
    else {
      try {
        // One byte past the declared size is enough to know the member lies about it.
        content = inflateRawSync(raw, { maxOutputLength: Math.min(entry.size + 1, bufferConstants.MAX_LENGTH) });
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') throw this.damaged(`ZIP member '${entry.name}' inflates to more than the ${entry.size} bytes its directory entry declares`);
        throw this.damaged(`ZIP member '${entry.name}' does not inflate (${err instanceof Error ? err.message : String(err)})`);
      }
    }
    tally.take(content);
    tally.finish();
    return content;
  }

  /** Every member inflated whole, by name. */
  inflateAll(): Record<string, Uint8Array> {
    const out: Record<string, Uint8Array> = {};
    for (const entry of this.entries) out[entry.name] = this.inflate(entry);
    return out;
  }

  /**
   * The member's inflated bytes, chunk by chunk, from disk; memory stays at a few read chunks
   * plus zlib's 32 KiB window.
   */
  async *stream(entry: ZipEntry): AsyncGenerator<Uint8Array> {
    if (this.path === null) {
      yield this.inflate(entry);
      return;
    }
    const start = this.dataStart(entry);
    const tally = this.tally(entry);
    if (entry.compressedSize === 0) {
      tally.finish();
      return;
    }
    const stream = createReadStream(this.path, { start, end: start + entry.compressedSize - 1, highWaterMark: 256 * 1024 });
    if (entry.method === 0) {
      try {
        for await (const chunk of stream) {
          tally.take(chunk as Buffer);
          yield chunk as Buffer;
        }
        tally.finish();
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
        tally.take(chunk as Buffer);
        yield chunk as Buffer;
      }
      tally.finish();
    } catch (err) {
      if (err instanceof CyclekitError) throw err;
      throw this.damaged(`cannot inflate '${entry.name}': ${err instanceof Error ? err.message : String(err)}`);
    } finally {
      stream.destroy();
      inflater.destroy();
    }
  }

  /** A small member (workbook.xml, rels, sharedStrings) as text, refused past the part limit. */
  async text(entry: ZipEntry): Promise<string> {
    const max = limit('sheetPartBytes');
    if (entry.size > max) throw limitError('sheetPartBytes', `${this.container} part '${entry.name}' declares ${entry.size} bytes`, { file: this.file }, max);
    const decoder = new TextDecoder('utf-8');
    let text = '';
    for await (const chunk of this.stream(entry)) text += decoder.decode(chunk, { stream: true });
    return text + decoder.decode();
  }
}

/** A workbook.xml is a few KB; more inflated from the probe is not one worth sniffing. */
const PROBE_INFLATE_BYTES = 4 * 1024 * 1024;

/**
 * Read one member from the first bytes of an archive (the sniff probe) by walking local
 * headers from the start: sniffing sees only the probe, never the directory at the end.
 * Returns null when the member is not inside the probe.
 */
export function entryFromProbe(bytes: Uint8Array, wanted: (name: string) => boolean): string | null {
  const v = view(bytes);
  let p = 0;
  while (p + 30 <= bytes.length && v.getUint32(p, true) === LOCAL_SIGNATURE) {
    const flags = v.getUint16(p + 6, true);
    const method = v.getUint16(p + 8, true);
    const compressedSize = v.getUint32(p + 18, true);
    const nameLength = v.getUint16(p + 26, true);
    const extraLength = v.getUint16(p + 28, true);
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
