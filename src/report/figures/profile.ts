import type { ProfileCycle } from '../../pipeline/profile.js';
import { colours } from './look.js';
import { minMaxIndices } from '../../math/decimate.js';
import { round7, singleView } from './spec.js';
import type { Figure, FigureLook } from './types.js';

export interface ProfileSeries {
  name: string;
  massG: number | null;
  cycles: ProfileCycle[];
}

/** Points per half cycle in the figure: a few per pixel column at any size. */
const POINTS_PER_HALF = 400;

/**
 * Voltage against the capacity passed in each half cycle (∫I dt from its start), for the chosen
 * cycles: charge solid, discharge dashed (they read without colour), colour by cycle number on
 * a sequential scale with a colour bar (by file when several files are overlaid).
 */
export function profileFigure(series: ProfileSeries[], look: FigureLook, specific: boolean): Figure {
  const c = colours(look.theme);
  const unit = specific ? 'mAh g⁻¹' : 'mAh';
  const values: Record<string, unknown>[] = [];
  const csv: (string | number | null)[][] = [];
  for (const s of series) {
    const scale = specific ? 1000 / s.massG! : 1000;
    for (const cyc of s.cycles) {
      for (const h of cyc.halves) {
        const keep = new Set(minMaxIndices(h.voltageV, POINTS_PER_HALF / 4));
        keep.add(h.voltageV.length - 1);
        for (let i = 0; i < h.voltageV.length; i++) {
          const q = h.capacityAh[i]! * scale;
          csv.push([s.name, cyc.cycle, h.direction, round7(q), round7(h.voltageV[i]!)]);
          if (keep.has(i)) values.push({ file: s.name, cycle: cyc.cycle, direction: h.direction, line: `${s.name} ${cyc.cycle} ${h.direction}`, i, q: round7(q), v: round7(h.voltageV[i]!) });
        }
      }
    }
  }
  const cycleCount = new Set(series.flatMap((s) => s.cycles.map((x) => x.cycle))).size;
  const several = series.length > 1;
  const color = several
    ? { field: 'file', type: 'nominal', title: null, legend: { orient: 'top', direction: 'horizontal' } }
    : cycleCount > 1
      ? { field: 'cycle', type: 'quantitative', title: 'cycle', scale: { scheme: 'viridis' }, legend: { type: 'gradient', gradientLength: Math.max(40, Math.round(look.size.heightPx * 0.4)), gradientThickness: 8 } }
      : { value: c.palette[0] };
  const cycles = [...new Set(series.flatMap((s) => s.cycles.map((x) => x.cycle)))].sort((a, b) => a - b);
  return {
    kind: 'profile',
    spec: {
      ...singleView(look, 'Voltage profile', `cycle${cycles.length > 1 ? 's' : ''} ${abbreviate(cycles)}`),
      name: 'curves',
      data: { values },
      mark: { type: 'line', strokeWidth: 1.1 },
      encoding: {
        x: { field: 'q', type: 'quantitative', title: `capacity (${unit})` },
        y: { field: 'v', type: 'quantitative', title: 'voltage (V)', scale: { zero: false } },
        color,
        strokeDash: { field: 'direction', type: 'nominal', title: null, scale: { domain: ['charge', 'discharge'], range: [[1, 0], [4, 2]] }, legend: { orient: 'bottom-right', direction: 'vertical' } },
        detail: { field: 'line' },
        order: { field: 'i' },
      },
    },
    data: { header: ['file', 'cycle', 'direction', specific ? 'specificCapacityMAhG' : 'capacityMAh', 'voltageV'], rows: csv },
  };
}

/** "1, 2, 10, 100" or "1, 2, 3, …, 50 (12 cycles)". */
export function abbreviate(cycles: number[]): string {
  if (cycles.length <= 8) return cycles.join(', ');
  return `${cycles.slice(0, 3).join(', ')}, …, ${cycles[cycles.length - 1]} (${cycles.length} cycles)`;
}
