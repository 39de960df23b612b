import type { RedoxCouple } from '../../analysis/couples.js';
import { round7, stackedView } from './spec.js';
import type { Figure, FigureLook } from './types.js';

export interface PeaksSeries {
  name: string;
  /** Couples of every analysed cycle; only labelled ones are drawn (the label is what follows a couple from cycle to cycle). */
  couples: RedoxCouple[];
}

/** Oxidation and reduction peak potentials and their separation (polarisation) against cycle, one colour per labelled couple. */
export function peaksFigure(series: PeaksSeries[], look: FigureLook): Figure {
  const values: Record<string, unknown>[] = [];
  const csv: (string | number | null)[][] = [];
  for (const s of series) {
    for (const c of s.couples) {
      if (c.label === null) continue;
      const couple = series.length > 1 ? `${c.label} · ${s.name}` : c.label;
      csv.push([s.name, c.cycle, c.label, round7(c.oxidationV), round7(c.reductionV), round7(c.polarizationV * 1000)]);
      values.push({ couple, cycle: c.cycle, peak: 'oxidation', v: round7(c.oxidationV), dE: round7(c.polarizationV * 1000) });
      values.push({ couple, cycle: c.cycle, peak: 'reduction', v: round7(c.reductionV), dE: null });
    }
  }
  const { top, widthPx, heightsPx } = stackedView(look, 'Redox peaks', [3, 2], undefined, 1);
  const color = { field: 'couple', type: 'nominal', title: null, legend: { orient: 'top', direction: 'horizontal' } };
  const x = (axis: boolean): Record<string, unknown> => ({ field: 'cycle', type: 'quantitative', title: 'cycle number', axis: axis ? {} : { labels: false, title: null, ticks: false } });
  return {
    kind: 'peaks',
    spec: {
      ...top,
      vconcat: [
        {
          name: 'potentials',
          width: widthPx,
          height: heightsPx[0],
          data: { values },
          // Points, not lines: a couple missing from some cycles must not be joined across them.
          mark: { type: 'point', filled: true, size: 22 },
          encoding: { x: x(false), y: { field: 'v', type: 'quantitative', title: 'peak potential (V)', scale: { zero: false } }, color, shape: { field: 'peak', type: 'nominal', title: null, scale: { domain: ['oxidation', 'reduction'], range: ['triangle-up', 'triangle-down'] }, legend: { orient: 'top' } } },
        },
        {
          name: 'polarisation',
          width: widthPx,
          height: heightsPx[1],
          data: { values },
          transform: [{ filter: 'isValid(datum.dE)' }],
          mark: { type: 'point', filled: true, size: 22 },
          encoding: { x: x(true), y: { field: 'dE', type: 'quantitative', title: 'ΔE (mV)', scale: { zero: false } }, color },
        },
      ],
    },
    data: { header: ['file', 'cycle', 'couple', 'oxidationV', 'reductionV', 'polarizationMV'], rows: csv },
  };
}
