import type { Step } from './steps.js';

export type CycleRuleName = 'file' | 'charge-first' | 'discharge-first';
export type CycleRuleOption = 'auto' | CycleRuleName;

/** The file's cycle column unless it cannot be trusted, then derived (docs/architecture.md#steps-and-cycles). */
export const DEFAULT_CYCLE_RULE: CycleRuleOption = 'auto';

export interface Cycle {
  /** The cycler's own number under rule 'file' (never renumbered); 1, 2, … when derived. */
  number: number;
  steps: Step[];
}

export interface CycleAssignment {
  rule: CycleRuleName;
  /** One sentence for humans and JSON `cycleRule`: which rule and why. */
  description: string;
  cycles: Cycle[];
}

/**
 * Group steps into cycles.
 *
 * - `file`: the cycler's cycle column, as written (0-based numbering kept).
 * - `charge-first` / `discharge-first`: a cycle opens with the first step of the starting
 *   direction and closes when that direction returns after the opposite one was seen.
 *   Rests and other steps belong to the cycle they fall in.
 *
 * `auto` uses the file's column unless it is missing or constant while the current changes
 * direction more than once (Arbin files with Cycle_Index 1 throughout, Maccor with Cyc# 0);
 * then it derives cycles starting with the direction of the first charge or discharge step.
 */
export function assignCycles(steps: Step[], option: CycleRuleOption = 'auto', readerNumbering?: string): CycleAssignment {
  const active = steps.filter((s) => s.kind === 'charge' || s.kind === 'discharge');
  const firstActive = active[0];
  const startDirection = firstActive?.kind === 'discharge' ? 'discharge' : 'charge';
  const distinct = new Set(steps.map((s) => s.fileCycle).filter((c): c is number => c !== null));
  const hasColumn = steps.length > 0 && steps.every((s) => s.fileCycle !== null);
  const directionChanges = countDirectionChanges(active);
  // A cycle number lower than the one before: a resumed or appended test counting again from 1.
  // Grouping by number would add the two runs' cycles together.
  const restart = hasColumn ? steps.findIndex((s, i) => i > 0 && s.fileCycle! < steps[i - 1]!.fileCycle!) : -1;

  let rule: CycleRuleName;
  let why: string;
  if (option !== 'auto') {
    rule = option;
    why = 'chosen with --cycle-rule';
  } else if (restart > 0) {
    rule = startDirection === 'discharge' ? 'discharge-first' : 'charge-first';
    why = `the file's cycle numbers start again: cycle ${steps[restart - 1]!.fileCycle} then ${steps[restart]!.fileCycle} on line ${steps[restart]!.startLine}`;
  } else if (hasColumn && (distinct.size > 1 || directionChanges <= 1)) {
    rule = 'file';
    why = 'the file has a cycle column';
  } else {
    rule = startDirection === 'discharge' ? 'discharge-first' : 'charge-first';
    why = hasColumn
      ? `the file's cycle column is constant (${[...distinct][0]}) while the current changes direction ${directionChanges} times`
      : 'the file has no cycle column';
  }

  if (rule === 'file') {
    if (!hasColumn) return derive(steps, startDirection, 'the file has no cycle column; --cycle-rule file ignored');
    const byNumber = new Map<number, Step[]>();
    for (const s of steps) {
      const n = s.fileCycle!;
      let list = byNumber.get(n);
      if (!list) byNumber.set(n, (list = []));
      list.push(s);
    }
    const cycles = [...byNumber.entries()].map(([number, list]) => ({ number, steps: list }));
    const description = readerNumbering ? `file: ${readerNumbering}` : `file: cycle numbers as the cycler wrote them (${why})`;
    return { rule, description, cycles };
  }
  if (option === 'auto' && rule === 'discharge-first') {
    const opening = shortOpeningDischarge(steps);
    if (opening) return deriveAfterOpening(steps, opening, why);
  }
  return derive(steps, rule === 'discharge-first' ? 'discharge' : 'charge', why);
}

/** Capacity a step passed, Ah: the file's counter when it has one, else |∫I dt|. */
export function stepCapacityAh(s: Step): number {
  return s.fileCapacityAh ?? Math.abs(s.integratedAh);
}

/**
 * An opening discharge is "short" when it passes less than a third of the median of the next
 * three discharges: a cell taken from open circuit down to the lower limit before the test's
 * first charge (Maccor, BioLogic coin cells of a charge-first test). Numbered as one of the
 * test's cycles, it would pair with the first charge and give a CE of 14–21 %.
 */
export const SHORT_OPENING_FRACTION = 1 / 3;

interface OpeningDischarge {
  /** Index in `steps` of the first charge step after it. */
  firstChargeIndex: number;
  capacityAh: number;
  laterMedianAh: number;
}

function shortOpeningDischarge(steps: Step[]): OpeningDischarge | null {
  const firstChargeIndex = steps.findIndex((s) => s.kind === 'charge');
  if (firstChargeIndex <= 0) return null;
  const capacityAh = steps.slice(0, firstChargeIndex).filter((s) => s.kind === 'discharge').reduce((q, s) => q + stepCapacityAh(s), 0);
  // Later discharges, each a run of discharge steps between charges.
  const later: number[] = [];
  let run = 0;
  for (const s of steps.slice(firstChargeIndex)) {
    if (s.kind === 'discharge') run += stepCapacityAh(s);
    else if (s.kind === 'charge' && run > 0) {
      later.push(run);
      run = 0;
      if (later.length === 3) break;
    }
  }
  if (run > 0 && later.length < 3) later.push(run);
  if (later.length === 0 || capacityAh <= 0) return null;
  const sorted = [...later].sort((a, b) => a - b);
  const laterMedianAh = sorted[Math.floor((sorted.length - 1) / 2)]!;
  return capacityAh < laterMedianAh * SHORT_OPENING_FRACTION ? { firstChargeIndex, capacityAh, laterMedianAh } : null;
}

/** Cycle 0 = everything before the first charge; then charge-first cycles from 1. */
function deriveAfterOpening(steps: Step[], opening: OpeningDischarge, why: string): CycleAssignment {
  const rest = derive(steps.slice(opening.firstChargeIndex), 'charge', why);
  const percent = ((opening.capacityAh / opening.laterMedianAh) * 100).toFixed(1);
  return {
    rule: 'charge-first',
    description: `${rest.description}; the file opens with a short discharge from open circuit (${(opening.capacityAh * 1000).toPrecision(4)} mAh, ${percent} % of the next discharges), kept apart as cycle 0`,
    cycles: [{ number: 0, steps: steps.slice(0, opening.firstChargeIndex) }, ...rest.cycles],
  };
}

function countDirectionChanges(active: Step[]): number {
  let changes = 0;
  for (let i = 1; i < active.length; i++) if (active[i]!.kind !== active[i - 1]!.kind) changes++;
  return changes;
}

function derive(steps: Step[], start: 'charge' | 'discharge', why: string): CycleAssignment {
  const opposite = start === 'charge' ? 'discharge' : 'charge';
  const cycles: Cycle[] = [];
  let current: Cycle = { number: 1, steps: [] };
  let seenOpposite = false;
  for (const s of steps) {
    if (s.kind === start && seenOpposite) {
      cycles.push(current);
      current = { number: current.number + 1, steps: [] };
      seenOpposite = false;
    }
    if (s.kind === opposite) seenOpposite = true;
    current.steps.push(s);
  }
  if (current.steps.length > 0) cycles.push(current);
  const rule: CycleRuleName = start === 'charge' ? 'charge-first' : 'discharge-first';
  return {
    rule,
    description: `${rule}: a cycle is a ${start} followed by its ${opposite}, numbered from 1 (${why})`,
    cycles,
  };
}
