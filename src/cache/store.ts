import { createHash } from 'node:crypto';
import { closeSync, mkdirSync, openSync, readdirSync, readFileSync, readSync, renameSync, rmSync, statSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { deserialize, serialize } from 'node:v8';

/**
 * The parsed-data cache: what reading and folding a file produced, kept on disk so that the
 * second command on the same file skips the parse. An entry is one file:
 *
 *   magic "CYKC1\n" | u32 key length | key JSON | 20-byte SHA-1 of the payload | payload
 *
 * The payload is the value in V8's structured-clone serialisation (typed arrays stay binary).
 * An entry is trusted only when its key JSON equals the one asked for (file identity, reader
 * build, options) and its payload hashes to the recorded SHA-1; anything else is a miss, and
 * the entry is rebuilt. Writes go to a temporary name and are renamed into place, so a reader
 * never sees half an entry.
 */
const MAGIC = Buffer.from('CYKC1\n');
/** Bytes hashed at each end of a source file to tell it apart from an edited copy of the same size and mtime. */
const EDGE_BYTES = 64 * 1024;
const DEFAULT_MAX_BYTES = 2 * 1024 ** 3;

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

export class CacheStore {
  constructor(readonly settings: CacheSettings = cacheSettings()) {}

  private entryPath(keyJson: string): string {
    return join(this.settings.dir, `${createHash('sha1').update(keyJson).digest('hex')}.bin`);
  }

  /** The value stored under `key`, or undefined on a miss (absent, stale, corrupt or unreadable). */
  get<T>(key: object): T | undefined {
    const keyJson = JSON.stringify(key);
    const path = this.entryPath(keyJson);
    let bytes: Buffer;
    try {
      bytes = readFileSync(path);
    } catch {
      return undefined;
    }
    const value = decodeEntry<T>(bytes, keyJson);
    if (value === undefined) {
      removeQuietly(path);
      return undefined;
    }
    // Least-recently-used eviction goes by mtime: a hit makes the entry young again.
    try {
      const now = new Date();
      utimesSync(path, now, now);
    } catch {
      /* a read-only cache still serves hits */
    }
    return value;
  }

  /** Store `value` under `key`; a cache that cannot be written is skipped silently (it is only a cache). */
  put(key: object, value: unknown): void {
    const keyJson = JSON.stringify(key);
    const path = this.entryPath(keyJson);
    const tmp = `${path}.${process.pid}.${Math.random().toString(16).slice(2)}.tmp`;
    try {
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(tmp, encodeEntry(keyJson, value));
      renameSync(tmp, path);
      this.evict();
    } catch {
      removeQuietly(tmp);
    }
  }

  /** Entries (count, bytes) now in the cache. */
  info(): { dir: string; entries: number; bytes: number; maxBytes: number } {
    const entries = this.entries();
    return { dir: this.settings.dir, entries: entries.length, bytes: entries.reduce((n, e) => n + e.size, 0), maxBytes: this.settings.maxBytes };
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
      if (!name.endsWith('.bin')) continue;
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
  private evict(): void {
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

/** Remove a cache file if it can be removed: a cache that cannot be tidied is still only a cache. */
function removeQuietly(path: string): void {
  try {
    rmSync(path, { force: true });
  } catch {
    /* a folder in the way, no permission: leave it */
  }
}

export function encodeEntry(keyJson: string, value: unknown): Buffer {
  const payload = serialize(value);
  const key = Buffer.from(keyJson, 'utf8');
  const len = Buffer.alloc(4);
  len.writeUInt32LE(key.length);
  const digest = createHash('sha1').update(payload).digest();
  return Buffer.concat([MAGIC, len, key, digest, payload]);
}

/** The value of an entry whose key is `keyJson`, or undefined when the bytes are not exactly such an entry. */
export function decodeEntry<T>(bytes: Buffer, keyJson: string): T | undefined {
  const key = Buffer.from(keyJson, 'utf8');
  const keyStart = MAGIC.length + 4;
  const digestStart = keyStart + key.length;
  const payloadStart = digestStart + 20;
  if (bytes.length < payloadStart || !bytes.subarray(0, MAGIC.length).equals(MAGIC)) return undefined;
  if (bytes.readUInt32LE(MAGIC.length) !== key.length || !bytes.subarray(keyStart, digestStart).equals(key)) return undefined;
  const payload = bytes.subarray(payloadStart);
  if (!createHash('sha1').update(payload).digest().equals(bytes.subarray(digestStart, payloadStart))) return undefined;
  try {
    return deserialize(payload) as T;
  } catch {
    return undefined;
  }
}

let buildId: string | undefined;

/**
 * Which build of the readers and folders made a value: the package version, Node's (V8's
 * serialisation is Node's own), and the size and mtime of every compiled module that parses or
 * folds. A rebuilt or upgraded cyclekit never trusts what an older one cached.
 */
export function readerBuildId(): string {
  if (buildId !== undefined) return buildId;
  const root = new URL('..', import.meta.url);
  const hash = createHash('sha1').update(process.version);
  const walk = (dir: string): void => {
    let names: string[];
    try {
      names = readdirSync(dir).sort();
    } catch {
      return;
    }
    for (const name of names) {
      const p = join(dir, name);
      const st = statSync(p);
      if (st.isDirectory()) walk(p);
      else hash.update(`${p}\0${st.size}\0${st.mtimeMs}\n`);
    }
  };
  const rootPath = decodeURIComponent(root.pathname);
  // pipeline/ holds the loading (open, fold in pieces) whose result is what the cache keeps.
  for (const stage of ['ingest', 'segment', 'pipeline', 'model', 'cache', 'math']) walk(join(rootPath, stage));
  try {
    hash.update(readFileSync(join(rootPath, '..', 'package.json')));
  } catch {
    /* no package.json beside the build: the module stats alone */
  }
  buildId = hash.digest('hex');
  return buildId;
}
