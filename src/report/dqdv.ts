import type { ChalkInstance } from 'chalk';
import type { RedoxCouple } from '../analysis/couples.js';
import type { DqdvHalfCycle } from '../analysis/dqdv.js';
import { lineChart } from './chart.js';
import { csvNumber, fixed } from './numbers.js';
import { renderTable, type TableColumn } from './table.js';

/** Peaks of every analysed half cycle: oxidation on charge, reduction on discharge. */
export function peaksTable(halfCycles: DqdvHalfCycle[], style: ChalkInstance): string {
  const columns: TableColumn[] = [
    { header: 'cycle', align: 'right' },
    { header: 'dir', align: 'left' },
    { header: 'peak', unit: 'V' },
    { header: '|height|', unit: 'mAh V⁻¹' },
    { header: 'prominence', unit: 'mAh V⁻¹' },
    { header: 'FWHM', unit: 'mV' },
    { header: 'area', unit: 'mAh' },
  ];
  const rows: string[][] = [];
  for (const h of halfCycles) {
    const dir = h.direction === 'charge' ? 'ox' : 'red';
    if (h.peaks.length === 0) rows.push([String(h.cycle), dir, style.dim('none'), '', '', '', '']);
    for (const p of h.peaks) rows.push([String(h.cycle), dir, fixed(p.voltageV, 3), fixed(p.heightMAhPerV, 3), fixed(p.prominence, 3), fixed(p.fwhmV * 1000, 1), fixed(p.areaMAh, 4)]);
  }
  return renderTable(columns, rows, style);
}

export function couplesTable(couples: RedoxCouple[], style: ChalkInstance): string {
  const columns: TableColumn[] = [
    { header: 'cycle', align: 'right' },
    { header: 'E ox', unit: 'V' },
    { header: 'E red', unit: 'V' },
    { header: 'E mean', unit: 'V' },
    { header: 'ΔE', unit: 'mV' },
    { header: 'couple', align: 'left' },
  ];
  const rows = couples.map((c) => [String(c.cycle), fixed(c.oxidationV, 3), fixed(c.reductionV, 3), fixed(c.meanVoltageV, 3), fixed(c.polarizationV * 1000, 1), c.label ?? style.dim('–')]);
  return renderTable(columns, rows, style);
}

/**
 * dQ/dV of one cycle (charge above zero, discharge below) on a shared voltage axis, peaks
 * marked. Curves from either method sit on the lattice k·step, so they align by index.
 */
export function dqdvChart(halfCycles: DqdvHalfCycle[], style: ChalkInstance, width = 72): string {
  const withData = halfCycles.filter((h) => h.curve.voltageV.length > 0);
  if (withData.length === 0) return '(no data to plot)';
  const step = withData[0]!.curve.stepV;
  const kOf = (v: number): number => Math.round(v / step);
  const kMin = Math.min(...withData.map((h) => kOf(h.curve.voltageV[0]!)));
  const kMax = Math.max(...withData.map((h) => kOf(h.curve.voltageV[h.curve.voltageV.length - 1]!)));
  const series = withData.map((h) => {
    // Zero, not NaN, outside a curve's range: no capacity passed there, and asciichart's
    // min/max turn NaN into an invalid chart height (lineChart does not guard it).
    const values = new Array<number>(kMax - kMin + 1).fill(0);
    h.curve.voltageV.forEach((v, i) => {
      const d = h.curve.dqdvMAhPerV[i]!;
      values[kOf(v) - kMin] = Number.isFinite(d) ? d : 0;
    });
    return { values, label: `cycle ${h.cycle} ${h.direction}` };
  });
  const marks = withData.flatMap((h) => h.peaks.map((p) => ({ x: p.voltageV, label: `${fixed(p.voltageV, 3)} V ${h.direction === 'charge' ? 'ox' : 'red'}` })));
  const cycles = [...new Set(withData.map((h) => h.cycle))].join(', ');
  return lineChart(series, style, {
    title: `dQ/dV, cycle ${cycles}`,
    yUnit: 'mAh V⁻¹; discharge negative',
    xLabel: 'V',
    xRange: [kMin * step, kMax * step],
    width,
    marks,
  });
}

/** Always the same columns so files with and without a mass can share one CSV. */
export const DQDV_CSV_HEADER = ['cycle', 'direction', 'voltageV', 'dqdvMAhPerV', 'dqdvMAhPerVG'];

/** The curves themselves, one row per grid voltage; per gram (mAh g⁻¹ V⁻¹) empty without a mass. */
export function dqdvCsvRows(halfCycles: DqdvHalfCycle[], massG: number | null): (string | number | null)[][] {
  const rows: (string | number | null)[][] = [];
  for (const h of halfCycles) {
    h.curve.voltageV.forEach((v, i) => {
      const d = h.curve.dqdvMAhPerV[i]!;
      rows.push([h.cycle, h.direction, csvNumber(v), csvNumber(d), massG !== null ? csvNumber(d / massG) : '']);
    });
  }
  return rows;
}
