import type { DvdqResult } from '../pipeline/dvdq.js';
import { lineChart } from './chart.js';
import { cellTypeJson } from './dataset.js';
import type { Emitters, Style } from './emitters.js';
import { csvNumber, fixed } from './numbers.js';
import { renderTable } from './table.js';
import { allItems, itemOf, mapItems } from '../util/lazy-items.js';

const round = (a: Float64Array, digits: number): number[] => Array.from(a, (x) => Number(x.toPrecision(digits)));

export type DvdqJson = ReturnType<typeof dvdqJson>;

export function dvdqJson(r: DvdqResult) {
  const d = r.base.dataset;
  return {
    format: d.header.format,
    massG: d.massG,
    ...cellTypeJson(d),
    cycleRule: d.cycles.description,
    parameters: { points: r.settings.options.points, window: r.settings.options.window, polynomial: r.settings.options.polynomial },
    halfCycles: mapItems(r.halfCycles, (h) => ({
      cycle: h.cycle,
      direction: h.direction,
      totalMAh: h.totalMAh,
      stepMAh: h.curve.stepMAh,
      capacityMAh: round(h.curve.capacityMAh, 8),
      voltageV: round(h.curve.voltageV, 8),
      dvdqVPerMAh: round(h.curve.dvdqVPerMAh, 8),
    })),
    warnings: r.base.warnings,
  };
}

/** The middle 80 % of a curve: its ends are the steep approach to the cut-off voltages. */
function middleRange(y: Float64Array): [number, number] | null {
  const n = y.length;
  const part = Array.from(y.subarray(Math.floor(n * 0.1), Math.ceil(n * 0.9))).filter(Number.isFinite);
  return part.length === 0 ? null : [Math.min(...part), Math.max(...part)];
}

export function dvdqTable(r: DvdqResult, style: Style, chart: boolean): string {
  const d = r.base.dataset;
  const o = r.settings.options;
  const numbers = new Set<number>();
  const rows = allItems(mapItems(r.halfCycles, (h) => {
    numbers.add(h.cycle);
    const range = middleRange(h.curve.dvdqVPerMAh);
    return [String(h.cycle), h.direction === 'charge' ? 'chg' : 'dis', fixed(h.totalMAh, 4), String(h.curve.capacityMAh.length), range ? fixed(range[0], 4) : '–', range ? fixed(range[1], 4) : '–'];
  }));
  const parts = [
    style.dim(`${d.header.format} · ${d.cycles.description}`),
    style.dim(`V(Q) on ${o.points} points from 0 to each half cycle's capacity, Savitzky–Golay derivative ${o.window} pts / order ${o.polynomial}; dV/dQ signed (discharge negative); min/max over the middle 80 % of Q`),
    renderTable(
      [{ header: 'cycle', align: 'right' }, { header: 'dir', align: 'left' }, { header: 'Q', unit: 'mAh' }, { header: 'points', align: 'right' }, { header: 'min dV/dQ', unit: 'V mAh⁻¹' }, { header: 'max dV/dQ', unit: 'V mAh⁻¹' }],
      rows,
      style,
    ),
  ];
  const cycles = [...numbers];
  if (chart && cycles.length === 1) {
    for (const h of allItems(r.halfCycles)) {
      const n = h.curve.capacityMAh.length;
      if (n < 2) continue;
      // Clip the cut-off ends, whose steep rise would flatten everything else.
      const lo = Math.floor(n * 0.05);
      const hi = Math.ceil(n * 0.95);
      parts.push('', lineChart([{ values: Array.from(h.curve.dvdqVPerMAh.subarray(lo, hi)), label: `cycle ${h.cycle} ${h.direction}` }], style, {
        title: `dV/dQ, cycle ${h.cycle} ${h.direction}`,
        yUnit: 'V mAh⁻¹',
        xRange: [h.curve.capacityMAh[lo]!, h.curve.capacityMAh[hi - 1]!],
        xLabel: 'mAh',
        height: 10,
      }));
    }
  } else if (chart && cycles.length > 1) parts.push('', style.dim(`(chart: pass --cycle N for one of ${cycles.length} cycles)`));
  return parts.join('\n');
}

export const DVDQ_CSV_HEADER = ['cycle', 'direction', 'capacityMAh', 'voltageV', 'dvdqVPerMAh'];


/** One row per curve point, each half cycle's curve made only when its rows are written (20,000 of them over 10,000 cycles). */
function* dvdqCsvRows(halfCycles: DvdqResult['halfCycles']): Generator<(string | number)[]> {
  for (let k = 0; k < halfCycles.length; k++) {
    const h = itemOf(halfCycles, k);
    const c = h.curve;
    for (let i = 0; i < c.capacityMAh.length; i++) yield [h.cycle, h.direction, csvNumber(c.capacityMAh[i]!), csvNumber(c.voltageV[i]!), csvNumber(c.dvdqVPerMAh[i]!)];
  }
}

/** `dvdq`'s outputs; `chart` draws the curve under the table when one cycle is shown. */
export function dvdqEmitters(chart: boolean): Emitters<DvdqResult, DvdqJson> {
  return {
    json: dvdqJson,
    table: (r, style) => dvdqTable(r, style, chart),
    csv: (r) => ({
      header: DVDQ_CSV_HEADER,
      rows: dvdqCsvRows(r.halfCycles),
    }),
    warnings: (r) => r.base.warnings,
    rows: (r) => r.base.dataset.stats.rows,
  };
}
