import { COUPLE_DEFAULTS, type CoupleOptions } from '../../analysis/couples.js';
import { analyseDqdv, DQDV_DEFAULTS, type DqdvAnalysis, type DqdvMethod, type DqdvOptions } from '../../analysis/dqdv.js';
import type { Direction } from '../../analysis/half-cycle.js';
import { PEAK_DEFAULTS, type PeakOptions, type ProminenceThreshold } from '../../analysis/peaks.js';
import { REDOX_REFERENCES, redoxReference, type RedoxReference } from '../../references/load.js';
import type { MonotoneMethod } from '../../math/monotone.js';
import { CyclekitError } from '../../model/errors.js';
import { couplesTable, DQDV_CSV_HEADER, dqdvChart, dqdvCsvRows, peaksTable } from '../../report/dqdv.js';
import type { PerFileRunner } from '../per-file.js';
import { cellTypeJson, checkCeFlag, summariseFile, type SummaryFlags, type SummaryResult } from './summary.js';
import { parseCycleSelection, pointCyclesOf, selectCycles, type CycleSelection } from '../../segment/selection.js';
import { partialCycleNumbers } from '../../pipeline/summarise.js';

interface DqdvFlags extends SummaryFlags {
  cycle: string;
  direction: 'charge' | 'discharge' | 'both';
  method: DqdvMethod;
  stepMv: string;
  window?: string;
  poly?: string;
  monotone: MonotoneMethod;
  minProminence: string;
  reference?: string;
  labelTolerance: string;
  maxPolarization: string;
  chart: boolean;
}

interface DqdvSettings {
  dqdv: DqdvOptions;
  peaks: PeakOptions;
  couples: CoupleOptions;
  directions: Direction[];
  selection: CycleSelection;
  prominenceText: string;
}

interface DqdvResult {
  base: SummaryResult;
  settings: DqdvSettings;
  analysis: DqdvAnalysis;
  chart: boolean;
}

const number = (text: string, option: string, check: (x: number) => boolean, expected: string): number => {
  const x = Number(text);
  if (!Number.isFinite(x) || !check(x)) throw new CyclekitError('E_USAGE', `${option} ${text}: expected ${expected}`);
  return x;
};

/** `5%` (of the half cycle's largest |dQ/dV|) or a bare number in mAh V⁻¹. */
export function parseProminence(text: string): ProminenceThreshold {
  const t = text.trim();
  if (t.endsWith('%')) return { kind: 'relative', fraction: number(t.slice(0, -1), '--min-prominence', (x) => x >= 0 && x < 100, 'a percentage such as 5% or an absolute value in mAh/V') / 100 };
  return { kind: 'absolute', mAhPerV: number(t, '--min-prominence', (x) => x >= 0, 'a percentage such as 5% or an absolute value in mAh/V') };
}

/** he-v, nvp, or your own table: "A=3.4,B=1.6" (label=potential in V). */
export function parseReference(text: string): RedoxReference {
  const known = redoxReference(text.trim().toLowerCase());
  if (known) return known;
  const couples = text.split(',').map((part) => {
    const m = /^\s*([^=]+?)\s*=\s*([0-9.]+)\s*V?\s*$/i.exec(part);
    if (!m) throw new CyclekitError('E_USAGE', `--reference ${text}: expected ${Object.keys(REDOX_REFERENCES).join(', ')} or a table such as "Fe3+/Fe2+=3.45,V4+/V3+=3.4"`);
    return { label: m[1]!, potentialV: Number(m[2]) };
  });
  return { id: 'custom', material: 'custom', source: '--reference', couples };
}

export function settingsFrom(flags: DqdvFlags): DqdvSettings {
  const base = DQDV_DEFAULTS[flags.method];
  const stepV = number(flags.stepMv, '--step-mv', (x) => x > 0 && x <= 1000, 'a positive step in mV such as 5') / 1000;
  const window = flags.window === undefined ? base.window : number(flags.window, '--window', (x) => x === 1 || (Number.isInteger(x) && x >= 5 && x % 2 === 1), 'an odd number of points ≥ 5, or 1 for no smoothing');
  const polynomial = flags.poly === undefined ? base.polynomial : number(flags.poly, '--poly', (x) => Number.isInteger(x) && x >= 1 && x <= 5, 'a polynomial order from 1 to 5');
  if (window >= 5 && polynomial >= window - 1) throw new CyclekitError('E_USAGE', `--poly ${polynomial} needs a window of at least ${polynomial + 2} points`);
  const directions: Direction[] = flags.direction === 'both' ? ['charge', 'discharge'] : [flags.direction];
  return {
    dqdv: { method: flags.method, stepV, window, polynomial, monotone: flags.monotone },
    peaks: { ...PEAK_DEFAULTS, minProminence: parseProminence(flags.minProminence), edgePoints: Math.max(PEAK_DEFAULTS.edgePoints, Math.floor(window / 2)) },
    couples: {
      ...COUPLE_DEFAULTS,
      maxSeparationV: number(flags.maxPolarization, '--max-polarization', (x) => x > 0, 'a positive voltage such as 0.5'),
      labelToleranceV: number(flags.labelTolerance, '--label-tolerance', (x) => x >= 0, 'a voltage such as 0.1'),
      reference: flags.reference ? parseReference(flags.reference) : COUPLE_DEFAULTS.reference,
    },
    directions,
    selection: parseCycleSelection(flags.cycle),
    prominenceText: flags.minProminence,
  };
}

async function dqdvFile(file: string, flags: DqdvFlags, settings: DqdvSettings): Promise<DqdvResult> {
  const base = await summariseFile(file, flags, true, pointCyclesOf(settings.selection));
  const cycles = selectCycles(base.dataset.cycles.cycles, settings.selection, base.dataset.file, { partial: partialCycleNumbers(base) });
  const analysis = analyseDqdv(cycles, settings.directions, settings);
  return { base, settings, analysis, chart: flags.chart };
}

export function dqdvJson(r: DqdvResult): object {
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

function dqdvTable(r: DqdvResult, style: Parameters<typeof peaksTable>[1]): string {
  const s = r.settings;
  const d = r.base.dataset;
  const params = s.dqdv.method === 'interp-sg'
    ? `Q(V) on a ${s.dqdv.stepV * 1000} mV grid (${s.dqdv.monotone}), Savitzky–Golay derivative ${s.dqdv.window} pts / order ${s.dqdv.polynomial}`
    : `ΔQ binned in ${s.dqdv.stepV * 1000} mV bins${s.dqdv.window >= 5 ? `, Savitzky–Golay ${s.dqdv.window} pts / order ${s.dqdv.polynomial}` : ''}`;
  const parts = [style.dim(`${d.header.format} · ${d.cycles.description}`), style.dim(`${s.dqdv.method}: ${params}; peaks with prominence ≥ ${s.prominenceText}; heights are |dQ/dV|`), peaksTable(r.analysis.halfCycles, style)];
  if (r.analysis.couples.length > 0) parts.push('', style.bold('redox couples') + (s.couples.reference ? style.dim(` (labels: ${s.couples.reference.id})`) : ''), couplesTable(r.analysis.couples, style));
  const cycles = [...new Set(r.analysis.halfCycles.map((h) => h.cycle))];
  if (!r.chart) {
    // table only
  } else if (cycles.length > 0 && cycles.length <= 2) {
    for (const c of cycles) parts.push('', dqdvChart(r.analysis.halfCycles.filter((h) => h.cycle === c), style));
  } else if (cycles.length > 2) {
    parts.push('', style.dim(`(chart: pass --cycle N for one of ${cycles.length} cycles)`));
  }
  return parts.join('\n');
}

export const dqdvRunner: PerFileRunner<DqdvFlags, DqdvResult> = {
  prepare: (flags: DqdvFlags) => {
    checkCeFlag(flags.ce);
    const settings = settingsFrom(flags);
    return (f) => dqdvFile(f, flags, settings);
  },
  emit: {
    json: dqdvJson,
    table: dqdvTable,
    csv: (r) => ({ header: DQDV_CSV_HEADER, rows: dqdvCsvRows(r.analysis.halfCycles, r.base.dataset.massG) }),
    warnings: (r) => r.base.warnings,
  },
};
