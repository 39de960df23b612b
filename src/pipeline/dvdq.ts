import { differentialVoltage, type DvdqCurve, type DvdqOptions } from '../analysis/dvdq.js';
import { halfCycleSeries, type Direction } from '../analysis/half-cycle.js';
import type { LoadOptions } from './load.js';
import { selectCycles, type CycleSelection } from '../segment/selection.js';
import { keepingPointsOf } from './cycle-selection.js';
import { partialCycleNumbers, summariseFile, type CeChoice, type SummaryResult } from './summarise.js';

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
  halfCycles: DvdqHalfCycle[];
}

export async function dvdqFile(file: string, o: { load: LoadOptions; ce: CeChoice; settings: DvdqSettings }): Promise<DvdqResult> {
  const base = await summariseFile(file, keepingPointsOf(o.load, o.settings.selection), o.ce);
  const cycles = selectCycles(base.dataset.cycles.cycles, o.settings.selection, base.dataset.file, { partial: partialCycleNumbers(base) });
  const halfCycles: DvdqHalfCycle[] = [];
  for (const c of cycles) {
    for (const direction of o.settings.directions) {
      const series = halfCycleSeries(c.steps, direction);
      if (!series) continue;
      halfCycles.push({ cycle: c.number, direction, totalMAh: Math.abs(series.integratedAh) * 1000, curve: differentialVoltage(series, o.settings.options) });
    }
  }
  return { base, settings: o.settings, halfCycles };
}
