import { resolve } from 'node:path';

/**
 * What a run read and wrote beyond the files named on its command line, for the output cache
 * (src/cache/outputs.ts): a finished output may be replayed only while everything it was made
 * from is unchanged, and never when making it also wrote a file. Side files (sidecars, check
 * specs, reference files) are all read through util/bounded-read.ts and every output file is
 * written through util/atomic-write.ts, so those two note here; work done on a worker thread
 * cannot note into this thread's log, so the pool marks the run as not fully seen.
 */
export interface FileAccessLog {
  /** Absolute paths of side files read (or looked for: a sidecar that is absent is a fact too). */
  readonly reads: ReadonlySet<string>;
  /** Files written (figures, -o outputs). */
  readonly writes: number;
  /** Some of the work ran where this log cannot see it. */
  readonly partlyUnseen: boolean;
}

const reads = new Set<string>();
let writes = 0;
let partlyUnseen = false;

export function noteRead(path: string): void {
  reads.add(resolve(path));
}

export function noteWrite(): void {
  writes++;
}

export function notePartlyUnseen(): void {
  partlyUnseen = true;
}

export function fileAccessLog(): FileAccessLog {
  return { reads: new Set(reads), writes, partlyUnseen };
}

/** Start a fresh log: a process runs one command, but the in-process test runner runs many. */
export function resetFileAccessLog(): void {
  reads.clear();
  writes = 0;
  partlyUnseen = false;
}
