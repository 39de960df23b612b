import { CyclekitError } from '../model/errors.js';
import type { Cycle } from '../segment/cycles.js';
import type { LoadOptions } from '../segment/dataset.js';

/** `all`, one cycle `3`, a range `2-5`, or a list `1,3,7-9`, as the cycler numbers them. */
export type CycleSelection = { all: true } | { all: false; ranges: [number, number][]; text: string };

export function parseCycleSelection(text: string, option = '--cycle'): CycleSelection {
  const t = text.trim().toLowerCase();
  if (t === 'all') return { all: true };
  const ranges: [number, number][] = [];
  for (const part of t.split(',')) {
    const m = /^(\d+)(?:\s*-\s*(\d+))?$/.exec(part.trim());
    if (!m) throw new CyclekitError('E_USAGE', `${option} ${text}: expected all, a cycle number (3), a range (2-5) or a list (1,3,7-9)`);
    const a = Number(m[1]);
    const b = m[2] === undefined ? a : Number(m[2]);
    if (b < a) throw new CyclekitError('E_USAGE', `${option} ${text}: range ${a}-${b} runs backwards`);
    ranges.push([a, b]);
  }
  return { all: false, ranges, text };
}

/** The cycles whose points an analysis of `selection` reads; undefined for all of them. */
export function pointCyclesOf(selection: CycleSelection): [number, number][] | undefined {
  return selection.all ? undefined : selection.ranges;
}

/** The selected cycles; an error naming the file's cycles when none matches. */
export function selectCycles(cycles: Cycle[], selection: CycleSelection, file: string): Cycle[] {
  if (selection.all) return cycles;
  const chosen = cycles.filter((c) => selection.ranges.some(([a, b]) => c.number >= a && c.number <= b));
  if (chosen.length === 0) {
    const numbers = cycles.map((c) => c.number);
    const have = numbers.length === 0 ? 'none' : `${Math.min(...numbers)}–${Math.max(...numbers)}`;
    throw new CyclekitError('E_VALUE', `--cycle ${selection.text}: no such cycle in this file (cycles ${have}); pass --cycle all to list them`, { file });
  }
  return chosen;
}

/** Load options that keep the points of the selected cycles only (all of them for `all`). */
export function keepingPointsOf(load: LoadOptions, selection: CycleSelection): LoadOptions {
  const pointCycles = pointCyclesOf(selection);
  return { ...load, keepPoints: true, ...(pointCycles ? { pointCycles } : {}) };
}
