import { fieldError } from '../model/errors.js';

/**
 * Which cycles a command or a check rule looks at: one grammar for `--cycle` (windows, dqdv,
 * dvdq, plot) and a spec's `cycles:`, and one function that applies it. Numbers are the cycle
 * numbers `summary` prints (the cycler's own under --cycle-rule file).
 *
 *   all | first | last | N | A-B | A-last | first-B | lists such as 1,5,10-20
 *
 * A range may also be written A–B (en dash) or A..B; letters may be upper case.
 */

/** One item of a selection: a range between bounds; a single cycle is a range of one. */
export interface CycleRange {
  from: number | 'first' | 'last';
  to: number | 'first' | 'last';
}

export type CycleSelection = { all: true; text: string } | { all: false; ranges: CycleRange[]; text: string };

export const ALL_CYCLES: CycleSelection = { all: true, text: 'all' };

/** What a selection may be, for messages. */
export const CYCLE_GRAMMAR = 'expected all, first, last, a cycle number (3), a range (2-5, 2-last) or a list (1,3,7-9)';
const ITEM = /^(\d+|first|last)(?:\s*(?:-|–|\.\.)\s*(\d+|last))?$/;

/** The selection `raw` writes, or what is wrong with it and where (1-based character position). */
export function readCycleSelection(raw: string | number): { selection: CycleSelection } | { problem: string } {
  if (typeof raw === 'number') {
    if (!Number.isSafeInteger(raw) || raw < 0) return { problem: `${CYCLE_GRAMMAR}; a cycle number is a whole number from 0` };
    return { selection: { all: false, ranges: [{ from: raw, to: raw }], text: String(raw) } };
  }
  if (raw.trim().toLowerCase() === 'all') return { selection: { all: true, text: raw } };
  const ranges: CycleRange[] = [];
  let offset = 0;
  for (const part of raw.split(',')) {
    const item = part.trim().toLowerCase();
    const position = offset + (part.length - part.trimStart().length) + 1;
    offset += part.length + 1;
    if (item === '') return { problem: `nothing at position ${position}; ${CYCLE_GRAMMAR}` };
    if (item === 'all') return { problem: `'all' at position ${position} stands alone, not in a list` };
    const m = ITEM.exec(item);
    if (!m) return { problem: `'${part.trim()}' at position ${position} is not a cycle; ${CYCLE_GRAMMAR}` };
    const bound = (b: string): number | 'first' | 'last' => (b === 'first' || b === 'last' ? b : Number(b));
    const from = bound(m[1]!);
    const to = m[2] === undefined ? from : bound(m[2]);
    if ((typeof from === 'number' && !Number.isSafeInteger(from)) || (typeof to === 'number' && !Number.isSafeInteger(to))) return { problem: `'${item}' at position ${position}: cycle number too large` };
    if (from === 'last' && to !== 'last') return { problem: `range ${item} at position ${position} runs backwards (it starts at the last cycle)` };
    if (typeof from === 'number' && typeof to === 'number' && to < from) return { problem: `range ${from}-${to} at position ${position} runs backwards` };
    ranges.push({ from, to });
  }
  return { selection: { all: false, ranges, text: raw } };
}

/**
 * A selection given as the option `field` (`cycles`: `--cycle`; `peakCycles`: `--peak-cycles`);
 * an E_USAGE error naming the option, the text and the position.
 */
export function parseCycleSelection(raw: string | number, field = 'cycles'): CycleSelection {
  const read = readCycleSelection(raw);
  if ('problem' in read) throw fieldError('E_USAGE', field, (name) => `${name(field)} ${raw}: ${read.problem}`);
  return read.selection;
}

export interface ResolveOptions {
  /**
   * Partial cycles (src/analysis/partial.ts): `first`, `last` and `A-last` then end at a
   * complete cycle — the last cycle of a file is often unfinished.
   */
  partial?: ReadonlySet<number>;
}

/**
 * The selection as numeric ranges over the cycle numbers a file has (ascending). `first` and
 * `last` name the first and last (complete) cycle; with no such cycle, their ranges are dropped.
 */
export function resolveCycleRanges(selection: CycleSelection, numbers: readonly number[], options: ResolveOptions = {}): [number, number][] {
  const complete = options.partial ? numbers.filter((n) => !options.partial!.has(n)) : numbers;
  const first = complete[0];
  const last = complete[complete.length - 1];
  if (selection.all) return numbers.length === 0 ? [] : [[numbers[0]!, numbers[numbers.length - 1]!]];
  const value = (b: number | 'first' | 'last'): number | undefined => (b === 'first' ? first : b === 'last' ? last : b);
  const out: [number, number][] = [];
  for (const r of selection.ranges) {
    const from = value(r.from);
    const to = value(r.to);
    if (from !== undefined && to !== undefined && from <= to) out.push([from, to]);
  }
  return out;
}

/** Whether a cycle number lies in resolved ranges. */
export function inCycleRanges(ranges: readonly (readonly [number, number])[], cycle: number): boolean {
  return ranges.some(([a, b]) => cycle >= a && cycle <= b);
}

/** The cycles whose points an analysis of `selection` reads, known before the file is read; undefined for all of them. */
export function pointCyclesOf(selection: CycleSelection): [number, number][] | undefined {
  if (selection.all) return undefined;
  const ranges: [number, number][] = [];
  for (const r of selection.ranges) {
    // `first` and `last` are known only once the file is read: keep every cycle's points.
    if (typeof r.from !== 'number' || typeof r.to !== 'number') return undefined;
    ranges.push([r.from, r.to]);
  }
  return ranges;
}

/** The selected cycles, in file order; an E_VALUE error naming the file's cycles when none matches. */
export function selectCycles<C extends { number: number }>(cycles: readonly C[], selection: CycleSelection, file: string, options: ResolveOptions = {}): C[] {
  if (selection.all) return [...cycles];
  const ranges = resolveCycleRanges(
    selection,
    cycles.map((c) => c.number),
    options,
  );
  const chosen = cycles.filter((c) => inCycleRanges(ranges, c.number));
  if (chosen.length === 0) {
    const numbers = cycles.map((c) => c.number);
    const have = numbers.length === 0 ? 'none' : `${Math.min(...numbers)}–${Math.max(...numbers)}`;
    throw fieldError('E_VALUE', 'cycles', (name) => `${name('cycles')} ${selection.text}: no such cycle in this file (cycles ${have}); pass ${name('cycles')} all to list them`, { file });
  }
  return chosen;
}

/** Whether the selection is one cycle named by its place (`first` or `last`), not by number. */
export function isPlaceSelection(selection: CycleSelection): boolean {
  if (selection.all || selection.ranges.length !== 1) return false;
  const r = selection.ranges[0]!;
  return typeof r.from !== 'number' && r.from === r.to;
}

/** "all cycles", "last cycle", "cycle 3", "cycles 2-5", "cycles 2-last", "cycles 1, 5, 10-20". */
export function describeCycleSelection(selection: CycleSelection): string {
  if (selection.all) return 'all cycles';
  const items = selection.ranges.map((r) => (r.from === r.to ? `${r.from}` : `${r.from}-${r.to}`));
  if (items.length === 1) {
    const r = selection.ranges[0]!;
    if (r.from === r.to) return typeof r.from === 'number' ? `cycle ${r.from}` : `${r.from} cycle`;
  }
  return `cycles ${items.join(', ')}`;
}
