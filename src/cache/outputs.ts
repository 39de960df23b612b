import { createHash, randomBytes } from 'node:crypto';
import { crc32 } from 'node:zlib';
import { closeSync, fstatSync, mkdirSync, openSync, readdirSync, readSync, renameSync, statSync, writeSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { CacheStore, cacheDisabledByEnv, cacheSettings, markUsed, OUTPUT_ENTRY_SUFFIX, readExactly, removeQuietly, sourceIdentity, wholeBuildId, type CacheSettings } from './store.js';
import { CyclekitError } from '../model/errors.js';
import type { FileAccessLog } from '../util/file-access.js';
import { removeOnExit } from '../util/temp-files.js';

/**
 * The output cache: a command's finished output (stdout, stderr, exit code) kept beside the
 * parsed data, so that running the same command on the same, unchanged files again prints it
 * without parsing or analysing anything. An entry is replayed only when all of these are as
 * they were when it was made (they form its key, or are checked against its trailer):
 *
 * - the command line, word for word, and the working directory;
 * - every file named on it (size, mtime, inode, the SHA-1 of its first and last 64 KiB) and
 *   the listing of every folder holding one (each entry's name, size, mtime and inode: a
 *   sidecar or a split test's next part that appears, changes or goes is seen);
 * - the side files the run read from elsewhere (a reference or spec named in a sidecar);
 * - the environment (all of it, less a few variables that change with every shell), whether
 *   stdout and stderr are terminals and how wide, and the whole build of cyclekit.
 *
 * A run is stored only when it printed and nothing else: it wrote no file, none of its work
 * ran on a worker thread this process cannot see, it exited 0 or 1, and the files it read did
 * not change while it ran. Layout of an entry, `<sha1 of the key>.out`:
 *
 *   stdout bytes | trailer JSON | u32 LE CRC-32 of the trailer | u32 LE trailer length | magic "CYKO2\n"
 *
 * The trailer holds the key, the exit code, stderr (with where in stdout each part came), the
 * stdout length and its CRC-32, and the side files' states. An entry whose trailer, key, side
 * files or stdout hash do not match is removed, and the command runs.
 */
const MAGIC = Buffer.from('CYKO2\n');
/**
 * Commands whose whole effect is what they print (and -o files, which are never stored), the
 * same every time. Not `check`: its JUnit report carries the time it ran and how long it took.
 */
const REPLAYABLE = new Set(['summary', 'report', 'retention', 'rate', 'energy', 'dqdv', 'dvdq', 'windows', 'peaks', 'compare', 'inspect']);
/** Words after which a run is not replayed: no cache asked for, traces, help, standard input. */
const NOT_REPLAYED = new Set(['--no-cache', '--debug', '-h', '--help', '-V', '--version', '-']);
/** Variables that differ between two shells of the same user without changing any output. */
const VOLATILE_ENV = /^(_|OLDPWD|PWD|SHLVL|TERM_SESSION_ID|WINDOWID|SSH_.*|GPG_TTY|DBUS_SESSION_BUS_ADDRESS|XDG_SESSION_.*|XDG_RUNTIME_DIR|TMUX_PANE|STY|WT_SESSION|KITTY_WINDOW_ID|VSCODE_.*)$/;
/** A folder with more entries than this is not listed (too slow to check every time): its files' outputs are not kept. */
const MAX_FOLDER_ENTRIES = 5000;
/** Outputs larger than this are not kept: they would push the parsed data out of the cache for little gain. */
const MAX_STDOUT_SHARE = 4;
const MAX_STDOUT_BYTES = 256 * 1024 * 1024;
const MAX_STDERR_CHARS = 1 << 20;
const CHUNK_BYTES = 1 << 20;

export interface TerminalState {
  stdoutIsTTY: boolean;
  stdoutColumns: number | null;
  stderrIsTTY: boolean;
}

/** A command line the output cache may answer: its key and the entry's path. */
export interface OutputRequest {
  keyJson: string;
  path: string;
  settings: CacheSettings;
}

/**
 * The request for `args` (the words after `cyclekit`), or null when this run is not one the
 * output cache answers or keeps: another command, a word in NOT_REPLAYED, no file named, a
 * folder or a pipe named, the cache off (CYCLEKIT_CACHE or CYCLEKIT_OUTPUT_CACHE).
 */
export function outputRequest(args: readonly string[], env: NodeJS.ProcessEnv, terminal: TerminalState, cwd: string): OutputRequest | null {
  if (cacheDisabledByEnv(env) || /^(off|0|no|false)$/i.test(env.CYCLEKIT_OUTPUT_CACHE ?? '')) return null;
  if (!REPLAYABLE.has(args[0] ?? '') || args.some((a) => NOT_REPLAYED.has(a))) return null;
  const inputs = inputStates(args, cwd);
  if (inputs === null || inputs.files.length === 0) return null;
  const environment = Object.keys(env)
    .filter((name) => !VOLATILE_ENV.test(name))
    .sort()
    .map((name) => [name, env[name]]);
  const keyJson = JSON.stringify({ args, cwd, environment, terminal, build: wholeBuildId(), ...inputs });
  const settings = cacheSettings(env);
  return { keyJson, settings, path: join(settings.dir, `${createHash('sha1').update(keyJson).digest('hex')}${OUTPUT_ENTRY_SUFFIX}`) };
}

/** The files a command line names (a word, or the value of --flag=value) and their folders, or null when one is not a regular file. */
function inputStates(args: readonly string[], cwd: string): { files: object[]; folders: object[] } | null {
  const files: object[] = [];
  const folders = new Map<string, object>();
  for (const word of args.slice(1)) {
    const candidates = word.startsWith('--') && word.includes('=') ? [word.slice(word.indexOf('=') + 1)] : [word];
    for (const candidate of candidates) {
      if (candidate === '') continue;
      const path = resolve(cwd, candidate);
      const st = statSync(path, { throwIfNoEntry: false });
      if (st === undefined) continue; // a flag, a number, a cycle list: not a path
      // A folder is expanded into files by rules of its own, and a pipe (<(…)) is read once: neither is kept.
      if (!st.isFile()) return null;
      const identity = sourceIdentity(path);
      if (identity === null) return null;
      files.push(identity);
      const folder = dirname(path);
      if (!folders.has(folder)) {
        const listing = folderListing(folder);
        if (listing === null) return null;
        folders.set(folder, listing);
      }
    }
  }
  return { files, folders: [...folders.values()] };
}

/** A folder's entries with their size, mtime and inode, hashed; null when it cannot be listed or is too large to list every time. */
function folderListing(folder: string): object | null {
  let names: string[];
  try {
    names = readdirSync(folder).sort();
  } catch {
    return null;
  }
  if (names.length > MAX_FOLDER_ENTRIES) return null;
  const hash = createHash('sha1');
  for (const name of names) {
    const st = statSync(join(folder, name), { throwIfNoEntry: false });
    // A subfolder counts by name only: the parsed-data cache may live in one and change at every run.
    if (st === undefined || st.isDirectory()) hash.update(`${name}\0\n`);
    else hash.update(`${name}\0${st.size}\0${st.mtimeMs}\0${st.ino}\n`);
  }
  return { folder, entries: hash.digest('hex') };
}

/** A side file's state: its identity, or absent. */
function sideFileState(path: string): object | string {
  return sourceIdentity(path) ?? (statSync(path, { throwIfNoEntry: false }) === undefined ? 'absent' : 'not a file');
}

/** Text written to stderr after `at` bytes of stdout: a replay keeps the two streams' order. */
interface StderrPart {
  at: number;
  text: string;
}

interface Trailer {
  key: string;
  exitCode: number;
  stderr: StderrPart[];
  stdoutBytes: number;
  /** CRC-32 of stdout: against a damaged entry, as the parsed-data cache's blocks. */
  stdoutCrc: number;
  sideFiles: { path: string; state: object | string }[];
}

/** A verified entry, ready to print. */
export interface Replay {
  exitCode: number;
  /**
   * Print what the run printed, in its order: stdout's bytes in pieces through `out`, stderr
   * through `err`. With `drained` (resolving once `out` has handed a piece on), the pieces share
   * one buffer that is refilled only then; without it, each piece is a buffer of its own.
   */
  play(out: (bytes: Buffer) => void, err: (text: string) => void, drained?: () => Promise<void>): Promise<void>;
}

/** The stored output for `request`, verified (trailer, key, side files, stdout CRC), or undefined on a miss. */
export function findOutput(request: OutputRequest): Replay | undefined {
  let fd: number;
  try {
    fd = openSync(request.path, 'r');
  } catch {
    return undefined;
  }
  try {
    const trailer = readTrailer(fd);
    if (trailer === undefined || trailer.key !== request.keyJson) return discard(fd, request.path);
    if (trailer.sideFiles.some((f) => JSON.stringify(sideFileState(f.path)) !== JSON.stringify(f.state))) return discard(fd, request.path);
    // Checked whole before a byte is printed, then read again to print, a piece at a time in one
    // reused buffer: both reads come from the page cache, and fresh memory for a 37 MB output
    // (its page faults) cost more than reading it twice.
    const piece = Buffer.allocUnsafe(Math.min(CHUNK_BYTES, Math.max(1, trailer.stdoutBytes)));
    if (crcOfRange(fd, trailer.stdoutBytes, piece) !== trailer.stdoutCrc) return discard(fd, request.path);
    markUsed(request.path);
    return {
      exitCode: trailer.exitCode,
      async play(out, err, drained) {
        try {
          let at = 0;
          for (const part of [...trailer.stderr, { at: trailer.stdoutBytes, text: '' }]) {
            while (at < part.at) {
              const n = Math.min(piece.length, part.at - at);
              // Without `drained` nothing says when `out` is done with a piece: each gets its own buffer.
              const into = drained ? piece : Buffer.allocUnsafe(n);
              out(readInto(fd, into, at, n));
              at += n;
              await drained?.();
            }
            if (part.text !== '') err(part.text);
          }
        } finally {
          closeSync(fd);
        }
      },
    };
  } catch {
    return discard(fd, request.path);
  }
}

/** A miss on an entry that is there but not right: close it and remove it. */
function discard(fd: number, path: string): undefined {
  closeSync(fd);
  removeQuietly(path);
  return undefined;
}

/** `length` bytes at `position` into the start of `into`; the filled part. */
function readInto(fd: number, into: Buffer, position: number, length: number): Buffer {
  const part = into.subarray(0, length);
  if (!readExactly(fd, part, position)) throw new CyclekitError('E_IO', 'the output cache entry is shorter than its trailer says (changed while it was read?)');
  return part;
}

function crcOfRange(fd: number, bytes: number, piece: Buffer): number {
  let crc = 0;
  for (let at = 0; at < bytes; at += piece.length) crc = crc32(readInto(fd, piece, at, Math.min(piece.length, bytes - at)), crc);
  return crc;
}

function readTrailer(fd: number): Trailer | undefined {
  const size = fstatSync(fd).size;
  const tail = Buffer.alloc(8 + MAGIC.length);
  if (size < tail.length || readSync(fd, tail, 0, tail.length, size - tail.length) !== tail.length) return undefined;
  if (!tail.subarray(8).equals(MAGIC)) return undefined;
  const length = tail.readUInt32LE(4);
  if (length > size - tail.length) return undefined;
  const json = Buffer.alloc(length);
  if (readSync(fd, json, 0, length, size - tail.length - length) !== length) return undefined;
  // The trailer has its own CRC: a damaged exit code or stderr would otherwise be replayed as read.
  if (crc32(json) !== tail.readUInt32LE(0)) return undefined;
  const trailer = JSON.parse(json.toString('utf8')) as Trailer;
  return trailer.stdoutBytes + length + tail.length === size ? trailer : undefined;
}

/**
 * Records a run's output as it is printed, stdout straight to a temporary file in the cache
 * folder (a 37 MB report is never held in memory twice), and stores it when the run ends as
 * one whose output may be replayed. Any failure to write gives up quietly: it is only a cache.
 */
export class OutputRecording {
  private fd: number | null = null;
  private readonly temp: string;
  private crc = 0;
  private stdoutBytes = 0;
  private readonly stderr: StderrPart[] = [];
  private stderrChars = 0;
  private abandoned = false;
  private readonly maxStdoutBytes: number;
  /** A run killed mid-way leaves no temporary file behind. */
  private readonly release: () => void;

  constructor(private readonly request: OutputRequest) {
    this.temp = `${request.path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    this.maxStdoutBytes = Math.min(MAX_STDOUT_BYTES, request.settings.maxBytes / MAX_STDOUT_SHARE);
    this.release = removeOnExit(this.temp);
  }

  stdout(text: string): void {
    if (!this.abandoned) this.stdoutEncoded(Buffer.from(text, 'utf8'));
  }

  /** Bytes a command writes already encoded (the same stream as `stdout`). */
  stdoutEncoded(bytes: Uint8Array): void {
    if (this.abandoned) return;
    try {
      const fd = this.ensureOpen();
      this.stdoutBytes += bytes.length;
      if (this.stdoutBytes > this.maxStdoutBytes) return this.abandon();
      this.crc = crc32(bytes, this.crc);
      for (let done = 0; done < bytes.length; ) done += writeSync(fd, bytes, done);
    } catch {
      this.abandon();
    }
  }

  /** Progress lines (drawn in place with a carriage return) are not part of the output. */
  stderrText(text: string): void {
    if (this.abandoned || text.startsWith('\r')) return;
    const last = this.stderr.at(-1);
    if (last !== undefined && last.at === this.stdoutBytes) last.text += text;
    else this.stderr.push({ at: this.stdoutBytes, text });
    this.stderrChars += text.length;
    if (this.stderrChars > MAX_STDERR_CHARS) this.abandon();
  }

  /** Store the run if it may be replayed: exit 0 or 1, no file written, all work seen, inputs unchanged (`keyAfter`). */
  finish(exitCode: number, access: FileAccessLog, keyAfter: string | null): void {
    const replayable = (exitCode === 0 || exitCode === 1) && access.writes === 0 && !access.partlyUnseen && keyAfter === this.request.keyJson;
    if (this.abandoned || !replayable) return this.abandon();
    try {
      const fd = this.ensureOpen();
      const trailer: Trailer = {
        key: this.request.keyJson,
        exitCode,
        stderr: this.stderr,
        stdoutBytes: this.stdoutBytes,
        stdoutCrc: this.crc,
        sideFiles: [...access.reads].sort().map((path) => ({ path, state: sideFileState(path) })),
      };
      const json = Buffer.from(JSON.stringify(trailer), 'utf8');
      const tail = Buffer.alloc(8);
      tail.writeUInt32LE(crc32(json), 0);
      tail.writeUInt32LE(json.length, 4);
      for (const part of [json, tail, MAGIC]) for (let done = 0; done < part.length; ) done += writeSync(fd, part, done);
      closeSync(fd);
      this.fd = null;
      renameSync(this.temp, this.request.path);
      this.release();
      new CacheStore(this.request.settings).evict();
    } catch {
      this.abandon();
    }
  }

  /** The temporary file, made when the first byte (or the trailer of an empty output) is written. */
  private ensureOpen(): number {
    if (this.fd === null) {
      mkdirSync(dirname(this.temp), { recursive: true });
      this.fd = openSync(this.temp, 'wx');
    }
    return this.fd;
  }

  private abandon(): void {
    this.abandoned = true;
    if (this.fd !== null) {
      try {
        closeSync(this.fd);
      } catch {
        /* already closed */
      }
      this.fd = null;
    }
    removeQuietly(this.temp);
    this.release();
  }
}
