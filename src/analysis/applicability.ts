import type { CellType } from '../ingest/sidecar.js';
import { protocolView, type RateResult } from './rate.js';
import type { CycleSummary } from './summary.js';

/** The sections of `cyclekit report`, in the order they are printed. */
export const REPORT_SECTIONS = ['summary', 'coulombicEfficiency', 'windows', 'dqdv', 'retention', 'rate', 'energy', 'compare'] as const;
export type ReportSection = (typeof REPORT_SECTIONS)[number];

/** Fewer cycles than this make a fade curve of noise, not of ageing. */
export const MIN_RETENTION_CYCLES = 10;

/** What the report knows about a dataset before it runs the optional analyses. */
export interface DatasetFacts {
  cycles: CycleSummary[];
  massG: number | null;
  cellType: CellType | null;
  /** Reference for `compare` (flag or cell.yaml); null when none is named. */
  reference: string | null;
  /** Window edges, V (ascending). */
  edgesV: number[];
  /** Rate grouping of the cycles (cheap, always computed); null when it failed. */
  rate: RateResult | null;
  /** The file is a per-cycle table (no time series): nothing that needs V(t) or I(t) applies. */
  perCycleTable?: boolean;
}

/** Why the curve- and current-based sections do not apply to a per-cycle table. */
export const PER_CYCLE_TABLE_REASON = 'per-cycle summary table (no time series)';

const hasDischarge = (c: CycleSummary): boolean => c.dischargeCapacityMAh !== null && c.dischargeCapacityMAh > 0;
const hasCharge = (c: CycleSummary): boolean => c.chargeCapacityMAh !== null && c.chargeCapacityMAh > 0;

/** "0.2C", "C/3", "1.5 mA": how a rate group reads in a reason. */
function rateText(r: RateResult, i: number): string {
  const g = r.groups[i]!;
  if (r.groupedBy === 'current') return g.meanDischargeCurrentMA === null ? '?' : `${Number(g.meanDischargeCurrentMA.toPrecision(3))} mA`;
  if (g.cRate === null) return '?';
  return Math.abs(g.cRate - 1 / 3) < 1e-9 ? 'C/3' : `${Number(g.cRate.toPrecision(3))}C`;
}

/** Distinct rates among the groups (consecutive groups already differ; a return to a rate is the same rate). */
export function distinctRates(r: RateResult): string[] {
  return [...new Set(r.groups.map((_, i) => rateText(r, i)))];
}

/**
 * For each report section: null when the data supports it, else the one-line reason why not,
 * phrased for the user with what to pass to change it. Pure: the report decides, then runs.
 */
export function sectionApplicability(f: DatasetFacts): Record<ReportSection, string | null> {
  const cycles = f.cycles;
  const out: Record<ReportSection, string | null> = { summary: null, coulombicEfficiency: null, windows: null, dqdv: null, retention: null, rate: null, energy: null, compare: null };
  if (cycles.length === 0) {
    const why = 'no cycles: the file has no charge or discharge step';
    for (const s of REPORT_SECTIONS) out[s] = why;
    return out;
  }
  const active = cycles.filter((c) => hasCharge(c) || hasDischarge(c));
  const withDischarge = cycles.filter(hasDischarge);

  if (!cycles.some((c) => c.coulombicEfficiency !== null)) out.coulombicEfficiency = 'no cycle with both a charge and a discharge: no Coulombic efficiency';

  if (f.perCycleTable === true) out.windows = out.dqdv = PER_CYCLE_TABLE_REASON;
  else if (active.length === 0) out.windows = out.dqdv = 'no charge or discharge with capacity: nothing to split by voltage';
  else {
    const lo = Math.min(...active.map((c) => c.minVoltageV));
    const hi = Math.max(...active.map((c) => c.maxVoltageV));
    // No edge strictly inside the data's range: every half cycle would be one 100 % window.
    if (f.edgesV.every((e) => e <= lo || e >= hi)) {
      out.windows = `the data (${lo.toFixed(2)}–${hi.toFixed(2)} V) lie in one window of --edges ${f.edgesV.join(',')}: pass --edges inside that range to split the capacity`;
    }
  }

  // Fade is measured at one rate: a rate test's slow cycles after fast ones are not ageing. The
  // levels are rate's groups pooled by C-rate, or by discharge current without a 1C basis.
  const view = protocolView(cycles);
  const most = Math.max(0, ...view.levels.map((l) => l.cycles.length));
  const perRate = view.levels;
  if (withDischarge.length < MIN_RETENTION_CYCLES) {
    out.retention = `${withDischarge.length} cycle${withDischarge.length === 1 ? '' : 's'} with a discharge: retention needs ≥ ${MIN_RETENTION_CYCLES}`;
  } else if (most < MIN_RETENTION_CYCLES) {
    out.retention = `at most ${most} cycles at any one ${view.rate.groupedBy === 'c-rate' ? 'C-rate' : 'discharge current'} (${withDischarge.length} in all, at ${perRate.length} ${view.rate.groupedBy === 'c-rate' ? 'rates' : 'currents'}): retention needs ≥ ${MIN_RETENTION_CYCLES} at one rate`;
  }

  if (f.perCycleTable === true) out.rate = `${PER_CYCLE_TABLE_REASON}: no currents, so no C-rates and no rate capability`;
  else if (f.rate === null || f.rate.groups.length === 0) out.rate = 'no cycle with a discharge: no rate capability';
  else {
    const rates = distinctRates(f.rate);
    if (rates.length < 2) {
      out.rate = f.rate.groupedBy === 'current'
        ? `one discharge current only (${rates[0]}): no rate capability`
        : `one C-rate only (${rates[0]}): no rate capability`;
    }
  }

  if (f.massG === null) out.energy = 'no active mass: specific capacities and energy densities not reported — pass --mass or add cell.yaml';
  else if (!withDischarge.some((c) => c.dischargeEnergyMWh !== null)) out.energy = 'no discharge energy in any cycle: no energy density';
  // An anode's "discharge" vs Li/Na metal is its lithiation: work done on the half cell, not energy a cell delivers.
  else if (f.cellType === 'half-anode') out.energy = 'half-anode: its discharge vs the metal is lithiation, not energy a cell delivers; pair it with a cathode (a full cell) for an energy density';

  if (f.reference === null) out.compare = 'no reference named: pass --reference he-v|nvp|FILE.json or add reference to cell.yaml';
  return out;
}

/** Coulombic efficiency over a test: the first cycle (formation) apart, then mean and minimum. */
export interface CoulombicEfficiencyOverview {
  firstCycle: number | null;
  /** CE of the first cycle with one, fraction (can exceed 1 for a Na-rich cathode such as HE-V). */
  firstCycleValue: number | null;
  /** Arithmetic mean over the later cycles with a CE, fraction. */
  meanAfterFirst: number | null;
  minAfterFirst: number | null;
  minCycle: number | null;
  /** Cycles counted in the mean. */
  cycles: number;
  /** Partial cycles left out of every figure here. */
  partialCycles: number[];
}

/**
 * CE_first, mean(CE_n) and min(CE_n) over n > first, each CE = the summary's ratio (discharge
 * over charge for cathodes and full cells, the inverse for anodes). The first cycle is kept
 * apart because formation (SEI, a Na-rich start) makes it unlike the rest.
 */
export function coulombicEfficiencyOverview(cycles: CycleSummary[]): CoulombicEfficiencyOverview {
  // Partial cycles (an opening discharge, a cut-short last cycle) would give CEs of 0.1 % or 114,400 %.
  const withCe = cycles.filter((c) => c.partial !== true && c.coulombicEfficiency !== null && Number.isFinite(c.coulombicEfficiency));
  const first = withCe[0];
  const later = withCe.slice(1);
  let sum = 0;
  let min: CycleSummary | null = null;
  for (const c of later) {
    sum += c.coulombicEfficiency!;
    if (min === null || c.coulombicEfficiency! < min.coulombicEfficiency!) min = c;
  }
  return {
    firstCycle: first?.cycle ?? null,
    firstCycleValue: first?.coulombicEfficiency ?? null,
    meanAfterFirst: later.length > 0 ? sum / later.length : null,
    minAfterFirst: min?.coulombicEfficiency ?? null,
    minCycle: min?.cycle ?? null,
    cycles: later.length,
    partialCycles: cycles.filter((c) => c.partial === true).map((c) => c.cycle),
  };
}
