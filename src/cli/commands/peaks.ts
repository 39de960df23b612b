import { analyseDqdv, DQDV_ANALYSIS_DEFAULTS, type DqdvAnalysis } from '../../analysis/dqdv.js';
import { everyNth, trackCouples, type CoupleTrack } from '../../analysis/peak-tracking.js';
import { redoxReference } from '../../references/load.js';
import { CyclekitError } from '../../model/errors.js';
import { lineChart } from '../../report/chart.js';
import { csvNumber, fixed } from '../../report/numbers.js';
import { shownCycleIndices, shownCyclesNote } from '../../report/report.js';
import { renderTable } from '../../report/table.js';
import type { PerFileRunner } from '../per-file.js';
import { parseReference } from './dqdv.js';
import { cellTypeJson, checkCeFlag, summariseFile, type SummaryFlags, type SummaryResult } from './summary.js';

interface PeaksFlags extends SummaryFlags {
  every?: string;
  reference?: string;
  rows: string;
  chart: boolean;
}

interface PeaksResult {
  base: SummaryResult;
  every: number;
  everyReason: string;
  analysedCycles: number[];
  tracks: CoupleTrack[];
  rows: number;
  chart: boolean;
}

/** Without --every, about this many cycles are analysed: a 10,000-cycle test every 250th. */
export const AUTO_ANALYSED_CYCLES = 40;

function whole(text: string, option: string, min: number): number {
  const x = Number(text);
  if (!Number.isInteger(x) || x < min) throw new CyclekitError('E_USAGE', `${option} ${text}: expected a whole number ≥ ${min}`);
  return x;
}

/**
 * Couples followed over the cycles (src/analysis/peak-tracking.ts): dQ/dV with the `dqdv`
 * defaults on every N-th complete cycle, couples paired per cycle and joined into tracks.
 * Read twice: once for the cycle list, once keeping the points of the chosen cycles only.
 */
async function peaksFile(file: string, flags: PeaksFlags): Promise<PeaksResult> {
  const first = await summariseFile(file, flags);
  const complete = first.cycles.filter((c) => c.partial !== true && c.chargeCapacityMAh !== null && c.dischargeCapacityMAh !== null).map((c) => c.cycle);
  if (complete.length === 0) throw new CyclekitError('E_VALUE', 'no complete cycle (a charge and a discharge): no redox couple to follow', { file: first.dataset.file });
  const every = flags.every !== undefined ? whole(flags.every, '--every', 1) : Math.max(1, Math.ceil(complete.length / AUTO_ANALYSED_CYCLES));
  const everyReason = flags.every !== undefined ? '--every' : every === 1 ? `all ${complete.length} complete cycles` : `every ${every}th of ${complete.length} complete cycles, about ${AUTO_ANALYSED_CYCLES} in all (--every N for others)`;
  const chosen = everyNth(complete, every);
  const base = await summariseFile(file, flags, true, chosen.map((n) => [n, n] as [number, number]));
  const d = base.dataset;
  const name = flags.reference ?? d.context?.reference;
  const reference = name === undefined ? null : (redoxReference(name.toLowerCase()) ?? (flags.reference !== undefined ? parseReference(flags.reference) : null));
  const settings = { ...DQDV_ANALYSIS_DEFAULTS, couples: { ...DQDV_ANALYSIS_DEFAULTS.couples, reference } };
  const wanted = new Set(chosen);
  const analyses: DqdvAnalysis[] = [];
  for (const c of d.cycles.cycles) {
    if (!wanted.has(c.number)) continue;
    try {
      analyses.push(analyseDqdv([c], ['charge', 'discharge'], settings));
    } catch {
      // A cycle too short for dQ/dV simply has no couples in the tracks.
    }
  }
  for (const s of d.steps) s.points = null;
  return { base, every, everyReason, analysedCycles: chosen, tracks: trackCouples(analyses), rows: whole(flags.rows, '--rows', 1), chart: flags.chart };
}

function peaksJson(r: PeaksResult): object {
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

function peaksTable(r: PeaksResult, style: Parameters<typeof renderTable>[2]): string {
  const d = r.base.dataset;
  const parts = [style.dim(`${d.header.format} · ${d.cycles.description}`), style.dim(`dQ/dV (dqdv defaults) on ${r.analysedCycles.length} cycle(s): ${r.everyReason}; heights are |dQ/dV|, areas the capacity under each peak`)];
  if (r.tracks.length === 0) {
    parts.push('no oxidation/reduction peak pair in any analysed cycle: no couple to follow');
    return parts.join('\n');
  }
  for (const t of r.tracks) {
    const shown = shownCycleIndices(t.cycles.length, r.rows);
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
  if (r.chart && charted.length > 0) {
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

export const peaksRunner: PerFileRunner<PeaksFlags, PeaksResult> = {
  prepare: (flags: PeaksFlags) => {
    checkCeFlag(flags.ce);
    if (flags.every !== undefined) whole(flags.every, '--every', 1);
    whole(flags.rows, '--rows', 1);
    if (flags.reference !== undefined && redoxReference(flags.reference.toLowerCase()) === null) parseReference(flags.reference);
    return (f) => peaksFile(f, flags);
  },
  emit: {
    json: peaksJson,
    table: peaksTable,
    csv: (r) => ({
      header: PEAKS_CSV_HEADER,
      rows: r.tracks.flatMap((t) => t.cycles.map((c) => [t.label, c.cycle, csvNumber(c.oxidationV), csvNumber(c.reductionV), csvNumber(c.meanVoltageV), csvNumber(c.polarizationV), csvNumber(c.oxidationHeightMAhPerV), csvNumber(c.reductionHeightMAhPerV), csvNumber(c.oxidationAreaMAh), csvNumber(c.reductionAreaMAh)])),
    }),
    warnings: (r) => r.base.warnings,
  },
};
