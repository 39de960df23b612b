import { stepCapacityAh, type Cycle } from '../segment/cycles.js';
import { median } from '../math/median.js';

type Direction = 'charge' | 'discharge';

interface HalfCycleFacts {
  capacityAh: number;
  /** Mean |I| over the half cycle's steps, A (null without time). */
  meanCurrentA: number | null;
  lastVoltageV: number;
  /** Index of its last step in the file, to find the file's final half cycle. */
  lastStepIndex: number;
}

/**
 * A half cycle is "far below" its neighbours when it passes less than a third of the median of
 * the same direction's half cycles in the two cycles before and after it that ran at a similar
 * current (within a factor 1.6): a rate step is never compared with the rate before it, since
 * at 20× the current a cell may well give a tenth of the capacity.
 */
export const FAR_BELOW_SIMILAR_CURRENT = 1 / 3;
export const SIMILAR_CURRENT_FACTOR = 1.6;
/**
 * Within one cycle, a half cycle under a fifth of the other (a CE below 20 % or above 500 %) was
 * cut short: formation and Na-rich starts give 40–160 %, never a factor of five.
 */
export const FAR_BELOW_OWN_CYCLE = 1 / 5;
const NEIGHBOURS_EACH_SIDE = 2;

function halfFacts(cycle: Cycle, direction: Direction): HalfCycleFacts | null {
  const list = cycle.steps.filter((s) => s.kind === direction);
  if (list.length === 0) return null;
  let capacityAh = 0;
  let integratedAh = 0;
  let durationS = 0;
  for (const s of list) {
    capacityAh += stepCapacityAh(s);
    integratedAh += Math.abs(s.integratedAh);
    durationS += s.endTimeS - s.startTimeS;
  }
  const last = list[list.length - 1]!;
  return { capacityAh, meanCurrentA: durationS > 0 ? (integratedAh * 3600) / durationS : null, lastVoltageV: last.lastVoltageV, lastStepIndex: last.index };
}


/**
 * Which cycles are partial, and why (index in `cycles` → reason). A cycle is partial when one of
 * its half cycles is far below its neighbours (rule above), or when it is the file's last cycle
 * and unfinished: it lacks a direction the cycle before it has, or its last half cycle stops
 * more than 50 mV short of where the same direction's earlier half cycles ended. Partial cycles
 * stay in tables but are left out of CE statistics, retention baselines, fade fits and `check`
 * ranges.
 */
export function findPartialCycles(cycles: readonly Cycle[]): Map<number, string> {
  const out = new Map<number, string>();
  const facts = cycles.map((c) => ({ charge: halfFacts(c, 'charge'), discharge: halfFacts(c, 'discharge') }));
  for (let i = 0; i < cycles.length; i++) {
    const { charge, discharge } = facts[i]!;
    if (charge && discharge && charge.capacityAh > 0 && discharge.capacityAh > 0) {
      const [small, large, name] = charge.capacityAh < discharge.capacityAh ? [charge, discharge, 'charge'] : [discharge, charge, 'discharge'];
      if (small.capacityAh < large.capacityAh * FAR_BELOW_OWN_CYCLE) {
        out.set(i, `${name} ${(small.capacityAh * 1000).toPrecision(4)} mAh is ${((small.capacityAh / large.capacityAh) * 100).toFixed(1)} % of the cycle's other half`);
        continue;
      }
    }
    for (const direction of ['charge', 'discharge'] as const) {
      const me = facts[i]![direction];
      if (!me) continue;
      const similar: number[] = [];
      for (let j = Math.max(0, i - NEIGHBOURS_EACH_SIDE); j <= Math.min(cycles.length - 1, i + NEIGHBOURS_EACH_SIDE); j++) {
        const other = facts[j]![direction];
        if (j === i || !other || other.capacityAh <= 0) continue;
        const ratio = me.meanCurrentA !== null && other.meanCurrentA !== null && me.meanCurrentA > 0 ? other.meanCurrentA / me.meanCurrentA : null;
        if (ratio !== null && ratio < SIMILAR_CURRENT_FACTOR && ratio > 1 / SIMILAR_CURRENT_FACTOR) similar.push(other.capacityAh);
      }
      if (similar.length > 0 && me.capacityAh < median(similar) * FAR_BELOW_SIMILAR_CURRENT) {
        out.set(i, `${direction} ${(me.capacityAh * 1000).toPrecision(4)} mAh is ${((me.capacityAh / median(similar)) * 100).toFixed(1)} % of the median of its neighbours at a similar current`);
        break;
      }
    }
  }
  markUnfinishedEnd(cycles, facts, out);
  return out;
}

function markUnfinishedEnd(cycles: readonly Cycle[], facts: { charge: HalfCycleFacts | null; discharge: HalfCycleFacts | null }[], out: Map<number, string>): void {
  const i = cycles.length - 1;
  if (i < 1 || out.has(i)) return;
  const me = facts[i]!;
  const before = facts[i - 1]!;
  if (!me.charge && !me.discharge) return;
  for (const direction of ['charge', 'discharge'] as const) {
    if (before[direction] && !me[direction]) {
      out.set(i, `unfinished: the file ends before this cycle's ${direction}`);
      return;
    }
  }
  const lastDirection: Direction = (me.charge?.lastStepIndex ?? -1) > (me.discharge?.lastStepIndex ?? -1) ? 'charge' : 'discharge';
  const ends = facts.slice(Math.max(0, i - 3), i).map((f) => f[lastDirection]?.lastVoltageV).filter((v): v is number => v !== undefined);
  if (ends.length === 0) return;
  const usualEndV = median(ends);
  const shortV = lastDirection === 'charge' ? usualEndV - me[lastDirection]!.lastVoltageV : me[lastDirection]!.lastVoltageV - usualEndV;
  if (shortV > 0.05) out.set(i, `unfinished: the file ends during the ${lastDirection}, at ${me[lastDirection]!.lastVoltageV.toFixed(3)} V, ${(shortV * 1000).toFixed(0)} mV short of where earlier ${lastDirection}s ended (${usualEndV.toFixed(3)} V)`);
}
