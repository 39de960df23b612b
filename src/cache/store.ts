import { createHash } from 'node:crypto';
import { closeSync, fstatSync, mkdirSync, openSync, readdirSync, readFileSync, readSync, renameSync, rmSync, statSync, unlinkSync, utimesSync, writeSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { crc32 } from 'node:zlib';

/**
 * The parsed-data cache: what reading and folding a file produced, kept on disk so that the
 * second command on the same file skips the parse. An entry is one file (integers little-endian):
 *
 *   magic "CYKC2\n" | u32 key length | key JSON
 *   | u32 meta length | u32 block count | SHA-1 (20 bytes) of meta + block table
 *   | block table: per block, u32 length and u32 CRC-32 | meta | zero padding to a multiple of 8
 *   | blocks, each padded with zeros to a multiple of 8
 *
 * The meta is what every use of the entry reads; blocks are read only when asked for, one at a
 * time or in runs, so a command that needs a few of them (dQ/dV of one cycle) never reads the
 * rest. Every block starts at a multiple of 8 from the start of the file, so a block read into
 * fresh memory can be viewed as Float64Array without a copy. The store does not know what meta
 * and blocks mean (src/pipeline/step-columns.ts does).
 *
 * An entry is trusted only when its key JSON equals the one asked for (file identity, reader
 * build, options), its meta and block table hash to the recorded SHA-1, and each block read
 * has the recorded CRC-32; anything else is a miss, and the entry is removed and rebuilt.
 * Writes go to a temporary name and are renamed into place, so a reader never sees half an entry.
 */
const MAGIC = Buffer.from('CYKC2\n');
/** Bytes hashed at each end of a source file to tell it apart from an edited copy of the same size and mtime. */
const EDGE_BYTES = 64 * 1024;
const DEFAULT_MAX_BYTES = 2 * 1024 ** 3;
/** File name ending of an output-cache entry (src/cache/outputs.ts), kept under the same cap. */
export const OUTPUT_ENTRY_SUFFIX = '.out';

export interface CacheSettings {
  dir: string;
  maxBytes: number;
}

/** Where the cache lives and how large it may grow: CYCLEKIT_CACHE_DIR, else $XDG_CACHE_HOME/cyclekit, else ~/.cache/cyclekit. */
export function cacheSettings(env: NodeJS.ProcessEnv = process.env): CacheSettings {
  const dir = env.CYCLEKIT_CACHE_DIR || join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'cyclekit');
  const mb = Number(env.CYCLEKIT_CACHE_MAX_MB);
  return { dir: resolve(dir), maxBytes: Number.isFinite(mb) && mb > 0 ? mb * 1024 * 1024 : DEFAULT_MAX_BYTES };
}

/** CYCLEKIT_CACHE=off (or 0, no, false) turns the cache off for every command, as --no-cache does for one. */
export function cacheDisabledByEnv(env: NodeJS.ProcessEnv = process.env): boolean {
  return /^(off|0|no|false)$/i.test(env.CYCLEKIT_CACHE ?? '');
}

/** What makes a cached value valid for one source file: its identity on disk and the edges of its content. */
export function sourceIdentity(path: string): Record<string, string | number> | null {
  let st;
  try {
    st = statSync(path);
  } catch {
    return null;
  }
  if (!st.isFile()) return null;
  const hash = createHash('sha1');
  const fd = openSync(path, 'r');
  try {
    const head = Buffer.alloc(Math.min(EDGE_BYTES, st.size));
    readSync(fd, head, 0, head.length, 0);
    hash.update(head);
    if (st.size > EDGE_BYTES) {
      const tail = Buffer.alloc(Math.min(EDGE_BYTES, st.size - EDGE_BYTES));
      readSync(fd, tail, 0, tail.length, st.size - tail.length);
      hash.update(tail);
    }
  } finally {
    closeSync(fd);
  }
  return { path: resolve(path), size: st.size, mtimeMs: st.mtimeMs, ino: st.ino, edges: hash.digest('hex') };
}

/**
 * What an entry holds: meta read whole by every use, and blocks read only when asked for. A
 * block is given as its parts (a step's four point arrays), written one after the other
 * without first being copied into one buffer. Blocks are asked for by index, twice and in
 * order (once for the table's CRCs, once to write them), so they need not all be in memory
 * at once: an array of blocks will do, and so will blocks read back from disk one at a time.
 */
export interface EntryContent {
  meta: Uint8Array;
  blocks: { readonly length: number; at(index: number): readonly Uint8Array[] | undefined };
}

/** An entry found and verified up to its meta; its blocks are read (and checked) on demand. */
export interface CacheEntry {
  meta: Buffer;
  blockCount: number;
  /**
   * The blocks at `indices` (ascending), each in memory of its own 8-aligned ArrayBuffer run, or
   * undefined when a block is unreadable or fails its CRC (the entry is then removed).
   */
  readBlocks(indices: readonly number[]): Uint8Array[] | undefined;
  /** Length in bytes of block `index`, from the verified table (0 for an index past the end). */
  blockLength(index: number): number;
  /** Release the open file; the entry's blocks cannot be read after this. */
  close(): void;
}

export class CacheStore {
  constructor(readonly settings: CacheSettings = cacheSettings()) {}

  private entryPath(keyJson: string): string {
    return join(this.settings.dir, `${createHash('sha1').update(keyJson).digest('hex')}.bin`);
  }

  /** The entry stored under `key`, or undefined on a miss (absent, stale, corrupt or unreadable). */
  open(key: object): CacheEntry | undefined {
    const keyJson = JSON.stringify(key);
    const path = this.entryPath(keyJson);
    let fd: number;
    try {
      fd = openSync(path, 'r');
    } catch {
      return undefined;
    }
    const entry = openEntry(fd, keyJson, () => removeQuietly(path));
    if (entry === undefined) {
      closeSync(fd);
      removeQuietly(path);
      return undefined;
    }
    markUsed(path);
    return entry;
  }

  /** Store `content` under `key`; a cache that cannot be written is skipped silently (it is only a cache). */
  put(key: object, content: EntryContent): void {
    const keyJson = JSON.stringify(key);
    const path = this.entryPath(keyJson);
    const tmp = `${path}.${process.pid}.${Math.random().toString(16).slice(2)}.tmp`;
    try {
      mkdirSync(dirname(path), { recursive: true });
      writeEntry(tmp, keyJson, content);
      renameSync(tmp, path);
      this.evict();
    } catch {
      removeQuietly(tmp);
    }
  }

  /** Entries (count, bytes) now in the cache; `outputs` of them are finished command outputs. */
  info(): { dir: string; entries: number; outputs: number; bytes: number; maxBytes: number } {
    const entries = this.entries();
    const outputs = entries.filter((e) => e.path.endsWith(OUTPUT_ENTRY_SUFFIX)).length;
    return { dir: this.settings.dir, entries: entries.length, outputs, bytes: entries.reduce((n, e) => n + e.size, 0), maxBytes: this.settings.maxBytes };
  }

  /** Remove every entry; returns how many were removed. */
  clear(): number {
    const entries = this.entries();
    for (const e of entries) removeQuietly(e.path);
    return entries.length;
  }

  private entries(): { path: string; size: number; mtimeMs: number }[] {
    let names: string[];
    try {
      names = readdirSync(this.settings.dir);
    } catch {
      return [];
    }
    const out: { path: string; size: number; mtimeMs: number }[] = [];
    for (const name of names) {
      // .bin: parsed data (this file); .out: finished command outputs (outputs.ts). One cap for both.
      if (!name.endsWith('.bin') && !name.endsWith(OUTPUT_ENTRY_SUFFIX)) continue;
      const path = join(this.settings.dir, name);
      try {
        const st = statSync(path);
        out.push({ path, size: st.size, mtimeMs: st.mtimeMs });
      } catch {
        /* removed meanwhile by another process */
      }
    }
    return out;
  }

  /** Drop the least recently used entries until the cache fits its size cap. */
  evict(): void {
    const entries = this.entries().sort((a, b) => a.mtimeMs - b.mtimeMs);
    let total = entries.reduce((n, e) => n + e.size, 0);
    for (const e of entries) {
      if (total <= this.settings.maxBytes) break;
      try {
        unlinkSync(e.path);
        total -= e.size;
      } catch {
        /* another process got there first */
      }
    }
  }
}

/**
 * Least-recently-used eviction goes by mtime: a hit makes the entry young again. The clock is
 * read in whole milliseconds while file times have nanoseconds: one millisecond on top keeps a
 * hit younger than an entry written earlier in the same millisecond.
 */
export function markUsed(path: string): void {
  try {
    const now = (Date.now() + 1) / 1000;
    utimesSync(path, now, now);
  } catch {
    /* a read-only cache still serves hits */
  }
}

/** Remove a cache file if it can be removed: a cache that cannot be tidied is still only a cache. */
export function removeQuietly(path: string): void {
  try {
    rmSync(path, { force: true });
  } catch {
    /* a folder in the way, no permission: leave it */
  }
}

const DIGEST_BYTES = 20;
const WRITE_BUFFER_BYTES = 1 << 20;
const padTo8 = (n: number): number => (n + 7) & ~7;

/** Write an entry (layout above) to `path` part by part: no copy of the whole entry is ever made. */
function writeEntry(path: string, keyJson: string, content: EntryContent): void {
  const key = Buffer.from(keyJson, 'utf8');
  const { meta, blocks } = content;
  const fixed = Buffer.alloc(12);
  fixed.writeUInt32LE(key.length, 0);
  fixed.writeUInt32LE(meta.length, 4);
  fixed.writeUInt32LE(blocks.length, 8);
  const table = Buffer.alloc(blocks.length * 8);
  for (let i = 0; i < blocks.length; i++) {
    let length = 0;
    let crc = 0;
    for (const p of blocks.at(i) ?? []) {
      length += p.length;
      crc = crc32(p, crc);
    }
    table.writeUInt32LE(length, i * 8);
    table.writeUInt32LE(crc, i * 8 + 4);
  }
  const digest = createHash('sha1').update(meta).update(table).digest();
  const headLength = MAGIC.length + 4 + key.length + 8 + DIGEST_BYTES + table.length + meta.length;
  const zeros = new Uint8Array(8);
  const fd = openSync(path, 'w');
  try {
    const write = (bytes: Uint8Array): void => {
      for (let done = 0; done < bytes.length; ) done += writeSync(fd, bytes, done);
    };
    // Small parts (a step's points are a few KB) gather into one write: a write call per part
    // was 160,000 calls for a 10,000-cycle file.
    const buffer = Buffer.alloc(WRITE_BUFFER_BYTES);
    let buffered = 0;
    const put = (bytes: Uint8Array): void => {
      if (buffered + bytes.length > buffer.length) {
        write(buffer.subarray(0, buffered));
        buffered = 0;
      }
      if (bytes.length > buffer.length) write(bytes);
      else {
        buffer.set(bytes, buffered);
        buffered += bytes.length;
      }
    };
    for (const part of [MAGIC, fixed.subarray(0, 4), key, fixed.subarray(4, 12), digest, table, meta, zeros.subarray(0, padTo8(headLength) - headLength)]) put(part);
    for (let i = 0; i < blocks.length; i++) {
      for (const p of blocks.at(i) ?? []) put(p);
      const length = table.readUInt32LE(i * 8);
      put(zeros.subarray(0, padTo8(length) - length));
    }
    write(buffer.subarray(0, buffered));
  } finally {
    closeSync(fd);
  }
}

/** Read exactly `into.length` bytes at `position` into `into`, or false when the file is shorter. */
export function readExactly(fd: number, into: Uint8Array, position: number): boolean {
  let done = 0;
  while (done < into.length) {
    const n = readSync(fd, into, done, into.length - done, position + done);
    if (n === 0) return false;
    done += n;
  }
  return true;
}

/** An entry of key `keyJson` on `fd`, verified up to its meta, or undefined when it is not exactly such an entry. */
function openEntry(fd: number, keyJson: string, discard: () => void): CacheEntry | undefined {
  const key = Buffer.from(keyJson, 'utf8');
  const keyStart = MAGIC.length + 4;
  const fixedStart = keyStart + key.length;
  const digestStart = fixedStart + 8;
  const tableStart = digestStart + DIGEST_BYTES;
  const prefix = Buffer.alloc(tableStart);
  try {
    if (!readExactly(fd, prefix, 0)) return undefined;
  } catch {
    return undefined;
  }
  if (!prefix.subarray(0, MAGIC.length).equals(MAGIC)) return undefined;
  if (prefix.readUInt32LE(MAGIC.length) !== key.length || !prefix.subarray(keyStart, fixedStart).equals(key)) return undefined;
  const metaLength = prefix.readUInt32LE(fixedStart);
  const blockCount = prefix.readUInt32LE(fixedStart + 4);
  // Lengths are read before the hash can vouch for them: a damaged one larger than the file is a
  // miss, not an allocation of gigabytes (or a RangeError that would fail every later run).
  if (tableStart + blockCount * 8 + metaLength > fstatSync(fd).size) return undefined;
  const tableAndMeta = Buffer.alloc(blockCount * 8 + metaLength);
  try {
    if (!readExactly(fd, tableAndMeta, tableStart)) return undefined;
  } catch {
    return undefined;
  }
  const table = tableAndMeta.subarray(0, blockCount * 8);
  const meta = tableAndMeta.subarray(blockCount * 8);
  const digest = createHash('sha1').update(meta).update(table).digest();
  if (!digest.equals(prefix.subarray(digestStart, tableStart))) return undefined;
  const offsets = new Float64Array(blockCount + 1);
  offsets[0] = padTo8(tableStart + tableAndMeta.length);
  for (let i = 0; i < blockCount; i++) offsets[i + 1] = offsets[i]! + padTo8(table.readUInt32LE(i * 8));
  let open = true;
  const fail = (): undefined => {
    if (open) closeSync(fd);
    open = false;
    discard();
    return undefined;
  };
  return {
    meta,
    blockCount,
    readBlocks(indices) {
      if (!open) return undefined;
      const out: Uint8Array[] = [];
      // Consecutive blocks are read in one go: the whole file's points are one read, not thousands.
      for (let k = 0; k < indices.length; ) {
        let end = k + 1;
        while (end < indices.length && indices[end] === indices[end - 1]! + 1) end++;
        const first = indices[k]!;
        const last = indices[end - 1]!;
        if (first < 0 || last >= blockCount) return fail();
        const run = new Uint8Array(offsets[last + 1]! - offsets[first]!);
        try {
          if (!readExactly(fd, run, offsets[first]!)) return fail();
        } catch {
          return fail();
        }
        for (let i = first; i <= last; i++) {
          const block = run.subarray(offsets[i]! - offsets[first]!, offsets[i]! - offsets[first]! + table.readUInt32LE(i * 8));
          if (crc32(block) !== table.readUInt32LE(i * 8 + 4)) return fail();
          out.push(block);
        }
        k = end;
      }
      return out;
    },
    blockLength(index) {
      return index >= 0 && index < blockCount ? table.readUInt32LE(index * 8) : 0;
    },
    close() {
      if (open) closeSync(fd);
      open = false;
    },
  };
}

const buildIds = new Map<string, string>();

/**
 * Which build of the readers and folders made a value: the package version, Node's (V8's
 * serialisation is Node's own), and the size and mtime of every compiled module that parses or
 * folds. A rebuilt or upgraded cyclekit never trusts what an older one cached.
 */
export function readerBuildId(): string {
  // pipeline/ holds the loading (open, fold in pieces) whose result is what the cache keeps.
  return buildIdOf(['ingest', 'segment', 'pipeline', 'model', 'cache', 'math']);
}

/**
 * The same over the whole build and the bundled reference data: what a finished command
 * output (src/cache/outputs.ts) depends on, rendering included.
 */
export function wholeBuildId(): string {
  return buildIdOf(['.', '../src/references']);
}

/** Node's version, package.json, and the size and mtime of every file below `stages` (folders of the build). */
function buildIdOf(stages: readonly string[]): string {
  const memo = stages.join('\0');
  const known = buildIds.get(memo);
  if (known !== undefined) return known;
  const hash = createHash('sha1').update(process.version);
  const walk = (dir: string): void => {
    let names: string[];
    try {
      names = readdirSync(dir).sort();
    } catch {
      return;
    }
    for (const name of names) {
      // Declaration files change nothing that runs; skipping them halves the stats.
      if (name.endsWith('.d.ts')) continue;
      const p = join(dir, name);
      const st = statSync(p);
      if (st.isDirectory()) walk(p);
      else hash.update(`${p}\0${st.size}\0${st.mtimeMs}\n`);
    }
  };
  const rootPath = decodeURIComponent(new URL('..', import.meta.url).pathname);
  for (const stage of stages) walk(join(rootPath, stage));
  try {
    hash.update(readFileSync(join(rootPath, '..', 'package.json')));
  } catch {
    /* no package.json beside the build: the module stats alone */
  }
  const id = hash.digest('hex');
  buildIds.set(memo, id);
  return id;
}
