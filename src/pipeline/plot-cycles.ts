import { CyclekitError } from '../model/errors.js';
import type { Cycle } from '../segment/cycles.js';

/** Cycles as numbered in the file: all of them, or inclusive ranges. */
export type CycleRanges = { all: true } | { all: false; ranges: [number, number][] };

/** A figure's cycles: the kind's default, a list as the other commands take it, or every N-th (with the first and the last). */
export type PlotCycles = { kind: 'default' } | { kind: 'list'; selection: CycleRanges } | { kind: 'every'; n: number };

/** The cycles a figure draws; an error naming the file's cycles when none is left. */
export function chooseCycles(cycles: Cycle[], choice: PlotCycles, defaults: () => number[], file: string): Cycle[] {
  let chosen: Cycle[];
  if (choice.kind === 'default') {
    const wanted = new Set(defaults());
    chosen = cycles.filter((c) => wanted.has(c.number));
  } else if (choice.kind === 'every') {
    const first = cycles[0]?.number ?? 0;
    const last = cycles[cycles.length - 1]?.number;
    chosen = cycles.filter((c) => c.number === first || c.number === last || c.number % choice.n === 0);
  } else if (choice.selection.all) chosen = cycles;
  else {
    const ranges = choice.selection.ranges;
    chosen = cycles.filter((c) => ranges.some(([a, b]) => c.number >= a && c.number <= b));
  }
  if (chosen.length === 0) {
    const have = cycles.length === 0 ? 'none' : `${cycles[0]!.number}–${cycles[cycles.length - 1]!.number}`;
    throw new CyclekitError('E_VALUE', `--cycle: no such cycle in this file (cycles ${have})`, { file });
  }
  return chosen;
}
