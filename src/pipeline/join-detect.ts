import { continuationEvidence, partRuns, type PartSpan } from '../segment/parts.js';
import { isCyclekitError } from '../model/errors.js';
import { loadDataset, type Dataset, type DetectedJoin, type LoadOptions } from './load.js';

/** The inputs with each detected test's later parts folded into its first, and those tests. */
export interface DetectedJoins {
  inputs: string[];
  /** First part → the parts that continue it and why. */
  groups: Record<string, DetectedJoin>;
}

/**
 * Tests split over several files, found without `--join`: files named as consecutive parts of
 * one test (src/segment/parts.ts) whose contents continue each other — clock or cycle count
 * running on, or start stamps that follow — are joined in part order; a part that does not
 * continue the one before starts a new test. Only files whose names qualify are read here.
 */
export async function detectJoins(files: string[], options: LoadOptions): Promise<DetectedJoins> {
  const groups: Record<string, DetectedJoin> = {};
  // Read as the command will read each file alone, so that the cache entry written here serves
  // that read when the file turns out not to be a part (the usual case).
  const single: LoadOptions = { ...options, joinWith: undefined, joinGroups: undefined };
  for (const run of partRuns(files)) {
    const spans: (PartSpan | null)[] = [];
    for (const file of run) {
      // A part that cannot be read joins nothing; the command reports its error when it reads it.
      const dataset = await loadDataset(file, single).catch((err: unknown) => {
        if (isCyclekitError(err)) return null;
        throw err;
      });
      spans.push(spanOf(dataset));
    }
    let chain: { parts: string[]; evidence: string[] } | null = null;
    const close = (): void => {
      if (chain !== null && chain.parts.length > 1) groups[chain.parts[0]!] = { parts: chain.parts.slice(1), evidence: chain.evidence };
      chain = null;
    };
    for (let k = 0; k < run.length; k++) {
      const prev = k > 0 ? spans[k - 1] : null;
      const here = spans[k];
      const why = prev && here ? continuationEvidence(prev, here) : null;
      if (chain !== null && why !== null) {
        chain.parts.push(run[k]!);
        chain.evidence.push(why);
        continue;
      }
      close();
      if (here) chain = { parts: [run[k]!], evidence: [] };
    }
    close();
  }
  const later = new Set(Object.values(groups).flatMap((g) => g.parts));
  return { inputs: files.filter((f) => !later.has(f)), groups };
}

function spanOf(d: Dataset | null): PartSpan | null {
  const first = d?.steps[0];
  const last = d?.steps[d.steps.length - 1];
  if (!d || !first || !last) return null;
  const cycles = d.steps.map((s) => s.fileCycle).filter((c): c is number => c !== null);
  const start = d.header.metadata.startTime;
  return {
    firstTimeS: first.startTimeS,
    lastTimeS: last.endTimeS,
    firstCycle: cycles[0] ?? null,
    lastCycle: cycles.length > 0 ? Math.max(...cycles) : null,
    startTime: typeof start === 'string' ? start : null,
  };
}
