import type { RateResult } from '../../analysis/rate.js';
import type { CycleSummary } from '../../analysis/summary.js';
import { round7, singleView } from './spec.js';
import type { Figure, FigureLook } from './types.js';

export interface RateSeries {
  name: string;
  cycles: CycleSummary[];
  rate: RateResult;
}

/** "0.2C", "C/3" is shown as "0.33C"; a group without a 1C basis by its mean current. */
export function groupLabel(g: { cRate: number | null; meanDischargeCurrentMA: number | null }): string {
  if (g.cRate !== null) return `${Number(g.cRate.toPrecision(2))}C`;
  return g.meanDischargeCurrentMA !== null ? `${Number(g.meanDischargeCurrentMA.toPrecision(3))} mA` : '?';
}

/**
 * Discharge capacity per cycle, coloured by C-rate group, each group labelled above its
 * cycles, as a rate-capability figure is drawn in papers. Several files: one symbol per file.
 */
export function rateFigure(series: RateSeries[], look: FigureLook, specific: boolean): Figure {
  const unit = specific ? 'mAh g⁻¹' : 'mAh';
  const values: Record<string, unknown>[] = [];
  const labels: Record<string, unknown>[] = [];
  const csv: (string | number | null)[][] = [];
  const domain: string[] = [];
  for (const s of series) {
    const byCycle = new Map(s.cycles.map((c) => [c.cycle, c]));
    for (const g of s.rate.groups) {
      const label = groupLabel(g);
      if (!domain.includes(label)) domain.push(label);
      let top = -Infinity;
      for (const n of g.cycles) {
        const c = byCycle.get(n);
        const q = c ? (specific ? c.dischargeSpecificCapacityMAhG : c.dischargeCapacityMAh) : null;
        csv.push([s.name, n, label, round7(q)]);
        if (q === null) continue;
        top = Math.max(top, q);
        values.push({ file: s.name, cycle: n, group: label, q: round7(q) });
      }
      if (Number.isFinite(top)) labels.push({ file: s.name, cycle: (g.cycles[0]! + g.cycles[g.cycles.length - 1]!) / 2, q: round7(top), group: label });
    }
  }
  const x = { field: 'cycle', type: 'quantitative', title: 'cycle number', scale: { nice: false, padding: 8 } };
  const y = { field: 'q', type: 'quantitative', title: `discharge capacity (${unit})`, scale: { zero: true } };
  const color = { field: 'group', type: 'nominal', title: 'rate', scale: { domain }, legend: null };
  return {
    kind: 'rate',
    spec: {
      ...singleView(look, 'Rate capability'),
      layer: [
        { name: 'capacity', data: { values }, mark: { type: 'point', filled: true, size: 22 }, encoding: { x, y, color, ...(series.length > 1 ? { shape: { field: 'file', type: 'nominal', title: null, legend: { orient: 'bottom' } } } : {}) } },
        { name: 'group_labels', data: { values: labels }, mark: { type: 'text', dy: -9, fontWeight: 'bold' }, encoding: { x, y, text: { field: 'group' }, color } },
      ],
    },
    data: { header: ['file', 'cycle', 'rate', specific ? 'dischargeSpecificCapacityMAhG' : 'dischargeCapacityMAh'], rows: csv },
  };
}
