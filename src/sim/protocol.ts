/**
 * Test programs as a cycler runs them: a flat sequence of steps, each tagged with the cycle
 * it belongs to and its program step id (which repeats every loop, as in a Neware program).
 * Generated lazily, so a 10,000-cycle program costs nothing up front.
 */
export type StepPlan =
  | { kind: 'charge' | 'discharge'; cRate: number; limitV: number; cycle: number; programStep: number }
  | { kind: 'rest'; durationS: number; cycle: number; programStep: number };

/** The paper's rate test: 0.2C up to 50C, then back to 0.2C to show recovery. */
export const PAPER_RATES = [0.2, 0.5, 1, 2, 5, 10, 20, 50, 0.2];

export interface ProgramOptions {
  /** C-rate of each group of cycles; `cycling`, `long` and `full-cell` have one group. */
  rates: number[];
  cyclesPerGroup: number;
  minV: number;
  maxV: number;
  /** Rest after every current step (and once before the first), s; 0 = none. */
  restS: number;
  /** A half-anode cycles discharge (sodiation) first; cathodes and full cells charge first. */
  dischargeFirst?: boolean;
}

export function* programSteps(o: ProgramOptions): Generator<StepPlan> {
  let cycle = 1;
  if (o.restS > 0) yield { kind: 'rest', durationS: o.restS, cycle, programStep: 1 };
  for (let g = 0; g < o.rates.length; g++) {
    const cRate = o.rates[g]!;
    const base = 2 + 4 * g;
    for (let n = 0; n < o.cyclesPerGroup; n++, cycle++) {
      const charge: StepPlan = { kind: 'charge', cRate, limitV: o.maxV, cycle, programStep: base };
      const discharge: StepPlan = { kind: 'discharge', cRate, limitV: o.minV, cycle, programStep: base };
      const [first, second] = o.dischargeFirst ? [discharge, charge] : [charge, discharge];
      yield first;
      if (o.restS > 0) yield { kind: 'rest', durationS: o.restS, cycle, programStep: base + 1 };
      yield { ...second, programStep: base + 2 };
      if (o.restS > 0) yield { kind: 'rest', durationS: o.restS, cycle, programStep: base + 3 };
    }
  }
}

export function totalCycles(o: ProgramOptions): number {
  return o.rates.length * o.cyclesPerGroup;
}
