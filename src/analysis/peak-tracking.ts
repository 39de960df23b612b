import type { RedoxCouple } from './couples.js';
import type { DqdvAnalysis } from './dqdv.js';

/** One couple in one cycle: where its peaks sit, how tall and how large they are. */
export interface TrackedCouple {
  cycle: number;
  oxidationV: number;
  reductionV: number;
  meanVoltageV: number;
  polarizationV: number;
  oxidationHeightMAhPerV: number | null;
  reductionHeightMAhPerV: number | null;
  oxidationAreaMAh: number | null;
  reductionAreaMAh: number | null;
}

/** A couple followed over the cycles: named by the reference when it matches one. */
export interface CoupleTrack {
  /** The reference's label, else "≈3.43 V" (its first mean potential). */
  label: string;
  /** Mean potential where the track started, V. */
  startV: number;
  cycles: TrackedCouple[];
}

/**
 * A couple joins the track whose last mean potential is nearest, if within this many volts;
 * else it opens a new track. Couples drift by tens of mV over thousands of cycles, while
 * distinct couples of one material sit 0.3 V or more apart.
 */
export const TRACK_TOLERANCE_V = 0.15;

/**
 * Follow every redox couple over the analysed cycles (each analysis one cycle, in order):
 * position (E_ox, E_red, mean), polarisation E_ox − E_red, and the height and area of each of its
 * two dQ/dV peaks. One couple per track per cycle: when two couples of a cycle fall near the same
 * track, the nearer one joins it.
 */
export function trackCouples(analyses: readonly DqdvAnalysis[]): CoupleTrack[] {
  const tracks: (CoupleTrack & { lastV: number })[] = [];
  for (const a of analyses) {
    const taken = new Set<number>();
    // Labelled couples first, nearest their reference potential first: a label names one track.
    const couples = [...a.couples].sort((x, y) => (x.label === null ? 1 : 0) - (y.label === null ? 1 : 0) || refDistance(x) - refDistance(y) || x.meanVoltageV - y.meanVoltageV);
    for (const c of couples) {
      let best = -1;
      for (let t = 0; t < tracks.length; t++) {
        if (taken.has(t)) continue;
        if (c.label !== null) {
          if (tracks[t]!.label === c.label) best = t;
          continue;
        }
        const d = Math.abs(tracks[t]!.lastV - c.meanVoltageV);
        if (d <= TRACK_TOLERANCE_V && (best < 0 || d < Math.abs(tracks[best]!.lastV - c.meanVoltageV))) best = t;
      }
      // A second couple with a label already followed this cycle is left out rather than doubled.
      if (best < 0 && c.label !== null && tracks.some((t, i) => t.label === c.label && taken.has(i))) continue;
      if (best < 0) {
        tracks.push({ label: c.label ?? `≈${c.meanVoltageV.toFixed(2)} V`, startV: c.meanVoltageV, cycles: [], lastV: c.meanVoltageV });
        best = tracks.length - 1;
      }
      taken.add(best);
      const track = tracks[best]!;
      track.lastV = c.meanVoltageV;
      track.cycles.push(tracked(c, a));
    }
  }
  return tracks.sort((a, b) => a.startV - b.startV).map(({ label, startV, cycles }) => ({ label, startV, cycles }));
}

function refDistance(c: RedoxCouple): number {
  return c.referenceV === null ? 0 : Math.abs(c.meanVoltageV - c.referenceV);
}

function tracked(c: RedoxCouple, a: DqdvAnalysis): TrackedCouple {
  const peakAt = (direction: 'charge' | 'discharge', v: number) => {
    const h = a.halfCycles.find((x) => x.cycle === c.cycle && x.direction === direction);
    return h?.peaks.find((p) => p.voltageV === v) ?? null;
  };
  const ox = peakAt('charge', c.oxidationV);
  const red = peakAt('discharge', c.reductionV);
  return {
    cycle: c.cycle,
    oxidationV: c.oxidationV,
    reductionV: c.reductionV,
    meanVoltageV: c.meanVoltageV,
    polarizationV: c.polarizationV,
    oxidationHeightMAhPerV: ox?.heightMAhPerV ?? null,
    reductionHeightMAhPerV: red?.heightMAhPerV ?? null,
    oxidationAreaMAh: ox?.areaMAh ?? null,
    reductionAreaMAh: red?.areaMAh ?? null,
  };
}

/** Cycles to analyse: every `every`-th complete cycle from the first, and always the last. */
export function everyNth(cycles: readonly number[], every: number): number[] {
  const out = cycles.filter((_, i) => i % every === 0);
  const last = cycles[cycles.length - 1];
  if (last !== undefined && out[out.length - 1] !== last) out.push(last);
  return out;
}
