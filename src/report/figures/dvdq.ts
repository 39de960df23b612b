import type { DvdqCurve } from '../../analysis/dvdq.js';
import { colours } from './look.js';
import { abbreviate } from './profile.js';
import { round7, singleView } from './spec.js';
import type { Figure, FigureLook } from './types.js';

export interface DvdqSeries {
  name: string;
  curves: { cycle: number; curve: DvdqCurve }[];
}

/** Share of each half cycle's capacity, at either end, left out of the y range (not of the data). */
const END_SHARE = 0.05;

/**
 * dV/dQ against the capacity passed in each half cycle (charge positive, discharge negative, as
 * the analysis signs them; charge solid, discharge dashed). At the ends of a half cycle dV/dQ
 * runs off to the cut-off voltages: the y range covers the middle 90 % of each curve's capacity
 * so the phase-boundary peaks inside stay readable, and says so; `--data` has every point.
 */
export function dvdqFigure(series: DvdqSeries[], look: FigureLook): Figure {
  const c = colours(look.theme);
  const values: Record<string, unknown>[] = [];
  const csv: (string | number | null)[][] = [];
  const several = series.length > 1;
  let low = Infinity;
  let high = -Infinity;
  for (const s of series) {
    for (const { cycle, curve } of s.curves) {
      const total = curve.capacityMAh.length > 0 ? curve.capacityMAh[curve.capacityMAh.length - 1]! - curve.capacityMAh[0]! : 0;
      curve.capacityMAh.forEach((q, i) => {
        const d = curve.dvdqVPerMAh[i]!;
        csv.push([s.name, cycle, curve.direction, round7(q), round7(curve.voltageV[i]!), round7(d)]);
        if (!Number.isFinite(d)) return;
        const share = total > 0 ? (q - curve.capacityMAh[0]!) / total : 0.5;
        if (share >= END_SHARE && share <= 1 - END_SHARE) {
          low = Math.min(low, d);
          high = Math.max(high, d);
        }
        values.push({ series: several ? `${s.name} · cycle ${cycle}` : `cycle ${cycle}`, line: `${s.name} ${cycle} ${curve.direction}`, direction: curve.direction, i, q: round7(q), d: round7(d) });
      });
    }
  }
  const cycles = [...new Set(series.flatMap((s) => s.curves.map((x) => x.cycle)))].sort((a, b) => a - b);
  const keys = new Set(values.map((v) => v.series as string));
  const colourBy = keys.size > 1 ? { field: 'series', type: 'nominal', title: null, legend: { orient: 'top', direction: 'horizontal' } } : { value: c.palette[0] };
  const pad = Number.isFinite(low) && Number.isFinite(high) ? Math.max((high - low) * 0.05, 1e-9) : 0;
  const domain = Number.isFinite(low) && Number.isFinite(high) ? [round7(low - pad), round7(high + pad)] : undefined;
  const x = { field: 'q', type: 'quantitative', title: 'capacity passed in the half cycle (mAh)' };
  const y = { field: 'd', type: 'quantitative', title: 'dV/dQ (V mAh⁻¹)', ...(domain ? { scale: { domain } } : {}) };
  return {
    kind: 'dvdq',
    spec: {
      ...singleView(look, 'Differential voltage', `cycle${cycles.length > 1 ? 's' : ''} ${abbreviate(cycles)} · discharge negative · y range: middle 90 % of each half cycle`),
      layer: [
        { data: { values: [{ zero: 0 }] }, mark: { type: 'rule', strokeWidth: 0.6 }, encoding: { y: { field: 'zero', type: 'quantitative' }, color: { value: c.grid } } },
        {
          name: 'curves',
          data: { values },
          mark: { type: 'line', strokeWidth: 1.1, clip: true },
          encoding: {
            x,
            y,
            color: colourBy,
            strokeDash: { field: 'direction', type: 'nominal', title: null, scale: { domain: ['charge', 'discharge'], range: [[1, 0], [4, 2]] }, legend: { orient: 'top', direction: 'horizontal' } },
            detail: { field: 'line' },
            order: { field: 'i' },
          },
        },
      ],
    },
    data: { header: ['file', 'cycle', 'direction', 'capacityMAh', 'voltageV', 'dvdqVPerMAh'], rows: csv },
  };
}
