import type { DqdvAnalysis } from '../../analysis/dqdv.js';
import { colours } from './look.js';
import { abbreviate } from './profile.js';
import { round7, singleView } from './spec.js';
import type { Figure, FigureLook } from './types.js';

export interface DqdvSeries {
  name: string;
  analysis: DqdvAnalysis;
}

/**
 * dQ/dV against voltage for the chosen cycles (charge above zero, discharge below, as the
 * analysis signs them; charge solid, discharge dashed), every detected peak marked, and the
 * peaks that pair into a redox couple labelled with the couple's name (or its mean potential).
 */
export function dqdvFigure(series: DqdvSeries[], look: FigureLook): Figure {
  const c = colours(look.theme);
  const values: Record<string, unknown>[] = [];
  const peaks: Record<string, unknown>[] = [];
  const csv: (string | number | null)[][] = [];
  const keys = new Set<string>();
  for (const s of series) for (const h of s.analysis.halfCycles) keys.add(`${s.name} · cycle ${h.cycle}`);
  const several = series.length > 1;
  const keyOf = (name: string, cycle: number): string => (several ? `${name} · cycle ${cycle}` : `cycle ${cycle}`);
  for (const s of series) {
    for (const h of s.analysis.halfCycles) {
      const sign = h.direction === 'charge' ? 1 : -1;
      h.curve.voltageV.forEach((v, i) => {
        const d = h.curve.dqdvMAhPerV[i]!;
        csv.push([s.name, h.cycle, h.direction, round7(v), round7(d)]);
        if (Number.isFinite(d)) values.push({ series: keyOf(s.name, h.cycle), line: `${s.name} ${h.cycle} ${h.direction}`, direction: h.direction, i, v: round7(v), d: round7(d) });
      });
      for (const p of h.peaks) {
        const couple = s.analysis.couples.find((x) => x.cycle === h.cycle && (h.direction === 'charge' ? x.oxidationV === p.voltageV : x.reductionV === p.voltageV));
        peaks.push({ series: keyOf(s.name, h.cycle), direction: h.direction, v: round7(p.voltageV), d: round7(sign * p.heightMAhPerV), label: couple ? (couple.label ?? `${couple.meanVoltageV.toFixed(2)} V`) : null });
      }
    }
  }
  const cycles = [...new Set(series.flatMap((s) => s.analysis.halfCycles.map((h) => h.cycle)))].sort((a, b) => a - b);
  const colourBy = keys.size > 1 ? { field: 'series', type: 'nominal', title: null, legend: { orient: 'top', direction: 'horizontal' } } : { value: c.palette[0] };
  const x = { field: 'v', type: 'quantitative', title: 'voltage (V)', scale: { zero: false } };
  const y = { field: 'd', type: 'quantitative', title: 'dQ/dV (mAh V⁻¹)' };
  return {
    kind: 'dqdv',
    spec: {
      ...singleView(look, 'Differential capacity', `cycle${cycles.length > 1 ? 's' : ''} ${abbreviate(cycles)} · discharge negative`),
      layer: [
        { data: { values: [{ zero: 0 }] }, mark: { type: 'rule', strokeWidth: 0.6 }, encoding: { y: { field: 'zero', type: 'quantitative' }, color: { value: c.grid } } },
        {
          name: 'curves',
          data: { values },
          mark: { type: 'line', strokeWidth: 1.1 },
          encoding: {
            x,
            y,
            color: colourBy,
            strokeDash: { field: 'direction', type: 'nominal', title: null, scale: { domain: ['charge', 'discharge'], range: [[1, 0], [4, 2]] }, legend: { orient: 'top', direction: 'horizontal' } },
            detail: { field: 'line' },
            order: { field: 'i' },
          },
        },
        { name: 'peaks', data: { values: peaks }, mark: { type: 'point', shape: 'triangle-down', filled: true, size: 22 }, encoding: { x, y, color: { value: c.annotation } } },
        // Oxidation labels above their peak, reduction labels below theirs: off the curve.
        ...(['charge', 'discharge'] as const).map((dir) => ({
          name: `peak_labels_${dir}`,
          data: { values: peaks },
          transform: [{ filter: `datum.label !== null && datum.direction === '${dir}'` }],
          mark: { type: 'text', dy: dir === 'charge' ? -8 : 11 },
          encoding: { x, y, text: { field: 'label' } },
        })),
      ],
    },
    data: { header: ['file', 'cycle', 'direction', 'voltageV', 'dqdvMAhPerV'], rows: csv },
  };
}
