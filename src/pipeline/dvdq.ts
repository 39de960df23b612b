import { differentialVoltage, type DvdqCurve, type DvdqOptions } from '../analysis/dvdq.js';
import { halfCycleSeries, type Direction } from '../analysis/half-cycle.js';
import type { LoadOptions } from './load.js';
import { selectCycles, type CycleSelection } from '../segment/selection.js';
import { keepingPointsOf } from './cycle-selection.js';
import { partialCycleNumbers, summariseFile, type CeChoice, type SummaryResult } from './summarise.js';
import { LazyItems, type Items } from '../util/lazy-items.js';

export interface DvdqSettings {
  options: DvdqOptions;
  directions: Direction[];
  selection: CycleSelection;
}

export interface DvdqHalfCycle {
  cycle: number;
  direction: Direction;
  totalMAh: number;
  curve: DvdqCurve;
}

export interface DvdqResult {
  base: SummaryResult;
  settings: DvdqSettings;
  /**
   * Made at once for a few half cycles; from LAZY_FROM_HALF_CYCLES on, each is made when it is
   * read (`--cycle all` on 10,000 cycles: 20,000 curves of 1,000 points, 0.5 GB held at once).
   */
  halfCycles: Items<DvdqHalfCycle>;
}

export const LAZY_FROM_HALF_CYCLES = 64;

export async function dvdqFile(file: string, o: { load: LoadOptions; ce: CeChoice; settings: DvdqSettings }): Promise<DvdqResult> {
  const base = await summariseFile(file, keepingPointsOf(o.load, o.settings.selection), o.ce);
  const cycles = selectCycles(base.dataset.cycles.cycles, o.settings.selection, base.dataset.file, { partial: partialCycleNumbers(base) });
  // Which half cycles exist is known from the steps' kinds: halfCycleSeries gives one exactly when a step of that direction exists.
  const chosen = cycles.flatMap((c) => o.settings.directions.filter((direction) => c.steps.some((s) => s.kind === direction)).map((direction) => ({ cycle: c, direction })));
  const make = ({ cycle, direction }: (typeof chosen)[number]): DvdqHalfCycle => {
    const series = halfCycleSeries(cycle.steps, direction)!;
    return { cycle: cycle.number, direction, totalMAh: Math.abs(series.integratedAh) * 1000, curve: differentialVoltage(series, o.settings.options) };
  };
  const halfCycles = chosen.length >= LAZY_FROM_HALF_CYCLES ? new LazyItems(chosen.length, (i) => make(chosen[i]!)) : chosen.map(make);
  return { base, settings: o.settings, halfCycles };
}
