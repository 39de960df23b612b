import type { ChalkInstance } from 'chalk';
import type { RedoxCouple } from '../analysis/couples.js';
import type { DqdvHalfCycle } from '../analysis/dqdv.js';
import type { DqdvResult } from '../pipeline/dqdv.js';
import { xyChart } from './chart.js';
import { cellTypeJson } from './dataset.js';
import type { Emitters, Style } from './emitters.js';
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

/** `dqdv --json` (and report's `dqdv` key): settings, half cycles with their peaks, couples. */
export type DqdvJson = ReturnType<typeof dqdvJson>;

export function dqdvJson(r: DqdvResult) {
  const s = r.settings;
  return {
    format: r.base.dataset.header.format,
    massG: r.base.dataset.massG,
    ...cellTypeJson(r.base.dataset),
    cycleRule: r.base.dataset.cycles.description,
    method: s.dqdv.method,
    parameters: {
      stepV: s.dqdv.stepV,
      window: s.dqdv.window,
      polynomial: s.dqdv.polynomial,
      monotone: s.dqdv.method === 'interp-sg' ? s.dqdv.monotone : null,
      minProminence: s.prominenceText,
      edgePoints: s.peaks.edgePoints,
      maxPolarizationV: s.couples.maxSeparationV,
    },
    reference: s.couples.reference ? { id: s.couples.reference.id, source: s.couples.reference.source, couples: s.couples.reference.couples } : null,
    halfCycles: r.analysis.halfCycles.map((h) => ({ cycle: h.cycle, direction: h.direction, totalMAh: h.totalMAh, points: h.points, peaks: h.peaks })),
    couples: r.analysis.couples,
    warnings: r.base.warnings,
  };
}

export function dqdvTable(r: DqdvResult, style: Style, chart: boolean): string {
  const s = r.settings;
  const d = r.base.dataset;
  const params = s.dqdv.method === 'interp-sg'
    ? `Q(V) on a ${s.dqdv.stepV * 1000} mV grid (${s.dqdv.monotone}), Savitzky–Golay derivative ${s.dqdv.window} pts / order ${s.dqdv.polynomial}`
    : `ΔQ binned in ${s.dqdv.stepV * 1000} mV bins${s.dqdv.window >= 5 ? `, Savitzky–Golay ${s.dqdv.window} pts / order ${s.dqdv.polynomial}` : ''}`;
  const parts = [style.dim(`${d.header.format} · ${d.cycles.description}`), style.dim(`${s.dqdv.method}: ${params}; peaks with prominence ≥ ${s.prominenceText}; heights are |dQ/dV|`), peaksTable(r.analysis.halfCycles, style)];
  if (r.analysis.couples.length > 0) parts.push('', style.bold('redox couples') + (s.couples.reference ? style.dim(` (labels: ${s.couples.reference.id})`) : ''), couplesTable(r.analysis.couples, style));
  const cycles = [...new Set(r.analysis.halfCycles.map((h) => h.cycle))];
  if (chart && cycles.length > 0 && cycles.length <= 2) {
    for (const c of cycles) parts.push('', dqdvChart(r.analysis.halfCycles.filter((h) => h.cycle === c), style));
  } else if (chart && cycles.length > 2) {
    parts.push('', style.dim(`(chart: pass --cycle N for one of ${cycles.length} cycles)`));
  }
  return parts.join('\n');
}

/** `dqdv`'s outputs; `chart` draws each cycle's curves under the tables (up to two cycles). */
export function dqdvEmitters(chart: boolean): Emitters<DqdvResult, DqdvJson> {
  return {
    json: dqdvJson,
    table: (r, style) => dqdvTable(r, style, chart),
    csv: (r) => ({ header: DQDV_CSV_HEADER, rows: dqdvCsvRows(r.analysis.halfCycles, r.base.dataset.massG) }),
    warnings: (r) => r.base.warnings,
    rows: (r) => r.base.dataset.stats.rows,
  };
}
