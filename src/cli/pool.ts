import { Worker, type ResourceLimits } from 'node:worker_threads';
import { CyclekitError, type ErrorCode } from '../model/errors.js';
import { limitError } from '../util/limits.js';
import { notePartlyUnseen } from '../util/file-access.js';

/** Main thread → worker: one file to process. */
export interface TaskMessage {
  id: number;
  command: string;
  file: string;
  flags: Record<string, unknown>;
  debug: boolean;
}

export interface SerialisedError {
  code: ErrorCode;
  message: string;
  file: string | undefined;
  line: number | undefined;
  column: string | number | undefined;
}

/** Worker → main thread. `uncloneable`: the main thread must run this file itself. */
export type WorkerReply =
  | { id: number; kind: 'result'; result: unknown }
  | { id: number; kind: 'error'; error: SerialisedError; stack?: string }
  | { id: number; kind: 'uncloneable' };

export type PoolOutcome = { kind: 'result'; result: unknown } | { kind: 'error'; error: CyclekitError; stack?: string } | { kind: 'fallback' };

export function reviveError(e: SerialisedError): CyclekitError {
  return new CyclekitError(e.code, e.message, { file: e.file, line: e.line, column: e.column });
}

/**
 * The compiled worker module, or null when cyclekit runs from its TypeScript sources (tests
 * importing src/ directly): a worker cannot load .ts, so those runs stay in-process.
 */
export function workerUrl(): URL | null {
  const url = new URL('./worker.js', import.meta.url);
  return import.meta.url.endsWith('.ts') ? null : url;
}

/** Bounds for the workers of one pool: a heap cap, and a time cap per file. */
export interface WorkerBounds {
  heapMb: number;
  fileSeconds: number;
}

/**
 * Process `files` with up to `jobs` worker threads. Each worker takes the next file as soon as
 * it is free; `onDone(index, outcome)` is called as files finish, in any order (the caller
 * keeps input order). A worker that dies takes only its current file down with it: that file
 * gets an error and a fresh worker carries on with the rest. With `bounds`, each worker's heap
 * is capped (`resourceLimits`) and a file that runs past the time cap has its worker stopped:
 * either way that file alone fails, with an E_LIMIT line naming the limit.
 */
export async function runPool(
  command: string,
  files: { index: number; file: string }[],
  flags: Record<string, unknown>,
  jobs: number,
  debug: boolean,
  onDone: (index: number, outcome: PoolOutcome) => void,
  bounds?: WorkerBounds,
): Promise<void> {
  const url = workerUrl();
  if (!url) throw new Error('worker threads need the compiled build');
  // What a worker reads (a sidecar's reference file) is not seen here: such a run is never replayed.
  notePartlyUnseen();
  let next = 0;
  let nextId = 0;
  const size = Math.min(jobs, files.length);

  await new Promise<void>((resolveAll) => {
    let running = 0;
    const start = (): void => {
      running++;
      const resourceLimits: ResourceLimits | undefined = bounds ? { maxOldGenerationSizeMb: bounds.heapMb, maxYoungGenerationSizeMb: Math.min(64, Math.max(8, bounds.heapMb / 8)) } : undefined;
      const worker = new Worker(url, resourceLimits ? { resourceLimits } : {});
      let current: { id: number; index: number; file: string } | null = null;
      let settled = false;
      let timer: NodeJS.Timeout | null = null;
      const clearTimer = (): void => {
        if (timer !== null) clearTimeout(timer);
        timer = null;
      };
      const finish = (): void => {
        if (settled) return;
        settled = true;
        clearTimer();
        running--;
        void worker.terminate();
        if (next < files.length) start();
        else if (running === 0) resolveAll();
      };
      const feed = (): void => {
        const task = files[next];
        if (!task) {
          current = null;
          finish();
          return;
        }
        next++;
        current = { id: nextId++, index: task.index, file: task.file };
        clearTimer();
        if (bounds) {
          const timed = current;
          timer = setTimeout(() => {
            if (current !== timed) return;
            onDone(timed.index, { kind: 'error', error: limitError('fileSeconds', `reading the file took more than ${bounds.fileSeconds} s`, { file: timed.file }, bounds.fileSeconds) });
            current = null;
            finish();
          }, bounds.fileSeconds * 1000);
        }
        try {
          worker.postMessage({ id: current.id, command, file: task.file, flags, debug } satisfies TaskMessage);
        } catch {
          // The flags themselves cannot be cloned: run this file in the main thread.
          onDone(current.index, { kind: 'fallback' });
          feed();
        }
      };
      worker.on('message', (reply: WorkerReply) => {
        if (!current || reply.id !== current.id) return;
        const index = current.index;
        if (reply.kind === 'result') onDone(index, { kind: 'result', result: reply.result });
        else if (reply.kind === 'error') onDone(index, { kind: 'error', error: reviveError(reply.error), ...(reply.stack !== undefined ? { stack: reply.stack } : {}) });
        else onDone(index, { kind: 'fallback' });
        feed();
      });
      const died = (why: string, error?: CyclekitError): void => {
        if (current) {
          onDone(current.index, { kind: 'error', error: error ?? new CyclekitError('E_INTERNAL', `internal error: worker thread ${why}`, { file: current.file }) });
          current = null;
        }
        finish();
      };
      worker.on('error', (err) => {
        // The heap cap was reached: this file needs more memory than cyclekit allows for one file.
        if ((err as NodeJS.ErrnoException).code === 'ERR_WORKER_OUT_OF_MEMORY' && bounds && current) {
          died('ran out of memory', limitError('workerHeapMb', 'reading the file needed more memory than allowed', { file: current.file }, bounds.heapMb));
        } else died(`failed: ${err.message}`);
      });
      worker.on('exit', (code) => {
        if (!settled) died(`exited with code ${code}`);
      });
      feed();
    };
    for (let k = 0; k < size; k++) start();
    if (size === 0) resolveAll();
  });
}
