import { COUPLE_DEFAULTS, type CoupleOptions } from '../analysis/couples.js';
import { analyseDqdv, DQDV_ANALYSIS_DEFAULTS, type DqdvAnalysis, type DqdvOptions } from '../analysis/dqdv.js';
import type { Direction } from '../analysis/half-cycle.js';
import type { PeakOptions } from '../analysis/peaks.js';
import { redoxReference, type RedoxReference } from '../references/load.js';
import type { Cycle } from '../segment/cycles.js';
import type { Dataset, LoadOptions } from './load.js';
import { selectCycles, type CycleSelection } from '../segment/selection.js';
import { keepingPointsOf } from './cycle-selection.js';
import { partialCycleNumbers, summariseFile, type CeChoice, type SummaryResult } from './summarise.js';

/** How dQ/dV is computed, its peaks found and paired, on which cycles and half cycles. */
export interface DqdvSettings {
  dqdv: DqdvOptions;
  peaks: PeakOptions;
  couples: CoupleOptions;
  directions: Direction[];
  selection: CycleSelection;
  /** The prominence threshold as given (5% or mAh/V), for the reports. */
  prominenceText: string;
}

export interface DqdvFileOptions {
  load: LoadOptions;
  ce: CeChoice;
  settings: DqdvSettings;
  /** Keep every half cycle's curve (the CSV writes them); else only those of a one- or two-cycle selection (the chart's). */
  allCurves?: boolean;
}

export interface DqdvResult {
  base: SummaryResult;
  settings: DqdvSettings;
  analysis: DqdvAnalysis;
}

export async function dqdvFile(file: string, o: DqdvFileOptions): Promise<DqdvResult> {
  const base = await summariseFile(file, keepingPointsOf(o.load, o.settings.selection), o.ce);
  const cycles = selectCycles(base.dataset.cycles.cycles, o.settings.selection, base.dataset.file, { partial: partialCycleNumbers(base) });
  return { base, settings: o.settings, analysis: analyseDqdv(cycles, o.settings.directions, o.settings, o.allCurves !== false || cycles.length <= 2) };
}

/**
 * The couple table that labels a file's dQ/dV peaks unless the user gives one: the sidecar's
 * `reference:`, on a half cell only. Its potentials are vs the metal; a full cell's peaks sit
 * at cathode − anode, whether cell.yaml, --cell-type or the data say it is a full cell.
 */
export function sidecarCoupleTable(d: Dataset): RedoxReference | null {
  const name = d.context?.reference;
  return name === undefined || d.cellType.cellType === 'full' ? null : redoxReference(name.toLowerCase());
}

/** dQ/dV of both half cycles with the `dqdv` command's defaults (edges, compare, check, peaks). */
export function defaultDqdv(cycles: Cycle[], reference: RedoxReference | null = COUPLE_DEFAULTS.reference): DqdvAnalysis {
  return analyseDqdv(cycles, ['charge', 'discharge'], { ...DQDV_ANALYSIS_DEFAULTS, couples: { ...DQDV_ANALYSIS_DEFAULTS.couples, reference } });
}
