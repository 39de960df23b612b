import type { InstrumentCycles } from '../model/record.js';
import type { Step } from './steps.js';

/** Where one part of a joined test begins, and how its counters were carried on. */
export interface Seam {
  file: string;
  /** Test time at which the part starts in the joined test, s. */
  startTimeS: number;
  /** Added to the part's own times, s (0 when its clock already ran on). */
  timeOffsetS: number;
  /** Added to the part's cycle numbers (0 when they already ran on, or the file has none). */
  cycleOffset: number;
  /** Step index in the joined test where the part begins. */
  firstStep: number;
}

export interface JoinedSteps {
  steps: Step[];
  seams: Seam[];
}

/**
 * Join the steps of a test split over several files (Maccor .001/.002, BioLogic _01_/_02_,
 * Neware continuation files), in the order given. A part whose clock starts again (its first
 * time earlier than the previous part's last) is shifted to start where the previous part
 * ended; a part whose cycle numbers start again (lower than the previous part's last) is
 * numbered on from it; one starting at the same number continues that cycle if its clock
 * ran on, else it is numbered on too. Capacities are per step, so they need no carrying. Every seam is listed.
 */
export function joinSteps(parts: { file: string; steps: Step[] }[]): JoinedSteps {
  const steps: Step[] = [];
  const seams: Seam[] = [];
  let lastTimeS: number | null = null;
  let lastCycle: number | null = null;
  for (const part of parts) {
    const first = part.steps[0];
    let timeOffsetS = 0;
    let cycleOffset = 0;
    if (first && lastTimeS !== null && first.startTimeS < lastTimeS) timeOffsetS = lastTimeS - first.startTimeS;
    const firstCycle = part.steps.find((s) => s.fileCycle !== null)?.fileCycle ?? null;
    // Numbers that start again (1 after 150) run on. The same number as the last one is that
    // cycle continuing across the seam when the clock runs on too; after a clock that starts
    // again it is a new count.
    if (firstCycle !== null && lastCycle !== null && (firstCycle < lastCycle || (firstCycle === lastCycle && timeOffsetS > 0))) cycleOffset = lastCycle + 1 - firstCycle;
    seams.push({ file: part.file, startTimeS: (first?.startTimeS ?? 0) + timeOffsetS, timeOffsetS, cycleOffset, firstStep: steps.length });
    for (const s of part.steps) {
      if (timeOffsetS !== 0) {
        s.startTimeS += timeOffsetS;
        s.endTimeS += timeOffsetS;
        if (s.points) for (let i = 0; i < s.points.length; i++) s.points.timeS[i]! += timeOffsetS;
      }
      if (cycleOffset !== 0 && s.fileCycle !== null) s.fileCycle += cycleOffset;
      s.index = steps.length;
      steps.push(s);
    }
    const last = part.steps[part.steps.length - 1];
    if (last) lastTimeS = last.endTimeS;
    for (const s of part.steps) if (s.fileCycle !== null && (lastCycle === null || s.fileCycle > lastCycle)) lastCycle = s.fileCycle;
  }
  return { steps, seams };
}

/**
 * The cycler's own per-cycle figures of a joined test: each part's, numbered as its cycles are
 * in the joined test (its seam's cycle offset). A cycle number found in two parts is a cycle
 * that runs across a seam, of which each part counted only its share: it is left out.
 */
export function joinInstrumentCycles(tables: readonly (InstrumentCycles | undefined)[], seams: readonly Seam[]): InstrumentCycles | undefined {
  const present = tables.map((t, i) => (t ? { t, offset: seams[i]?.cycleOffset ?? 0 } : null)).filter((x) => x !== null);
  if (present.length === 0) return undefined;
  const cycles = present.flatMap(({ t, offset }) => t.cycles.map((c) => ({ ...c, cycle: c.cycle + offset })));
  const seen = new Map<number, number>();
  for (const c of cycles) seen.set(c.cycle, (seen.get(c.cycle) ?? 0) + 1);
  const sources = [...new Set(present.map(({ t }) => t.source))];
  const conventions = new Set(present.map(({ t }) => t.ceConvention));
  return {
    source: `${sources.join('; ')} (${present.length} of ${tables.length} parts)`,
    ceConvention: conventions.size === 1 ? present[0]!.t.ceConvention : null,
    cycles: cycles.filter((c) => seen.get(c.cycle) === 1).sort((a, b) => a.cycle - b.cycle),
  };
}
