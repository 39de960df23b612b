import type { InstrumentCycles } from '../model/record.js';

/** One direction's counter within one cycle: its first, last and largest value, and whether it fell. */
interface CounterRun {
  first: number;
  last: number;
  max: number;
  fell: boolean;
}

/**
 * What a reader saw of the file's per-cycle counters: per cycle number, the charge and the
 * discharge counter. Plain data, so the findings of a piece read on a worker thread can be
 * merged on the main thread.
 */
export type CycleCounterFindings = [cycle: number, charge: CounterRun | null, discharge: CounterRun | null][];

/** A counter that drops by more than this share of its value inside a cycle was restarted there. */
const FALL_FRACTION = 1e-6;

/**
 * The cycler's own per-cycle capacities from counters that restart with every cycle (Arbin's
 * `Charge_Capacity`/`Discharge_Capacity`, PEC's `Charge/Discharge Capacity (mAh)`): a cycle's
 * figure is the counter's largest value within it. A counter that falls inside a cycle was
 * restarted by something else (a step, a schedule rule), so its largest value is not the cycle's
 * and that figure is null — never a partial total.
 */
export class CycleCounterTotals {
  private readonly cycles = new Map<number, { charge: CounterRun | null; discharge: CounterRun | null }>();

  /** One row: the file's cycle number and both counters in Ah (null where the row has none). */
  see(cycle: number | null, chargeAh: number | null, dischargeAh: number | null): void {
    if (cycle === null || !Number.isInteger(cycle)) return;
    let c = this.cycles.get(cycle);
    if (!c) this.cycles.set(cycle, (c = { charge: null, discharge: null }));
    if (chargeAh !== null && Number.isFinite(chargeAh)) c.charge = extend(c.charge, chargeAh);
    if (dischargeAh !== null && Number.isFinite(dischargeAh)) c.discharge = extend(c.discharge, dischargeAh);
  }

  findings(): CycleCounterFindings {
    return [...this.cycles].map(([cycle, c]) => [cycle, c.charge, c.discharge]);
  }

  /** Take in a later piece's findings, as if its rows had been seen after this one's. */
  merge(later: CycleCounterFindings): void {
    for (const [cycle, charge, discharge] of later) {
      const c = this.cycles.get(cycle);
      if (!c) {
        this.cycles.set(cycle, { charge, discharge });
        continue;
      }
      c.charge = join(c.charge, charge);
      c.discharge = join(c.discharge, discharge);
    }
  }

  /** The per-cycle figures, in cycle order; null when no row carried a counter. */
  result(source: string): InstrumentCycles | null {
    const figure = (run: CounterRun | null): number | null => (run === null || run.fell ? null : run.max);
    const cycles = [...this.cycles]
      .filter(([, c]) => c.charge !== null || c.discharge !== null)
      .sort(([a], [b]) => a - b)
      .map(([cycle, c]) => ({ cycle, chargeCapacityAh: figure(c.charge), dischargeCapacityAh: figure(c.discharge), coulombicEfficiency: null }));
    return cycles.length === 0 ? null : { source, ceConvention: null, cycles };
  }
}

function falls(from: number, to: number): boolean {
  return to < from - FALL_FRACTION * Math.abs(from);
}

function extend(run: CounterRun | null, value: number): CounterRun {
  if (run === null) return { first: value, last: value, max: value, fell: false };
  if (falls(run.last, value)) run.fell = true;
  run.last = value;
  if (value > run.max) run.max = value;
  return run;
}

function join(a: CounterRun | null, b: CounterRun | null): CounterRun | null {
  if (a === null || b === null) return a ?? b;
  return { first: a.first, last: b.last, max: Math.max(a.max, b.max), fell: a.fell || b.fell || falls(a.last, b.first) };
}
