import { basename, dirname } from 'node:path';

/** A file name read as one part of a test split over several files. */
interface PartName {
  /** Folder, stem and the rest of the name: parts of one test share it. */
  key: string;
  part: number;
}

/**
 * How cyclers name the parts of one test, most specific first:
 * - BioLogic sequences: `run_01_GCPL_C09.mpr`, `run_02_OCV_C09.mpr` (the technique may change);
 * - a numbered extension: `run.001`, `run.002` (Maccor);
 * - a trailing number: `run_1.ndax`, `run-2.ndax`, `run(3).ndax` (continuation files), where
 *   the bare `run.ndax` is part 0.
 */
const PATTERNS: { re: RegExp; key: (m: RegExpExecArray) => string; part: (m: RegExpExecArray) => number }[] = [
  { re: /^(.+)_(\d{2,3})_[A-Za-z][A-Za-z0-9-]*((?:_C\d+)?\.[^.]+)$/, key: (m) => `biologic|${m[1]}|${m[3]!.toLowerCase()}`, part: (m) => Number(m[2]) },
  { re: /^(.+)\.(\d{3})$/, key: (m) => `extension|${m[1]}`, part: (m) => Number(m[2]) },
  { re: /^(.+?)(?:[_-](\d{1,3})|\s?\((\d{1,3})\))(\.[A-Za-z][A-Za-z0-9]*)$/, key: (m) => `trailing|${m[1]}|${m[4]!.toLowerCase()}`, part: (m) => Number(m[2] ?? m[3]) },
];

function partName(file: string): PartName | null {
  const name = basename(file);
  for (const p of PATTERNS) {
    const m = p.re.exec(name);
    if (m) return { key: `${dirname(file)}|${p.key(m)}`, part: p.part(m) };
  }
  return null;
}

/**
 * Files whose names make them consecutive parts of one test, each run in part order; a file
 * belongs to at most one run, and a run has at least two files. The name is only a candidate:
 * whether the parts really continue each other is for their contents to say
 * (`continuationEvidence`).
 */
export function partRuns(files: readonly string[]): string[][] {
  const byKey = new Map<string, { file: string; part: number }[]>();
  const add = (key: string, file: string, part: number): void => {
    let list = byKey.get(key);
    if (!list) byKey.set(key, (list = []));
    list.push({ file, part });
  };
  for (const file of files) {
    if (file === '-') continue;
    const p = partName(file);
    if (p) add(p.key, file, p.part);
  }
  // The bare name of a numbered continuation (`run.ndax` beside `run_1.ndax`) is its part 0.
  for (const file of files) {
    const dot = basename(file).lastIndexOf('.');
    if (file === '-' || dot <= 0) continue;
    const key = `${dirname(file)}|trailing|${basename(file).slice(0, dot)}|${basename(file).slice(dot).toLowerCase()}`;
    if (byKey.has(key) && !byKey.get(key)!.some((x) => x.file === file)) add(key, file, 0);
  }
  const runs: string[][] = [];
  for (const list of byKey.values()) {
    list.sort((a, b) => a.part - b.part);
    let run: typeof list = [];
    for (const x of list) {
      if (run.length > 0 && x.part !== run[run.length - 1]!.part + 1) {
        if (run.length > 1) runs.push(run.map((r) => r.file));
        run = [];
      }
      run.push(x);
    }
    if (run.length > 1) runs.push(run.map((r) => r.file));
  }
  return runs;
}

/** What the contents of one part say about where it sits in time and cycle count. */
export interface PartSpan {
  firstTimeS: number;
  lastTimeS: number;
  firstCycle: number | null;
  lastCycle: number | null;
  /** The file's start date-time as written (metadata `startTime`), or null. */
  startTime: string | null;
}

/** A part whose clock starts later than this ran on from an earlier part; one starting sooner may be a fresh start. */
const CLOCK_RUNS_ON_S = 60;
/** A clock that runs on may repeat the last second of the part before. */
const CLOCK_SLACK_S = 1;
/** Start stamps up to this far before the previous part's end (clock skew) still follow it. */
const STAMP_SLACK_MS = 60_000;
/** A part that starts more than this after the previous part ended is another test. */
const STAMP_GAP_MS = 86_400_000;

/**
 * Why `next` continues `prev`, or null when its contents say it may be a separate test: its
 * clock runs on from where `prev` ends; or its cycle numbers run on (a count that does not start
 * again at 0 or 1); or its start stamp follows `prev`'s end within a day. Two channels recorded
 * side by side (both clocks from 0, both counts from 1, overlapping stamps) are not joined.
 */
export function continuationEvidence(prev: PartSpan, next: PartSpan): string | null {
  if (next.firstTimeS >= CLOCK_RUNS_ON_S && next.firstTimeS >= prev.lastTimeS - CLOCK_SLACK_S) {
    return `its clock runs on (it starts at ${next.firstTimeS.toFixed(1)} s; the part before ends at ${prev.lastTimeS.toFixed(1)} s)`;
  }
  if (prev.lastCycle !== null && next.firstCycle !== null && next.firstCycle > 1 && next.firstCycle >= prev.lastCycle) {
    return `its cycle numbers run on (it starts at cycle ${next.firstCycle}; the part before ends at cycle ${prev.lastCycle})`;
  }
  const prevStart = prev.startTime === null ? Number.NaN : Date.parse(prev.startTime);
  const nextStart = next.startTime === null ? Number.NaN : Date.parse(next.startTime);
  if (Number.isFinite(prevStart) && Number.isFinite(nextStart)) {
    const prevEnd = prevStart + prev.lastTimeS * 1000;
    if (nextStart >= prevEnd - STAMP_SLACK_MS && nextStart - prevEnd <= STAMP_GAP_MS) {
      return `it starts (${next.startTime}) when the part before ends (${new Date(prevEnd).toISOString()})`;
    }
  }
  return null;
}
