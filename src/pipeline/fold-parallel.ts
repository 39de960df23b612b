import { isMainThread, Worker } from 'node:worker_threads';
import type { OpenedStream, OpenOptions } from '../ingest/open.js';
import type { BytePiece, PieceReader } from '../ingest/contract.js';
import { foldPiece, joinPieces, type FoldOptions, type PieceFold } from '../segment/pieces.js';
import type { SegmentOptions, Step } from '../segment/steps.js';

/** Main thread → fold worker, once: which file, how to read it, and the shared piece queue. */
export interface FoldTask {
  path: string;
  openOptions: OpenOptions;
  foldOptions: FoldOptions;
  pieces: BytePiece[];
  /** Int32 index of the next unclaimed piece, shared by every thread. */
  next: SharedArrayBuffer;
  sizeBytes: number;
  dataStartByte: number;
}

export type FoldReply = { kind: 'piece'; index: number; fold: PieceFold } | { kind: 'failed'; message: string } | { kind: 'done' };

export interface ParallelSettings {
  threads: number;
  /** Files with less data than this are read in one pass: a thread costs more than it saves. */
  minBytes: number;
  pieceBytes: number;
}

/**
 * Threads for one file: CYCLEKIT_THREADS, else 1 (one pass). Not every core by default: on the
 * 2-core machine this was measured on, a second thread saved no wall time on a 129 MB file
 * (each thread pays for starting and warming up its own JIT) and cost 40 % more CPU.
 * Worker threads of a batch run (`--jobs`) always read their files in one pass.
 */
export function defaultParallelSettings(): ParallelSettings {
  const fromEnv = Number.parseInt(process.env.CYCLEKIT_THREADS ?? '', 10);
  const threads = isMainThread && Number.isInteger(fromEnv) && fromEnv >= 1 ? fromEnv : 1;
  return { threads, minBytes: 16 << 20, pieceBytes: 8 << 20 };
}

/**
 * The compiled worker, or null when cyclekit runs from its TypeScript sources (tests importing
 * src/ directly): a worker cannot load .ts, so those runs fold in one thread.
 */
function foldWorkerUrl(): URL | null {
  return import.meta.url.endsWith('.ts') ? null : new URL('./fold-worker.js', import.meta.url);
}

/**
 * Fold a large text file's pieces on several threads — this one included, so a slow worker
 * start costs nothing — and join them. Returns null when the file is not for this (small,
 * not splittable, one core) or a piece could not be folded on its own: the caller then reads
 * the file in one pass, which also reports any error exactly as it always does.
 */
export async function foldInParallel(
  stream: OpenedStream,
  openOptions: OpenOptions,
  options: SegmentOptions,
  settings: ParallelSettings = defaultParallelSettings(),
): Promise<Step[] | null> {
  const reader = stream.pieces;
  const url = foldWorkerUrl();
  if (!reader || url === null || settings.threads < 2 || reader.sizeBytes - reader.dataStartByte < settings.minBytes) return null;
  const pieces = await reader.cut(settings.pieceBytes);
  if (pieces.length < 2) return null;
  const next = new SharedArrayBuffer(4);
  const foldOptions: FoldOptions = { restCurrentA: options.restCurrentA, keepPoints: options.keepPoints, ...(options.pointCycles ? { pointCycles: options.pointCycles } : {}) };
  const task: FoldTask = {
    path: stream.sourcePath,
    // Forced to the format the main thread detected: the worker need not sniff again.
    openOptions: { columns: openOptions.columns, strict: openOptions.strict, ...(openOptions.generalParser ? { generalParser: true } : {}), format: stream.header.format },
    foldOptions,
    pieces,
    next,
    sizeBytes: reader.sizeBytes,
    dataStartByte: reader.dataStartByte,
  };
  const folds: (PieceFold | undefined)[] = new Array(pieces.length);
  let folded = 0;
  let onProgress = (): void => {};
  const store = (index: number, fold: PieceFold): void => {
    folds[index] = fold;
    folded++;
    onProgress();
  };
  const workers = Array.from({ length: Math.min(settings.threads, pieces.length) - 1 }, () => startWorker(url, task, store, () => onProgress()));
  let failed = false;
  try {
    await foldClaimed(reader, pieces, new Int32Array(next), foldOptions, store);
  } catch {
    failed = true;
    Atomics.store(new Int32Array(next), 0, pieces.length);
  }
  // Wait for pieces still being folded elsewhere, but not for a worker that is still starting.
  await new Promise<void>((resolve) => {
    onProgress = () => {
      if (folded === pieces.length || workers.every((w) => w.settled)) resolve();
    };
    onProgress();
  });
  for (const w of workers) w.stop();
  if (failed || folded < pieces.length || workers.some((w) => w.failed)) return null;
  return joinPieces(reader, folds as PieceFold[], options);
}

/** Take pieces off the shared queue until it is empty. Used by the main thread and every worker. */
export async function foldClaimed(
  reader: PieceReader,
  pieces: BytePiece[],
  next: Int32Array,
  options: FoldOptions,
  store: (index: number, fold: PieceFold) => void,
): Promise<void> {
  for (let index = Atomics.add(next, 0, 1); index < pieces.length; index = Atomics.add(next, 0, 1)) {
    store(index, await foldPiece(reader, pieces[index]!, options));
  }
}

interface FoldWorker {
  settled: boolean;
  failed: boolean;
  stop(): void;
}

/** A worker folding pieces off the queue; `changed` is called whenever it settles. */
function startWorker(url: URL, task: FoldTask, store: (index: number, fold: PieceFold) => void, changed: () => void): FoldWorker {
  const worker = new Worker(url, { workerData: task });
  const state: FoldWorker = { settled: false, failed: false, stop: () => void worker.terminate() };
  const settle = (ok: boolean): void => {
    if (state.settled) return;
    state.settled = true;
    state.failed = !ok;
    changed();
  };
  worker.on('message', (reply: FoldReply) => {
    if (reply.kind === 'piece') store(reply.index, reply.fold);
    else settle(reply.kind === 'done');
  });
  worker.on('error', () => settle(false));
  worker.on('exit', () => settle(false));
  return state;
}
