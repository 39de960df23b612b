import { CyclekitError } from '../model/errors.js';
import type { StreamHeader } from '../model/record.js';
import type { CRateBasis } from '../model/units.js';
import type { OpenedStream, OpenOptions } from '../ingest/open.js';
import { readSidecar, type CellContext, type CellType } from '../ingest/sidecar.js';
import { decideCellType, type CellTypeDecision } from '../analysis/cell-type.js';
import { eachRecord, type ReadStats } from '../ingest/contract.js';
import { assignCycles, type CycleAssignment, type CycleRuleOption } from '../segment/cycles.js';
import { joinInstrumentCycles, joinSteps, type Seam } from '../segment/join.js';
import { StepSegmenter, type SegmentOptions, type Step } from '../segment/steps.js';
import { defaultParallelSettings, foldInParallel, type ParallelSettings } from './fold-parallel.js';
import { readerBuildId, sourceIdentity, type CacheStore } from '../cache/store.js';
import { foldedFromEntry, foldedToEntry, type Folded, type PointsKept } from './step-columns.js';
import { PointSpill } from './point-spill.js';
import { statSync } from 'node:fs';

export interface LoadOptions extends OpenOptions {
  restCurrentA: number;
  keepPoints: boolean;
  /**
   * With `keepPoints`: keep points only for these cycles (inclusive ranges, numbered as the
   * file numbers them). Honoured while folding when the file's cycle column numbers the cycles;
   * when cycles are derived instead, the file is read again keeping every step's points.
   */
  pointCycles?: readonly (readonly [number, number])[];
  cycleRule: CycleRuleOption;
  /** From --mass; beats the sidecar and the file's header. */
  massG: number | null;
  cRateBasis: CRateBasis | null;
  /** With --join: the files that continue this one's test, in order (src/segment/join.ts). */
  joinWith?: string[];
  /** Tests found split over several files without --join: first part → the rest (src/pipeline/join-detect.ts). */
  joinGroups?: Record<string, DetectedJoin>;
  /** From --cell-type; beats the sidecar and what the data says. */
  cellType?: CellType | null;
  /** How to spread one large file over threads; defaults to every core (CYCLEKIT_THREADS). */
  parallel?: ParallelSettings;
  /** Where to keep and find what reading and folding a file produced; absent: read every time. */
  cache?: CacheStore | null;
  /**
   * With `keepPoints`: from this file size on, steps' points are kept in a temporary file and
   * read back when asked (src/pipeline/point-spill.ts), so memory does not grow with the
   * records. Absent: always in memory. A step's points are then arrays to read: to change
   * them, set `step.points` to changed copies.
   */
  spillPointsFromBytes?: number;
}


/** A file read and segmented: everything the analyses need, nothing per record unless asked. */
export interface Dataset {
  file: string;
  header: StreamHeader;
  stats: ReadStats;
  steps: Step[];
  cycles: CycleAssignment;
  context: CellContext | null;
  massG: number | null;
  /** 'flag', 'sidecar <path>', 'file header', or null when unknown. */
  massSource: string | null;
  cRateBasis: CRateBasis | null;
  cRateBasisSource: string | null;
  /** half-cathode, half-anode or full: from --cell-type, the sidecar, or the data (src/analysis/cell-type.ts). */
  cellType: CellTypeDecision;
  /** With --join: where each part begins in the joined test. */
  seams?: Seam[];
  /** Why the parts were joined without --join (one reason per seam); absent under --join or for one file. */
  joinDetected?: string[];
  warnings: string[];
}

/** Parts of one test found by their names and contents, joined as if --join had named them. */
export interface DetectedJoin {
  /** The parts after the first, in order. */
  parts: string[];
  /** Why each part continues the one before. */
  evidence: string[];
}

export async function loadDataset(path: string, options: LoadOptions): Promise<Dataset> {
  if (options.joinWith && options.joinWith.length > 0) return loadJoined([path, ...options.joinWith], options);
  const detected = options.joinGroups?.[path];
  if (detected) return loadJoined([path, ...detected.parts], options, detected.evidence);
  const context = await readSidecar(path);
  const { header, stats, steps } = await readAndFold(path, options);
  const stream = { header, stats, displayName: path === '-' ? '<stdin>' : path };
  const cycles = assignCycles(steps, options.cycleRule, stream.header.cycleNumbering);
  // Points were kept by the file's cycle numbers, but these cycles are derived: keep them all.
  if (options.keepPoints && options.pointCycles && cycles.rule !== 'file') return loadDataset(path, { ...options, pointCycles: undefined });
  // A mass inferred by the reader is moot when the user or a sidecar gives one.
  const inferredMass = (w: string): boolean => w.startsWith('active mass') && w.includes('inferred');
  const userMass = options.massG !== null || context?.massG !== undefined;
  const warnings = stream.header.warnings.filter((w) => !(userMass && inferredMass(w)));

  let massG: number | null = null;
  let massSource: string | null = null;
  if (options.massG !== null) [massG, massSource] = [options.massG, '--mass'];
  else if (context?.massG !== undefined) [massG, massSource] = [context.massG, `sidecar ${context.source}`];
  else if (stream.header.metadata.activeMassG !== undefined) {
    const how = stream.header.metadata.activeMassSource;
    [massG, massSource] = [stream.header.metadata.activeMassG, typeof how === 'string' ? `file (${how})` : 'file header'];
  }

  let cRateBasis: CRateBasis | null = null;
  let cRateBasisSource: string | null = null;
  if (options.cRateBasis) [cRateBasis, cRateBasisSource] = [options.cRateBasis, '--c-rate-basis'];
  else if (context?.cRateBasis) [cRateBasis, cRateBasisSource] = [context.cRateBasis, `sidecar ${context.source}`];

  if (massSource !== null && massSource !== '--mass' && !warnings.some(inferredMass)) warnings.push(`active mass ${(massG! * 1000).toPrecision(4)} mg taken from ${massSource}`);
  checkSignConvention(steps, warnings);
  return {
    file: stream.displayName,
    header: stream.header,
    stats: stream.stats,
    steps,
    cycles,
    context,
    massG,
    massSource,
    cRateBasis,
    cRateBasisSource,
    cellType: decideCellType(steps, options.cellType ?? null, context),
    warnings,
  };
}

/**
 * One test split over several files: each part read and segmented on its own, the steps
 * joined with continuous time and cycle numbers (src/segment/join.ts), then cycles assigned
 * over the whole. The first part's sidecar, mass and header stand for the test.
 */
async function loadJoined(paths: string[], options: LoadOptions, detected?: string[]): Promise<Dataset> {
  // Joining shifts each part's point times in place: those points stay in memory.
  const single = { ...options, joinWith: undefined, joinGroups: undefined, pointCycles: undefined, spillPointsFromBytes: undefined };
  const parts: Dataset[] = [];
  for (const p of paths) parts.push(await loadDataset(p, single));
  const first = parts[0]!;
  const { steps, seams } = joinSteps(parts.map((d) => ({ file: d.file, steps: d.steps })));
  const cycles = assignCycles(steps, options.cycleRule, first.header.cycleNumbering);
  const warnings = parts.flatMap((d, i) => d.warnings.map((w) => (i === 0 ? w : `${d.file}: ${w}`)));
  const moved = seams.slice(1).map((s) => `${s.file} from step ${s.firstStep}${s.timeOffsetS !== 0 ? `, time +${s.timeOffsetS.toFixed(1)} s` : ''}${s.cycleOffset !== 0 ? `, cycles +${s.cycleOffset}` : ''}`);
  warnings.push(`${paths.length} files joined as one test: ${moved.join('; ')}`);
  if (detected) {
    const why = detected.map((e, i) => `${seams[i + 1]!.file}: ${e}`).join('; ');
    warnings.push(`the join was detected, not asked for: the names are consecutive parts of one test and each part continues the one before (${why}); pass --no-join to read them as separate files`);
  }
  // Every part's own per-cycle figures, not the first part's alone, are what the joined cycles compare with.
  const header = { ...first.header };
  const instrumentCycles = joinInstrumentCycles(parts.map((d) => d.header.instrumentCycles), seams);
  if (instrumentCycles) header.instrumentCycles = instrumentCycles;
  return {
    ...first,
    header,
    file: parts.map((d) => d.file).join(' + '),
    stats: { rows: parts.reduce((n, d) => n + d.stats.rows, 0), badRows: parts.reduce((n, d) => n + d.stats.badRows, 0), firstBad: parts.find((d) => d.stats.firstBad !== null)?.stats.firstBad ?? null },
    steps,
    cycles,
    cellType: decideCellType(steps, options.cellType ?? null, first.context),
    seams,
    ...(detected ? { joinDetected: detected } : {}),
    warnings,
  };
}

/**
 * Read and fold the file, or take what an earlier run cached for the same bytes, reader build
 * and options. The cached value is exactly what the read produced, so every output is the same.
 */
async function readAndFold(path: string, options: LoadOptions): Promise<Folded> {
  const identity = options.cache && path !== '-' ? sourceIdentity(path) : null;
  // One entry per file and parsing options: it keeps the points the last full read kept, and
  // serves every later read that needs no more than those (summary after report, dqdv --cycle 2 after report).
  const key = identity && {
    kind: 'folded',
    build: readerBuildId(),
    source: identity,
    read: { format: options.format ?? null, columns: options.columns, strict: options.strict, restCurrentA: options.restCurrentA },
  };
  const want: PointsKept = options.keepPoints ? (options.pointCycles ?? 'all') : null;
  if (key) {
    const entry = options.cache!.open(key);
    if (entry) {
      let keep = false;
      try {
        const hit = foldedFromEntry(entry, want, options.spillPointsFromBytes);
        keep = hit?.keepsEntry === true;
        if (hit) return hit.folded;
      } finally {
        if (!keep) entry.close();
      }
    }
  }
  // Imported here, not at the top: a cache hit never loads the readers.
  const { openRecords } = await import('../ingest/open.js');
  const stream = await openRecords(path, options);
  const spill = options.keepPoints && spillsPoints(path, options.spillPointsFromBytes) ? PointSpill.create() : null;
  const segmentOptions: SegmentOptions = {
    restCurrentA: options.restCurrentA,
    keepPoints: options.keepPoints,
    ...(options.pointCycles ? { pointCycles: options.pointCycles } : {}),
    capacityCounter: stream.header.capacityCounter,
    ...(spill ? { pointStore: spill } : {}),
  };
  const steps = await segment(stream, options, segmentOptions);
  const folded: Folded = { header: stream.header, stats: { ...stream.stats }, steps };
  if (key) options.cache!.put(key, foldedToEntry(folded, want));
  return folded;
}

/** Whether the points of `path` go to a temporary file: a file at least `fromBytes` large. */
function spillsPoints(path: string, fromBytes: number | undefined): boolean {
  if (fromBytes === undefined || path === '-') return false;
  try {
    return statSync(path).size >= fromBytes;
  } catch {
    return false;
  }
}

/** Steps of the whole file: folded in pieces on several threads when that pays, else in one pass. */
async function segment(stream: OpenedStream, options: LoadOptions, segmentOptions: SegmentOptions): Promise<Step[]> {
  try {
    const parallel = await foldInParallel(stream, options, segmentOptions, options.parallel ?? defaultParallelSettings());
    if (parallel) return parallel;
    const segmenter = new StepSegmenter(segmentOptions);
    await eachRecord(stream, (rec) => segmenter.push(rec));
    return segmenter.finish();
  } catch (err) {
    if (err instanceof CyclekitError && err.file === undefined) err.file = stream.displayName;
    throw err;
  }
}

/**
 * Voltage should rise while charging. When most active steps disagree, the file's current
 * sign is probably the other convention: say so rather than report upside-down cycles.
 */
function checkSignConvention(steps: Step[], warnings: string[]): void {
  let agree = 0;
  let disagree = 0;
  for (const s of steps) {
    if (s.kind !== 'charge' && s.kind !== 'discharge') continue;
    const dv = s.lastVoltageV - s.firstVoltageV;
    if (Math.abs(dv) < 1e-3) continue;
    if ((dv > 0) === (s.kind === 'charge')) agree++;
    else disagree++;
  }
  if (disagree > 2 && disagree > agree) {
    warnings.push(`voltage falls during ${disagree} of ${agree + disagree} charge steps: the current sign may be inverted (cyclekit treats positive current as charge)`);
  }
}
