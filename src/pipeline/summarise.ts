import { firstCycleNote } from '../analysis/first-cycle.js';
import { compareWithInstrument, instrumentCeWarning, type InstrumentCeComparison } from '../analysis/instrument-ce.js';
import { findPartialCycles } from '../analysis/partial.js';
import { ceBalanceNote } from '../analysis/ce-balance.js';
import { CAPACITY_TOLERANCE, checkCapacityAgreement, summariseCycles, type CeMode, type CycleSummary } from '../analysis/summary.js';
import type { CellType } from '../ingest/sidecar.js';
import { fieldError } from '../model/errors.js';
import { formatCRateBasis } from '../model/units.js';
import { loadDataset, type Dataset, type LoadOptions } from './load.js';

/** How Coulombic efficiency is defined: `auto` follows the cell type (half-anode → charge over discharge). */
export type CeChoice = CeMode | 'auto';

/** CE follows the cell type unless `--ce` says otherwise. */
export const DEFAULT_CE: CeChoice = 'auto';

/**
 * What a compact per-file result (retention, rate, energy) keeps of how its file was read: the
 * cell type and its source (every JSON result carries them, CLI.md) and the rows read.
 */
export interface FileFacts {
  cellType: CellType;
  cellTypeSource: string;
  rows: number;
}

export function fileFacts(d: Dataset): FileFacts {
  return { cellType: d.cellType.cellType, cellTypeSource: d.cellType.source, rows: d.stats.rows };
}

export interface SummaryResult {
  dataset: Dataset;
  cycles: CycleSummary[];
  warnings: string[];
  /** The cycler's own per-cycle CE beside cyclekit's, when the file carries one (JSON `instrumentCycles`). */
  instrument: InstrumentCeComparison | null;
}

/**
 * Per-cycle figures of a loaded file, with the warnings `summary` prints: the one summary every
 * command (and the library) builds on, so the same file gives the same numbers everywhere.
 * Partial cycles are marked and kept out of CE statistics (docs/analyses.md).
 */
export function summariseDataset(dataset: Dataset, ce: CeChoice = DEFAULT_CE): SummaryResult {
  if (dataset.cRateBasis?.kind === 'specific' && dataset.massG === null) {
    throw fieldError('E_MASS', 'mass', (name) => `C-rate basis ${formatCRateBasis(dataset.cRateBasis!)} needs the active mass: pass ${name('mass')} (e.g. ${name('mass')} 2.1mg) or add massMg to cell.yaml`, { file: dataset.file });
  }
  const ceMode = ceModeFor(ce, dataset.cellType.cellType);
  const partial = findPartialCycles(dataset.cycles.cycles);
  const cycles = summariseCycles(dataset.cycles.cycles, { massG: dataset.massG, cRateBasis: dataset.cRateBasis, ce: ceMode, capacityTolerance: CAPACITY_TOLERANCE, timeSeries: dataset.header.perCycleTable !== true, partial });
  const warnings = [...dataset.warnings];
  for (const [index, reason] of partial) {
    warnings.push(`cycle ${dataset.cycles.cycles[index]!.number} is partial (${reason}): kept in tables, left out of CE statistics, retention baselines, fade fits and check ranges`);
  }
  const firstCycle = firstCycleNote(dataset.cycles.cycles, cycles);
  if (firstCycle) warnings.push(firstCycle);
  warnings.push(...cellTypeWarnings(dataset, ceMode));
  const balance = ceBalanceNote(cycles, ceMode);
  if (balance) warnings.push(balance);
  const instrument = dataset.header.instrumentCycles ? compareWithInstrument(dataset.header.instrumentCycles, cycles, ceMode, dataset.cycles.rule) : null;
  const instrumentWarning = instrument ? instrumentCeWarning(instrument, ceMode) : null;
  if (instrumentWarning) warnings.push(instrumentWarning);
  const massWarning = implausibleSpecificCapacity(dataset, cycles);
  if (massWarning) warnings.push(massWarning);
  if (dataset.header.perCycleTable === true && dataset.cRateBasis !== null) warnings.push(`C-rate basis ${formatCRateBasis(dataset.cRateBasis)} (${dataset.cRateBasisSource}) not used: a per-cycle summary table has no currents, so no C-rates are reported`);
  const agreement = checkCapacityAgreement(dataset.cycles.cycles, CAPACITY_TOLERANCE);
  if (agreement.worst) {
    const w = agreement.worst;
    warnings.push(
      `${agreement.steps} step(s) where the file's capacity and ∫I dt differ by more than 1 % (worst: cycle ${w.cycle}${w.step !== null ? ` step ${w.step}` : ''}, file ${(w.fileAh * 1000).toPrecision(5)} mAh vs integrated ${(w.integratedAh * 1000).toPrecision(5)} mAh, ${(w.relative * 100).toFixed(1)} %); the file's values are reported`,
    );
  }
  if (dataset.massG === null) warnings.push('no active mass (pass --mass, add cell.yaml, or use a file that states it): specific values are not reported');
  return { dataset, cycles, warnings, instrument };
}

/** Numbers of the partial cycles: `last` and `A-last` selections end before them (src/segment/selection.ts). */
export function partialCycleNumbers(summary: { cycles: readonly CycleSummary[] }): Set<number> {
  return new Set(summary.cycles.filter((c) => c.partial).map((c) => c.cycle));
}

/**
 * Load, segment and summarise one file: the start of every per-file command. With
 * `load.keepPoints`, `load.pointCycles` limits the kept points to the cycles an analysis reads.
 */
export async function summariseFile(file: string, load: LoadOptions, ce: CeChoice = DEFAULT_CE): Promise<SummaryResult> {
  return summariseDataset(await loadDataset(file, load), ce);
}

/** `auto` follows the cell type: an anode's CE is delithiation (charge) over lithiation (discharge). */
export function ceModeFor(flag: string, cellType: CellType): CeMode {
  if (flag === 'charge-over-discharge' || flag === 'discharge-over-charge') return flag;
  return cellType === 'half-anode' ? 'charge-over-discharge' : 'discharge-over-charge';
}

/** What the cell type changes that a reader should hear about. */
function cellTypeWarnings(d: Dataset, ce: CeMode): string[] {
  const t = d.cellType;
  // Inferring half-cathode keeps what cyclekit always assumed, so it is said in inspect and report only.
  if ((t.source === 'inferred from the data' && t.cellType !== 'half-cathode') || t.source.startsWith('assumed (negative')) {
    return [`cell type ${t.cellType} ${t.source} (${t.reason}); CE = ${ce === 'charge-over-discharge' ? 'charge/discharge' : 'discharge/charge'}; pass --cell-type or add cellType to cell.yaml to say otherwise`];
  }
  return [];
}

/**
 * No electrode stores more than Li metal's 3,860 mAh g⁻¹ (Si: 3,579): above 4,000 the mass is
 * wrong. Below 5 mAh g⁻¹ no electrode would be worth testing: most likely grams read as mg.
 */
export const MAX_PLAUSIBLE_MAH_G = 4000;
export const MIN_PLAUSIBLE_MAH_G = 5;

function implausibleSpecificCapacity(d: Dataset, cycles: CycleSummary[]): string | null {
  if (d.massG === null) return null;
  let best: { value: number; cycle: number } | null = null;
  for (const c of cycles) {
    if (c.partial) continue;
    for (const v of [c.chargeSpecificCapacityMAhG, c.dischargeSpecificCapacityMAhG]) if (v !== null && (best === null || v > best.value)) best = { value: v, cycle: c.cycle };
  }
  if (best === null) return null;
  const mass = `the active mass ${(d.massG * 1000).toPrecision(4)} mg (${d.massSource})`;
  if (best.value > MAX_PLAUSIBLE_MAH_G) return `specific capacity ${best.value.toFixed(0)} mAh g⁻¹ (cycle ${best.cycle}) is above any known electrode (Li metal 3,860 mAh g⁻¹): check ${mass}`;
  if (best.value < MIN_PLAUSIBLE_MAH_G) return `specific capacity at most ${best.value.toPrecision(3)} mAh g⁻¹ (cycle ${best.cycle}) is implausibly small for an electrode: check ${mass}`;
  return null;
}
