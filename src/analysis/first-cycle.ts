import type { Cycle } from '../segment/cycles.js';
import { SIMILAR_CURRENT_FACTOR } from './partial.js';
import type { CycleSummary } from './summary.js';

/**
 * Margins of the formation rule: a CE at least 1 point below every later one and an opening half
 * cycle at least 1 % above every later one. Smaller differences are counter noise (a resistor
 * "cell" read to five digits differs by 0.01 point).
 */
const FORMATION_MIN_CE_GAP = 0.01;
const FORMATION_MIN_EXCESS = 0.01;

/**
 * Why the first complete cycle's CE sits outside the range of the later ones, when the data say
 * why. Two cases are recognised (docs/analyses.md, "Why cycle 1 differs"):
 *
 * - **formation**: against the later complete cycles run at a similar current (mean current
 *   within the partial-cycle rule's factor 1.6), cycle 1's opening half cycle (the charge of a
 *   charge-first cycle) passes more than any of them and its CE is below all of theirs: capacity
 *   went into the electrode once and did not come back (SEI/CEI, first-charge oxidation).
 * - **rate steps after an opening discharge**: cycle 1 is discharged at the current of the
 *   discharge before its charge (the opening discharge, cycle 0), so both discharges stop at the
 *   same state and its CE measures loss; later cycles that change the discharge current also
 *   count the capacity the new rate leaves in (or takes out of) the cell, so their CE is not a
 *   loss figure and their range says nothing about cycle 1.
 *
 * Returns one sentence, or null when cycle 1 is within the later range or neither case holds.
 */
export function firstCycleNote(cycles: readonly Cycle[], summaries: readonly CycleSummary[]): string | null {
  const complete = summaries.map((s, index) => ({ s, index })).filter(({ s }) => !s.partial && s.coulombicEfficiency !== null && s.cycle >= 1);
  if (complete.length < 3) return null;
  const first = complete[0]!;
  const later = complete.slice(1);
  const firstCe = first.s.coulombicEfficiency!;
  const ces = later.map(({ s }) => s.coulombicEfficiency!);
  const ceRange = `${percent(Math.min(...ces))}–${percent(Math.max(...ces))} %`;
  if (firstCe >= Math.min(...ces) && firstCe <= Math.max(...ces)) return null;

  const formation = formationNote(cycles, first, later);
  if (formation) return formation;

  const before = first.index > 0 ? summaries[first.index - 1]! : null;
  const discharge = (s: CycleSummary | null): number | null => absOrNull(s?.meanDischargeCurrentA ?? null);
  if (before !== null && before.chargeCapacityMAh === null && discharge(before) !== null && similarCurrent(discharge(first.s), discharge(before))) {
    const steps: string[] = [];
    let previous = first.s;
    for (const { s } of later) {
      if (!similarCurrent(discharge(s), discharge(previous))) steps.push(`${s.cycle} (${amps(discharge(previous))} → ${amps(discharge(s))})`);
      previous = s;
    }
    if (steps.length === 0) return null;
    return (
      `cycle ${first.s.cycle}'s CE ${percent(firstCe)} % is outside the later ${ceRange} because those are rate steps: cycle ${first.s.cycle} is discharged at the current of the opening discharge before its charge ` +
      `(${amps(discharge(first.s))}), so both discharges stop at the same state and only its CE compares the charge put in with the charge taken out; cycle(s) ${steps.join(', ')} change the discharge current, ` +
      `and their CE also counts the capacity the new rate leaves in the cell or takes out of it`
    );
  }
  return null;
}

type Indexed = { s: CycleSummary; index: number };

/** The formation case of `firstCycleNote`, or null. */
function formationNote(cycles: readonly Cycle[], first: Indexed, later: Indexed[]): string | null {
  const opening = openingDirection(cycles[first.index]!);
  if (opening === null) return null;
  const other = opening === 'charge' ? 'discharge' : 'charge';
  const current = (s: CycleSummary): number | null => absOrNull(opening === 'charge' ? s.meanChargeCurrentA : s.meanDischargeCurrentA);
  const capacity = (s: CycleSummary): number | null => (opening === 'charge' ? s.chargeCapacityMAh : s.dischargeCapacityMAh);
  const otherCapacity = (s: CycleSummary): number | null => (opening === 'charge' ? s.dischargeCapacityMAh : s.chargeCapacityMAh);
  const similar = later.filter(({ s }) => similarCurrent(current(first.s), current(s)));
  const inputs = similar.map(({ s }) => capacity(s)).filter((v): v is number => v !== null);
  const outputs = similar.map(({ s }) => otherCapacity(s)).filter((v): v is number => v !== null);
  const similarCes = similar.map(({ s }) => s.coulombicEfficiency!);
  const firstCe = first.s.coulombicEfficiency!;
  const firstIn = capacity(first.s);
  if (similar.length < 2 || inputs.length < similar.length || firstIn === null) return null;
  if (firstIn <= Math.max(...inputs) * (1 + FORMATION_MIN_EXCESS) || firstCe >= Math.min(...similarCes) - FORMATION_MIN_CE_GAP) return null;
  return (
    `cycle ${first.s.cycle} is a formation cycle: its ${opening} (${mah(firstIn)} mAh) passes more than any of the ${similar.length} later complete cycles at a similar current ` +
    `(${mah(Math.min(...inputs))}–${mah(Math.max(...inputs))} mAh) and its ${other} (${mah(otherCapacity(first.s))} mAh${outputs.length > 0 ? ` vs ${mah(Math.min(...outputs))}–${mah(Math.max(...outputs))}` : ''}) does not give it back, ` +
    `so its CE ${percent(firstCe)} % is below theirs (${percent(Math.min(...similarCes))}–${percent(Math.max(...similarCes))} %): capacity lost once, on first use`
  );
}

function openingDirection(cycle: Cycle): 'charge' | 'discharge' | null {
  const step = cycle.steps.find((s) => s.kind === 'charge' || s.kind === 'discharge');
  return step ? (step.kind as 'charge' | 'discharge') : null;
}

function similarCurrent(a: number | null, b: number | null): boolean {
  if (a === null || b === null || a <= 0 || b <= 0) return false;
  return a / b < SIMILAR_CURRENT_FACTOR && b / a < SIMILAR_CURRENT_FACTOR;
}

function absOrNull(v: number | null): number | null {
  return v === null ? null : Math.abs(v);
}

const percent = (ce: number): string => (ce * 100).toFixed(2);
const mah = (v: number | null): string => (v === null ? '–' : v.toPrecision(4));
const amps = (a: number | null): string => (a === null ? '–' : `${a.toPrecision(3)} A`);
