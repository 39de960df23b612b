import { closeSync, mkdtempSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CyclekitError } from '../model/errors.js';
import type { PointStore, StepPoints } from '../segment/steps.js';

/**
 * Steps' points kept in a temporary file instead of memory: written as each step closes, read
 * back a run of steps at a time when an analysis asks. A 10,000-cycle report needs every
 * step's points once or twice, in step order; held in memory they grow with the records
 * (38 MB for 1.2 M records), on disk (the page cache, in practice) they do not.
 *
 * Each step's block is its timeS, voltageV, currentA and chargeAh, n Float64 each. The file is
 * removed as soon as it is open: nothing is left behind however the process ends.
 */
export class PointSpill implements PointStore {
  private readonly fd: number;
  /** Start of each block in the file, in doubles; the point count of each block. */
  private starts: Float64Array = new Float64Array(1024);
  private counts: Uint32Array = new Uint32Array(1024);
  private blocks = 0;
  /** Doubles written to the file so far, and those waiting in the write buffer after them. */
  private written = 0;
  private readonly pending = new Float64Array(WRITE_DOUBLES);
  private pendingLength = 0;
  /** Runs of consecutive blocks read back, most recent last. */
  private runs: { first: number; last: number; data: Float64Array; start: number }[] = [];

  private constructor(fd: number) {
    this.fd = fd;
    // A dataset let go closes its file (whose disk space goes with it): a batch over many large files does not pile them up.
    closeWhenCollected.register(this, fd, this);
  }

  /** A spill file in the system's temporary folder, or null when none can be made (points then stay in memory). */
  static create(): PointSpill | null {
    let dir: string | null = null;
    try {
      dir = mkdtempSync(join(tmpdir(), 'cyclekit-points-'));
      const path = join(dir, 'points.f64');
      const fd = openSync(path, 'w+');
      rmSync(dir, { recursive: true, force: true });
      return new PointSpill(fd);
    } catch {
      if (dir !== null) rmSync(dir, { recursive: true, force: true });
      return null;
    }
  }

  put(points: StepPoints): number {
    const n = points.length;
    if (this.blocks === this.starts.length) this.grow();
    const id = this.blocks++;
    this.starts[id] = this.written + this.pendingLength;
    this.counts[id] = n;
    for (const a of [points.timeS, points.voltageV, points.currentA, points.chargeAh]) this.append(a.subarray(0, n));
    return id;
  }

  get(id: number): StepPoints {
    if (!(id >= 0 && id < this.blocks)) throw new RangeError(`no points stored under ${id}`);
    const run = this.runs.find((r) => r.first <= id && id <= r.last) ?? this.readRun(id);
    const n = this.counts[id]!;
    const at = this.starts[id]! - run.start;
    const view = (k: number): Float64Array => run.data.subarray(at + k * n, at + (k + 1) * n);
    return { timeS: view(0), voltageV: view(1), currentA: view(2), chargeAh: view(3), length: n };
  }

  /** Close the file (the points can no longer be read). */
  close(): void {
    closeWhenCollected.unregister(this);
    try {
      closeSync(this.fd);
    } catch {
      /* already closed */
    }
  }

  private append(values: Float64Array): void {
    if (this.pendingLength + values.length > this.pending.length) this.flush();
    if (values.length > this.pending.length) return this.writeDoubles(values);
    this.pending.set(values, this.pendingLength);
    this.pendingLength += values.length;
  }

  private flush(): void {
    if (this.pendingLength === 0) return;
    this.writeDoubles(this.pending.subarray(0, this.pendingLength));
    this.pendingLength = 0;
  }

  private writeDoubles(values: Float64Array): void {
    const bytes = new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
    try {
      for (let done = 0; done < bytes.length; ) done += writeSync(this.fd, bytes, done, bytes.length - done, this.written * 8 + done);
    } catch (err) {
      throw new CyclekitError('E_IO', `cannot write the temporary file holding the points: ${(err as Error).message} (free some space, or point TMPDIR elsewhere)`);
    }
    this.written += values.length;
  }

  /** Blocks from `id` on, up to about RUN_DOUBLES (at least block `id` whole), read into memory. */
  private readRun(id: number): { first: number; last: number; data: Float64Array; start: number } {
    this.flush();
    const start = this.starts[id]!;
    let last = id;
    while (last + 1 < this.blocks && this.starts[last + 1]! + 4 * this.counts[last + 1]! - start <= RUN_DOUBLES) last++;
    const end = this.starts[last]! + 4 * this.counts[last]!;
    const data = new Float64Array(end - start);
    const bytes = new Uint8Array(data.buffer);
    for (let done = 0; done < bytes.length; ) {
      const got = readSync(this.fd, bytes, done, bytes.length - done, start * 8 + done);
      if (got === 0) throw new CyclekitError('E_IO', 'the temporary file holding the points is shorter than what was written to it (disk full or failing?)');
      done += got;
    }
    const run = { first: id, last, data, start };
    this.runs.push(run);
    if (this.runs.length > KEPT_RUNS) this.runs.shift();
    return run;
  }

  private grow(): void {
    const starts = new Float64Array(this.starts.length * 2);
    starts.set(this.starts);
    this.starts = starts;
    const counts = new Uint32Array(this.counts.length * 2);
    counts.set(this.counts);
    this.counts = counts;
  }
}

const closeWhenCollected = new FinalizationRegistry<number>((fd) => {
  try {
    closeSync(fd);
  } catch {
    /* closed already */
  }
});

/** Doubles gathered before a write (1 MB). */
const WRITE_DOUBLES = 1 << 17;
/** Doubles read back in one go (1 MB): a few hundred steps of a long test. */
const RUN_DOUBLES = 1 << 17;
/** Runs kept read: an analysis going through a cycle's steps, and one looking back a little. */
const KEPT_RUNS = 4;
