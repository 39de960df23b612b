import { deserialize, serialize } from 'node:v8';
import type { StepKind, StreamHeader } from '../model/record.js';
import type { ReadStats } from '../ingest/contract.js';
import { keepsPoints, pointsFromStore, type PointStore, type Step, type StepPoints } from '../segment/steps.js';
import { CyclekitError } from '../model/errors.js';
import type { CacheEntry, EntryContent } from '../cache/store.js';

/** What reading and folding one file produced: the part of a dataset the cache keeps. */
export interface Folded {
  header: StreamHeader;
  stats: ReadStats;
  steps: Step[];
}

/** Which steps' points a read kept: none, every step's, or those of these file cycles (as `pointCycles`). */
export type PointsKept = null | 'all' | readonly (readonly [number, number])[];

/**
 * Folded steps as a cache entry (src/cache/store.ts), laid out so that loading costs a few
 * typed-array reads instead of deserialising tens of thousands of objects:
 *
 * meta = u32 length | V8-serialised { header, stats, points kept } | zeros to a multiple of 8
 *        | NUMBERS.length Float64 columns of n steps | u8 kind per step | u8 flags per step
 * block i = step i's points: timeS, voltageV, currentA, chargeAh, n Float64 each (empty without points)
 *
 * A flag bit per nullable number says "null" (its column then holds 0); bit 7 says "has points".
 */
const NUMBERS = ['index', 'fileCycle', 'fileStep', 'startLine', 'endLine', 'records', 'startTimeS', 'endTimeS', 'firstVoltageV', 'lastVoltageV', 'minVoltageV', 'maxVoltageV', 'integratedAh', 'integratedWh', 'fileCapacityAh', 'fileEnergyWh', 'meanTemperatureC'] as const;
const NULLABLE = ['fileCycle', 'fileStep', 'fileCapacityAh', 'fileEnergyWh', 'meanTemperatureC'] as const;
const HAS_POINTS = 0x80;
const KINDS: readonly StepKind[] = ['charge', 'discharge', 'rest', 'other'];

type NumberField = (typeof NUMBERS)[number];

interface MetaHead {
  header: StreamHeader;
  stats: ReadStats;
  pointsKept: PointsKept;
}

export function foldedToEntry(folded: Folded, pointsKept: PointsKept): EntryContent {
  const n = folded.steps.length;
  const head = serialize({ header: folded.header, stats: folded.stats, pointsKept } satisfies MetaHead);
  const columnsStart = (4 + head.length + 7) & ~7;
  const meta = new Uint8Array(columnsStart + NUMBERS.length * n * 8 + 2 * n);
  new DataView(meta.buffer).setUint32(0, head.length, true);
  meta.set(head, 4);
  const columns = new Float64Array(meta.buffer, columnsStart, NUMBERS.length * n);
  const kinds = meta.subarray(columnsStart + NUMBERS.length * n * 8, columnsStart + NUMBERS.length * n * 8 + n);
  const flags = meta.subarray(columnsStart + NUMBERS.length * n * 8 + n);
  folded.steps.forEach((step, i) => {
    NUMBERS.forEach((field, c) => {
      columns[c * n + i] = step[field] ?? 0;
    });
    kinds[i] = KINDS.indexOf(step.kind);
    let f = 0;
    NULLABLE.forEach((field, bit) => {
      if (step[field] === null) f |= 1 << bit;
    });
    if (step.points) f |= HAS_POINTS;
    flags[i] = f;
  });
  // Each step's points are looked up when its block is written: points kept on disk
  // (src/pipeline/point-spill.ts) are then read back one run at a time, never all at once.
  const block = (i: number): Uint8Array[] => {
    const p = folded.steps[i]?.points;
    if (!p) return [];
    const bytes = (a: Float64Array): Uint8Array => new Uint8Array(a.buffer, a.byteOffset, p.length * 8);
    return [bytes(p.timeS), bytes(p.voltageV), bytes(p.currentA), bytes(p.chargeAh)];
  };
  return { meta, blocks: { length: n, at: block } };
}

/** Whether an entry that kept `had` can give what a read keeping `want` would give. */
function covers(had: PointsKept, want: PointsKept): boolean {
  if (want === null || had === 'all') return true;
  if (had === null || want === 'all') return false;
  return want.every(([from, to]) => had.some(([a, b]) => a <= from && to <= b));
}

/**
 * The folded file an entry holds, with the points of the steps a read keeping `want` would keep
 * (read from disk for those steps only), or undefined when the entry kept fewer points than
 * that, or fails its checks. From `lazyFromBytes` of points on, they are read when asked for
 * and the entry stays open (`keepsEntry`: the caller must not close it).
 */
export function foldedFromEntry(entry: CacheEntry, want: PointsKept, lazyFromBytes?: number): { folded: Folded; keepsEntry: boolean } | undefined {
  const meta = entry.meta;
  let head: MetaHead;
  try {
    head = deserialize(meta.subarray(4, 4 + meta.readUInt32LE(0))) as MetaHead;
  } catch {
    return undefined;
  }
  if (!covers(head.pointsKept, want)) return undefined;
  const columnsStart = (4 + meta.readUInt32LE(0) + 7) & ~7;
  const n = entry.blockCount;
  if (meta.length !== columnsStart + NUMBERS.length * n * 8 + 2 * n) return undefined;
  // A copy into fresh memory: Float64Array needs an 8-aligned start, which a slice of the file buffer may not have.
  const columns = new Float64Array(NUMBERS.length * n);
  new Uint8Array(columns.buffer).set(meta.subarray(columnsStart, columnsStart + NUMBERS.length * n * 8));
  const kinds = meta.subarray(columnsStart + NUMBERS.length * n * 8, columnsStart + NUMBERS.length * n * 8 + n);
  const flags = meta.subarray(columnsStart + NUMBERS.length * n * 8 + n);
  const at = Object.fromEntries(NUMBERS.map((f, c) => [f, c * n])) as Record<NumberField, number>;
  const nullBit = Object.fromEntries(NULLABLE.map((f, bit) => [f, 1 << bit])) as Record<(typeof NULLABLE)[number], number>;
  const nullable = (field: (typeof NULLABLE)[number], i: number): number | null => (flags[i]! & nullBit[field] ? null : columns[at[field] + i]!);

  const steps: Step[] = new Array(n);
  const withPoints: number[] = [];
  const options = { keepPoints: want !== null, pointCycles: want === null || want === 'all' ? undefined : want };
  for (let i = 0; i < n; i++) {
    const kind = KINDS[kinds[i]!];
    if (kind === undefined) return undefined;
    const fileCycle = nullable('fileCycle', i);
    if (flags[i]! & HAS_POINTS && keepsPoints(options, fileCycle)) withPoints.push(i);
    // Keys in the order StepFinaliser.add writes them: an object from the cache is the same object.
    steps[i] = {
      index: columns[at.index + i]!,
      kind,
      fileCycle,
      fileStep: nullable('fileStep', i),
      startLine: columns[at.startLine + i]!,
      endLine: columns[at.endLine + i]!,
      records: columns[at.records + i]!,
      startTimeS: columns[at.startTimeS + i]!,
      endTimeS: columns[at.endTimeS + i]!,
      firstVoltageV: columns[at.firstVoltageV + i]!,
      lastVoltageV: columns[at.lastVoltageV + i]!,
      minVoltageV: columns[at.minVoltageV + i]!,
      maxVoltageV: columns[at.maxVoltageV + i]!,
      integratedAh: columns[at.integratedAh + i]!,
      integratedWh: columns[at.integratedWh + i]!,
      fileCapacityAh: nullable('fileCapacityAh', i),
      fileEnergyWh: nullable('fileEnergyWh', i),
      meanTemperatureC: nullable('meanTemperatureC', i),
    } as Step;
  }
  let bytes = 0;
  for (const i of withPoints) bytes += entry.blockLength(i);
  if (lazyFromBytes !== undefined && bytes >= lazyFromBytes) {
    // Read back a run of steps at a time when asked, from the entry kept open (closed when the steps are let go).
    const store = new EntryPoints(entry, withPoints);
    const stored = new Set(withPoints);
    for (let i = 0; i < n; i++) {
      if (stored.has(i)) pointsFromStore(steps[i]!, store, i);
      else steps[i]!.points = null;
    }
    return { folded: { header: head.header, stats: head.stats, steps }, keepsEntry: true };
  }
  for (const s of steps) s.points = null;
  if (withPoints.length > 0) {
    const blocks = entry.readBlocks(withPoints);
    if (blocks === undefined) return undefined;
    withPoints.forEach((i, k) => {
      steps[i]!.points = blockPoints(blocks[k]!);
    });
  }
  return { folded: { header: head.header, stats: head.stats, steps }, keepsEntry: false };
}

/** A step's four point arrays viewed in its block (8-aligned: a block starts at a multiple of 8 in fresh memory). */
function blockPoints(bytes: Uint8Array): StepPoints {
  const length = bytes.length / 32;
  const at = (c: number): Float64Array => new Float64Array(bytes.buffer, bytes.byteOffset + c * length * 8, length);
  return { timeS: at(0), voltageV: at(1), currentA: at(2), chargeAh: at(3), length };
}

/**
 * Steps' points read from an open cache entry when asked, a run of consecutive steps at a time
 * (about RUN_BYTES), the last few runs kept: a cached 10,000-cycle report reads every step's
 * points in order without holding them all. A block that fails its CRC here cannot become a
 * miss any more (the analyses have begun): it is an error, never wrong numbers.
 */
class EntryPoints implements PointStore {
  private runs: Map<number, StepPoints>[] = [];
  private readonly position = new Map<number, number>();

  constructor(
    private readonly entry: CacheEntry,
    private readonly withPoints: readonly number[],
  ) {
    withPoints.forEach((step, k) => this.position.set(step, k));
    closeWhenCollected.register(this, entry);
  }

  put(): number {
    throw new Error('points read from a cache entry are not written back to it');
  }

  get(step: number): StepPoints {
    const found = this.runs.find((run) => run.has(step))?.get(step);
    if (found) return found;
    const from = this.position.get(step);
    if (from === undefined) throw new RangeError(`no points stored for step ${step}`);
    const indices: number[] = [];
    let bytes = 0;
    for (let k = from; k < this.withPoints.length && (indices.length === 0 || bytes < RUN_BYTES); k++) {
      indices.push(this.withPoints[k]!);
      bytes += this.entry.blockLength(this.withPoints[k]!);
    }
    const blocks = this.entry.readBlocks(indices);
    if (blocks === undefined) throw new CyclekitError('E_IO', "cyclekit's cache entry for this file changed or was damaged while it was read: run the command again (the entry has been removed)");
    const run = new Map(indices.map((i, k) => [i, blockPoints(blocks[k]!)]));
    this.runs.push(run);
    if (this.runs.length > KEPT_RUNS) this.runs.shift();
    return run.get(step)!;
  }
}

const RUN_BYTES = 1 << 20;
const KEPT_RUNS = 4;
const closeWhenCollected = new FinalizationRegistry<CacheEntry>((entry) => entry.close());
