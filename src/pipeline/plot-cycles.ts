import { fieldError } from '../model/errors.js';
import type { Cycle } from '../segment/cycles.js';
import { selectCycles, type CycleSelection } from '../segment/selection.js';

/** A figure's cycles: the kind's default, a selection as the other commands take it, or every N-th (with the first and the last). */
export type PlotCycles = { kind: 'default' } | { kind: 'list'; selection: CycleSelection } | { kind: 'every'; n: number };

/**
 * The cycles a figure draws; an error naming the file's cycles when none is left. `partial`:
 * the file's partial cycles, so that `last` and `A-last` end at the last complete cycle.
 */
export function chooseCycles(cycles: Cycle[], choice: PlotCycles, defaults: () => number[], file: string, partial: ReadonlySet<number>): Cycle[] {
  if (choice.kind === 'list') return selectCycles(cycles, choice.selection, file, { partial });
  let chosen: Cycle[];
  if (choice.kind === 'default') {
    const wanted = new Set(defaults());
    chosen = cycles.filter((c) => wanted.has(c.number));
  } else {
    const first = cycles[0]?.number ?? 0;
    const last = cycles[cycles.length - 1]?.number;
    chosen = cycles.filter((c) => c.number === first || c.number === last || c.number % choice.n === 0);
  }
  if (chosen.length === 0) {
    const have = cycles.length === 0 ? 'none' : `${cycles[0]!.number}–${cycles[cycles.length - 1]!.number}`;
    throw fieldError('E_VALUE', 'cycles', (field) => `${field('cycles')}: no such cycle in this file (cycles ${have})`, { file });
  }
  return chosen;
}
