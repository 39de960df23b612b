import { differentialVoltage, DVDQ_DEFAULTS, type DvdqCurve, type DvdqOptions } from '../../analysis/dvdq.js';
import { halfCycleSeries, type Direction } from '../../analysis/half-cycle.js';
import { CyclekitError } from '../../model/errors.js';
import { lineChart } from '../../report/chart.js';
import { csvNumber, fixed } from '../../report/numbers.js';
import { renderTable } from '../../report/table.js';
import type { PerFileRunner } from '../per-file.js';
import { cellTypeJson, checkCeFlag, summariseFile, type SummaryFlags, type SummaryResult } from './summary.js';
import { parseCycleSelection, pointCyclesOf, selectCycles, type CycleSelection } from '../../segment/selection.js';
import { partialCycleNumbers } from '../../pipeline/summarise.js';

interface DvdqFlags extends SummaryFlags {
  cycle: string;
  direction: 'charge' | 'discharge' | 'both';
  points: string;
  window?: string;
  poly?: string;
  chart: boolean;
}

interface DvdqSettings {
  options: DvdqOptions;
  directions: Direction[];
  selection: CycleSelection;
}

interface DvdqHalfCycle {
  cycle: number;
  direction: Direction;
  totalMAh: number;
  curve: DvdqCurve;
}

interface DvdqResult {
  base: SummaryResult;
  settings: DvdqSettings;
  halfCycles: DvdqHalfCycle[];
  chart: boolean;
}

function whole(text: string, option: string, check: (x: number) => boolean, expected: string): number {
  const x = Number(text);
  if (!Number.isInteger(x) || !check(x)) throw new CyclekitError('E_USAGE', `${option} ${text}: expected ${expected}`);
  return x;
}

/** The same smoothing choices as dQ/dV: an odd Savitzky–Golay window ≥ 5 (1 = none) and its order. */
export function dvdqSettingsFrom(flags: DvdqFlags): DvdqSettings {
  const points = whole(flags.points, '--points', (x) => x >= 10 && x <= 100000, 'a whole number of grid points from 10 to 100000');
  const window = flags.window === undefined ? DVDQ_DEFAULTS.window : whole(flags.window, '--window', (x) => x === 1 || (x >= 5 && x % 2 === 1), 'an odd number of points ≥ 5, or 1 for no smoothing');
  const polynomial = flags.poly === undefined ? DVDQ_DEFAULTS.polynomial : whole(flags.poly, '--poly', (x) => x >= 1 && x <= 5, 'a polynomial order from 1 to 5');
  if (window >= 5 && polynomial >= window - 1) throw new CyclekitError('E_USAGE', `--poly ${polynomial} needs a window of at least ${polynomial + 2} points`);
  return {
    options: { points, window, polynomial },
    directions: flags.direction === 'both' ? ['charge', 'discharge'] : [flags.direction],
    selection: parseCycleSelection(flags.cycle),
  };
}

async function dvdqFile(file: string, flags: DvdqFlags, settings: DvdqSettings): Promise<DvdqResult> {
  const base = await summariseFile(file, flags, true, pointCyclesOf(settings.selection));
  const cycles = selectCycles(base.dataset.cycles.cycles, settings.selection, base.dataset.file, { partial: partialCycleNumbers(base) });
  const halfCycles: DvdqHalfCycle[] = [];
  for (const c of cycles) {
    for (const direction of settings.directions) {
      const series = halfCycleSeries(c.steps, direction);
      if (!series) continue;
      halfCycles.push({ cycle: c.number, direction, totalMAh: Math.abs(series.integratedAh) * 1000, curve: differentialVoltage(series, settings.options) });
    }
  }
  return { base, settings, halfCycles, chart: flags.chart };
}

const round = (a: Float64Array, digits: number): number[] => Array.from(a, (x) => Number(x.toPrecision(digits)));

function dvdqJson(r: DvdqResult): object {
  const d = r.base.dataset;
  return {
    format: d.header.format,
    massG: d.massG,
    ...cellTypeJson(d),
    cycleRule: d.cycles.description,
    parameters: { points: r.settings.options.points, window: r.settings.options.window, polynomial: r.settings.options.polynomial },
    halfCycles: r.halfCycles.map((h) => ({
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

function dvdqTable(r: DvdqResult, style: Parameters<typeof renderTable>[2]): string {
  const d = r.base.dataset;
  const o = r.settings.options;
  const rows = r.halfCycles.map((h) => {
    const range = middleRange(h.curve.dvdqVPerMAh);
    return [String(h.cycle), h.direction === 'charge' ? 'chg' : 'dis', fixed(h.totalMAh, 4), String(h.curve.capacityMAh.length), range ? fixed(range[0], 4) : '–', range ? fixed(range[1], 4) : '–'];
  });
  const parts = [
    style.dim(`${d.header.format} · ${d.cycles.description}`),
    style.dim(`V(Q) on ${o.points} points from 0 to each half cycle's capacity, Savitzky–Golay derivative ${o.window} pts / order ${o.polynomial}; dV/dQ signed (discharge negative); min/max over the middle 80 % of Q`),
    renderTable(
      [{ header: 'cycle', align: 'right' }, { header: 'dir', align: 'left' }, { header: 'Q', unit: 'mAh' }, { header: 'points', align: 'right' }, { header: 'min dV/dQ', unit: 'V mAh⁻¹' }, { header: 'max dV/dQ', unit: 'V mAh⁻¹' }],
      rows,
      style,
    ),
  ];
  const cycles = [...new Set(r.halfCycles.map((h) => h.cycle))];
  if (r.chart && cycles.length === 1) {
    for (const h of r.halfCycles) {
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
  } else if (r.chart && cycles.length > 1) parts.push('', style.dim(`(chart: pass --cycle N for one of ${cycles.length} cycles)`));
  return parts.join('\n');
}

export const DVDQ_CSV_HEADER = ['cycle', 'direction', 'capacityMAh', 'voltageV', 'dvdqVPerMAh'];

export const dvdqRunner: PerFileRunner<DvdqFlags, DvdqResult> = {
  prepare: (flags: DvdqFlags) => {
    checkCeFlag(flags.ce);
    const settings = dvdqSettingsFrom(flags);
    return (f) => dvdqFile(f, flags, settings);
  },
  emit: {
    json: dvdqJson,
    table: dvdqTable,
    csv: (r) => ({
      header: DVDQ_CSV_HEADER,
      rows: r.halfCycles.flatMap((h) => Array.from(h.curve.capacityMAh, (q, i) => [h.cycle, h.direction, csvNumber(q), csvNumber(h.curve.voltageV[i]!), csvNumber(h.curve.dvdqVPerMAh[i]!)])),
    }),
    warnings: (r) => r.base.warnings,
  },
};
