import type { CycleWindows } from '../../analysis/windows.js';
import type { Direction } from '../../analysis/half-cycle.js';
import { round7, singleView } from './spec.js';
import type { Figure, FigureLook } from './types.js';

export interface WindowsSeries {
  name: string;
  cycles: CycleWindows[];
}

/** "< 3.00 V", "3.00–3.60 V", "> 3.60 V". */
export function windowLabel(fromV: number | null, toV: number | null): string {
  if (fromV === null) return `< ${toV!.toFixed(2)} V`;
  if (toV === null) return `> ${fromV.toFixed(2)} V`;
  return `${fromV.toFixed(2)}–${toV.toFixed(2)} V`;
}

const MAX_BARS = 300;

/** Capacity inside each voltage window, per cycle, stacked (the stack's top is the half cycle's ∫I dt). */
export function windowsFigure(series: WindowsSeries[], look: FigureLook, direction: Direction, specific: boolean): Figure {
  const unit = specific ? 'mAh g⁻¹' : 'mAh';
  const values: Record<string, unknown>[] = [];
  const csv: (string | number | null)[][] = [];
  const domain: string[] = [];
  let thinned = false;
  for (const s of series) {
    // More bars than pixel columns read as noise: evenly spaced cycles are drawn (first and last
    // included), every cycle is in --data.
    const every = Math.max(1, Math.ceil(s.cycles.length / MAX_BARS));
    thinned ||= every > 1;
    s.cycles.forEach((c, i) => {
      const h = direction === 'charge' ? c.charge : c.discharge;
      if (!h) return;
      const drawn = every === 1 || i % every === 0 || i === s.cycles.length - 1;
      h.windows.forEach((w, k) => {
        const label = windowLabel(w.fromV, w.toV);
        if (!domain.includes(label)) domain.push(label);
        const q = specific ? w.specificCapacityMAhG : w.capacityMAh;
        csv.push([s.name, c.cycle, direction, label, round7(q)]);
        if (drawn) values.push({ file: s.name, cycle: c.cycle, window: label, k, q: round7(q) });
      });
    });
  }
  const several = series.length > 1;
  return {
    kind: 'windows',
    spec: {
      ...singleView(look, `Capacity by voltage window (${direction})`, thinned ? `evenly spaced cycles, at most ${MAX_BARS} per file (all in --data)` : undefined),
      name: 'bars',
      data: { values },
      mark: { type: 'bar' },
      encoding: {
        x: { field: 'cycle', type: 'ordinal', title: 'cycle number', axis: { labelAngle: 0, labelOverlap: 'greedy' } },
        ...(several ? { xOffset: { field: 'file', type: 'nominal' } } : {}),
        y: { field: 'q', type: 'quantitative', title: `${direction} capacity (${unit})`, stack: 'zero' },
        color: { field: 'window', type: 'nominal', title: null, scale: { domain }, legend: { orient: 'top', direction: 'horizontal' } },
        order: { field: 'k' },
        ...(several ? { opacity: { field: 'file', type: 'nominal', scale: { range: [1, 0.55] }, legend: { orient: 'bottom', title: null } } } : {}),
      },
    },
    data: { header: ['file', 'cycle', 'direction', 'window', specific ? 'specificCapacityMAhG' : 'capacityMAh'], rows: csv },
  };
}
