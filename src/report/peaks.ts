import type { PeaksResult } from '../pipeline/peaks.js';
import { lineChart } from './chart.js';
import { cellTypeJson } from './dataset.js';
import type { Emitters, Style } from './emitters.js';
import { csvNumber, fixed } from './numbers.js';
import { shownCycleIndices, shownCyclesNote } from './report.js';
import { renderTable } from './table.js';

/** `peaks --json`: the couples followed over the analysed cycles. */
export type PeaksJson = ReturnType<typeof peaksJson>;

export function peaksJson(r: PeaksResult) {
  const d = r.base.dataset;
  return {
    format: d.header.format,
    ...cellTypeJson(d),
    cycleRule: d.cycles.description,
    every: r.every,
    analysedCycles: r.analysedCycles,
    couples: r.tracks,
    warnings: r.base.warnings,
  };
}

export function peakTracksTable(r: PeaksResult, style: Style, options: { rows: number; chart: boolean }): string {
  const d = r.base.dataset;
  const parts = [style.dim(`${d.header.format} · ${d.cycles.description}`), style.dim(`dQ/dV (dqdv defaults) on ${r.analysedCycles.length} cycle(s): ${r.everyReason}; heights are |dQ/dV|, areas the capacity under each peak`)];
  if (r.tracks.length === 0) {
    parts.push('no oxidation/reduction peak pair in any analysed cycle: no couple to follow');
    return parts.join('\n');
  }
  for (const t of r.tracks) {
    const shown = shownCycleIndices(t.cycles.length, options.rows);
    parts.push('', style.bold(`couple ${t.label}`) + style.dim(` (from ${t.startV.toFixed(3)} V; in ${t.cycles.length} of ${r.analysedCycles.length} analysed cycles)`));
    parts.push(renderTable(
      [
        { header: 'cycle', align: 'right' },
        { header: 'E ox', unit: 'V' },
        { header: 'E red', unit: 'V' },
        { header: 'E mean', unit: 'V' },
        { header: 'ΔE', unit: 'mV' },
        { header: 'h ox', unit: 'mAh V⁻¹' },
        { header: 'h red', unit: 'mAh V⁻¹' },
        { header: 'area ox', unit: 'mAh' },
        { header: 'area red', unit: 'mAh' },
      ],
      shown.map((i) => {
        const c = t.cycles[i]!;
        return [String(c.cycle), fixed(c.oxidationV, 3), fixed(c.reductionV, 3), fixed(c.meanVoltageV, 3), fixed(c.polarizationV * 1000, 1), fixed(c.oxidationHeightMAhPerV, 4), fixed(c.reductionHeightMAhPerV, 4), fixed(c.oxidationAreaMAh, 4), fixed(c.reductionAreaMAh, 4)];
      }),
      style,
    ));
    const note = shownCyclesNote(t.cycles.length, shown);
    if (note) parts.push(style.dim(note.replace('--cycles-shown N', '--rows N')));
  }
  const charted = r.tracks.filter((t) => t.cycles.length >= 2);
  if (options.chart && charted.length > 0) {
    // One x axis for all couples: the analysed cycles, a gap where a couple was not found.
    const x = r.analysedCycles;
    parts.push('', lineChart(
      charted.map((t) => {
        const by = new Map(t.cycles.map((c) => [c.cycle, c.polarizationV * 1000]));
        return { values: x.map((n) => by.get(n) ?? Number.NaN), label: t.label };
      }),
      style,
      { title: 'polarisation ΔE per couple over the cycles', yUnit: 'mV', xRange: [x[0]!, x[x.length - 1]!], xLabel: 'cycle', height: 10 },
    ));
  }
  return parts.join('\n');
}

export const PEAKS_CSV_HEADER = ['couple', 'cycle', 'oxidationV', 'reductionV', 'meanVoltageV', 'polarizationV', 'oxidationHeightMAhPerV', 'reductionHeightMAhPerV', 'oxidationAreaMAh', 'reductionAreaMAh'];


/** `peaks`' outputs; the table shows `rows` cycles per couple and, with `chart`, the polarisation over the cycles. */
export function peaksEmitters(options: { rows: number; chart: boolean }): Emitters<PeaksResult, PeaksJson> {
  return {
    json: peaksJson,
    table: (r, style) => peakTracksTable(r, style, options),
    csv: (r) => ({
      header: PEAKS_CSV_HEADER,
      rows: r.tracks.flatMap((t) => t.cycles.map((c) => [t.label, c.cycle, csvNumber(c.oxidationV), csvNumber(c.reductionV), csvNumber(c.meanVoltageV), csvNumber(c.polarizationV), csvNumber(c.oxidationHeightMAhPerV), csvNumber(c.reductionHeightMAhPerV), csvNumber(c.oxidationAreaMAh), csvNumber(c.reductionAreaMAh)])),
    }),
    warnings: (r) => r.base.warnings,
    rows: (r) => r.base.dataset.stats.rows,
  };
}
