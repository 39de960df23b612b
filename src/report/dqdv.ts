import type { ChalkInstance } from 'chalk';
import type { RedoxCouple } from '../analysis/couples.js';
import type { DqdvHalfCycle } from '../analysis/dqdv.js';
import { xyChart } from './chart.js';
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
 * marked; charge drawn with `*`, discharge with `o`. Fits the style's terminal width.
 */
export function dqdvChart(halfCycles: DqdvHalfCycle[], style: ChalkInstance, width?: number): string {
  const withData = halfCycles.filter((h) => h.curve.voltageV.length > 0);
  if (withData.length === 0) return '(no data to plot)';
  const series = withData.map((h) => ({ x: h.curve.voltageV, y: h.curve.dqdvMAhPerV, label: `cycle ${h.cycle} ${h.direction}`, glyph: h.direction === 'charge' ? '*' : 'o' }));
  const marks = withData.flatMap((h) => h.peaks.map((p) => ({ x: p.voltageV, label: `${fixed(p.voltageV, 3)} V ${h.direction === 'charge' ? 'ox' : 'red'}` })));
  const cycles = [...new Set(withData.map((h) => h.cycle))].join(', ');
  return xyChart(series, style, {
    title: `dQ/dV, cycle ${cycles}`,
    yUnit: 'mAh V⁻¹; discharge negative',
    xLabel: 'V',
    ...(width !== undefined ? { width } : {}),
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
