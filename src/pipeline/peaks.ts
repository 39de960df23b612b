import { everyNth, trackCouples, type CoupleTrack } from '../analysis/peak-tracking.js';
import type { DqdvAnalysis } from '../analysis/dqdv.js';
import type { RedoxReference } from '../references/load.js';
import { CyclekitError } from '../model/errors.js';
import type { LoadOptions } from './load.js';
import { defaultDqdv, sidecarCoupleTable } from './dqdv.js';
import { summariseFile, type CeChoice, type SummaryResult } from './summarise.js';

/** Without `every`, about this many cycles are analysed: a 10,000-cycle test every 250th. */
export const AUTO_ANALYSED_CYCLES = 40;

export interface PeaksOptions {
  load: LoadOptions;
  ce: CeChoice;
  /** Analyse every Nth complete cycle (and the last); null: about AUTO_ANALYSED_CYCLES in all. */
  every: number | null;
  /** Couple labels; null takes the sidecar's `reference:` when it names a bundled table. */
  reference: RedoxReference | null;
}

export interface PeaksResult {
  base: SummaryResult;
  every: number;
  everyReason: string;
  analysedCycles: number[];
  tracks: CoupleTrack[];
}

/**
 * Couples followed over the cycles (src/analysis/peak-tracking.ts): dQ/dV with the `dqdv`
 * defaults on every N-th complete cycle, couples paired per cycle and joined into tracks.
 * Read twice: once for the cycle list, once keeping the points of the chosen cycles only.
 */
export async function peaksFile(file: string, o: PeaksOptions): Promise<PeaksResult> {
  const first = await summariseFile(file, { ...o.load, keepPoints: false }, o.ce);
  const complete = first.cycles.filter((c) => c.partial !== true && c.chargeCapacityMAh !== null && c.dischargeCapacityMAh !== null).map((c) => c.cycle);
  if (complete.length === 0) throw new CyclekitError('E_VALUE', 'no complete cycle (a charge and a discharge): no redox couple to follow', { file: first.dataset.file });
  const every = o.every ?? Math.max(1, Math.ceil(complete.length / AUTO_ANALYSED_CYCLES));
  const everyReason = o.every !== null ? '--every' : every === 1 ? `all ${complete.length} complete cycles` : `every ${every}th of ${complete.length} complete cycles, about ${AUTO_ANALYSED_CYCLES} in all (--every N for others)`;
  const chosen = everyNth(complete, every);
  const base = await summariseFile(file, { ...o.load, keepPoints: true, pointCycles: chosen.map((n) => [n, n] as [number, number]) }, o.ce);
  const d = base.dataset;
  // --reference is the user's own choice; the sidecar's table labels a half cell only.
  const reference = o.reference ?? sidecarCoupleTable(d);
  const wanted = new Set(chosen);
  const analyses: DqdvAnalysis[] = [];
  for (const c of d.cycles.cycles) {
    if (!wanted.has(c.number)) continue;
    try {
      analyses.push(defaultDqdv([c], reference));
    } catch {
      // A cycle too short for dQ/dV simply has no couples in the tracks.
    }
  }
  for (const s of d.steps) s.points = null;
  return { base, every, everyReason, analysedCycles: chosen, tracks: trackCouples(analyses) };
}
