import { findPartialCycles } from '../../analysis/partial.js';
import type { CellType } from '../../ingest/sidecar.js';
import { checkCapacityAgreement, summariseCycles, type CeMode, type CycleSummary } from '../../analysis/summary.js';
import { CyclekitError } from '../../model/errors.js';
import { formatCRateBasis } from '../../model/units.js';
import { loadDataset, type Dataset, type LoadOptions } from '../../segment/dataset.js';
import { SUMMARY_CSV_KEYS, summaryCsvRows, summaryTable } from '../../report/summary.js';
import { loadOptions, type InputFlags } from '../options.js';
import type { PerFileRunner } from '../per-file.js';

export interface SummaryFlags extends InputFlags {
  ce: string;
}

export interface SummaryResult {
  dataset: Dataset;
  cycles: CycleSummary[];
  warnings: string[];
}

/**
 * Load, segment and summarise one file: shared by `summary`, `report` and `check`. With
 * `keepPoints`, `pointCycles` limits the kept points to the cycles an analysis will read.
 */
export async function summariseFile(file: string, flags: SummaryFlags, keepPoints = false, pointCycles?: LoadOptions['pointCycles']): Promise<SummaryResult> {
  const options: LoadOptions = { ...loadOptions(flags, keepPoints), ...(pointCycles ? { pointCycles } : {}) };
  const dataset = await loadDataset(file, options);
  if (dataset.cRateBasis?.kind === 'specific' && dataset.massG === null) {
    throw new CyclekitError('E_MASS', `C-rate basis ${formatCRateBasis(dataset.cRateBasis)} needs the active mass: pass --mass (e.g. --mass 2.1mg) or add massMg to cell.yaml`, { file: dataset.file });
  }
  const ceMode = ceModeFor(flags.ce, dataset.cellType.cellType);
  const partial = findPartialCycles(dataset.cycles.cycles);
  const cycles = summariseCycles(dataset.cycles.cycles, { massG: dataset.massG, cRateBasis: dataset.cRateBasis, ce: ceMode, capacityTolerance: 0.01, timeSeries: dataset.header.perCycleTable !== true, partial });
  const warnings = [...dataset.warnings];
  for (const [index, reason] of partial) {
    warnings.push(`cycle ${dataset.cycles.cycles[index]!.number} is partial (${reason}): kept in tables, left out of CE statistics, retention baselines, fade fits and check ranges`);
  }
  warnings.push(...cellTypeWarnings(dataset, ceMode, cycles));
  const massWarning = implausibleSpecificCapacity(dataset, cycles);
  if (massWarning) warnings.push(massWarning);
  if (dataset.header.perCycleTable === true && dataset.cRateBasis !== null) warnings.push(`C-rate basis ${formatCRateBasis(dataset.cRateBasis)} (${dataset.cRateBasisSource}) not used: a per-cycle summary table has no currents, so no C-rates are reported`);
  const agreement = checkCapacityAgreement(dataset.cycles.cycles, 0.01);
  if (agreement.worst) {
    const w = agreement.worst;
    warnings.push(
      `${agreement.steps} step(s) where the file's capacity and ∫I dt differ by more than 1 % (worst: cycle ${w.cycle}${w.step !== null ? ` step ${w.step}` : ''}, file ${(w.fileAh * 1000).toPrecision(5)} mAh vs integrated ${(w.integratedAh * 1000).toPrecision(5)} mAh, ${(w.relative * 100).toFixed(1)} %); the file's values are reported`,
    );
  }
  if (dataset.massG === null) warnings.push('no active mass (pass --mass, add cell.yaml, or use a file that states it): specific values are not reported');
  return { dataset, cycles, warnings };
}

/** `auto` follows the cell type: an anode's CE is delithiation (charge) over lithiation (discharge). */
export function ceModeFor(flag: string, cellType: CellType): CeMode {
  if (flag === 'charge-over-discharge' || flag === 'discharge-over-charge') return flag;
  return cellType === 'half-anode' ? 'charge-over-discharge' : 'discharge-over-charge';
}

/** What the cell type changes that a reader should hear about. */
function cellTypeWarnings(d: Dataset, ce: CeMode, cycles: CycleSummary[]): string[] {
  const out: string[] = [];
  const t = d.cellType;
  // Inferring half-cathode keeps what cyclekit always assumed, so it is said in inspect and report only.
  if ((t.source === 'inferred from the data' && t.cellType !== 'half-cathode') || t.source.startsWith('assumed (negative')) {
    out.push(`cell type ${t.cellType} ${t.source} (${t.reason}); CE = ${ce === 'charge-over-discharge' ? 'charge/discharge' : 'discharge/charge'}; pass --cell-type or add cellType to cell.yaml to say otherwise`);
  }
  const instrument = d.header.metadata.instrumentFirstCycleCe;
  const first = cycles.find((c) => c.coulombicEfficiency !== null && c.cycle === 1) ?? null;
  if (typeof instrument === 'number' && first !== null && Math.abs(first.coulombicEfficiency! - instrument) > 0.001) {
    out.push(`the file's own CE for cycle 1 is ${(instrument * 100).toFixed(2)} %, cyclekit's ${(first.coulombicEfficiency! * 100).toFixed(2)} % (${ce}): check --cell-type or --ce`);
  }
  return out;
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

const CE_MODES = ['auto', 'discharge-over-charge', 'charge-over-discharge'];

/** `--ce` is read per file, so commands check it up front to fail once with a usage error. */
export function checkCeFlag(ce: string): void {
  if (!CE_MODES.includes(ce)) throw new CyclekitError('E_USAGE', `--ce: expected discharge-over-charge, charge-over-discharge or auto, got '${ce}'`);
}

export interface CellTypeJson {
  cellType: CellType;
  cellTypeSource: string;
}

/** The two keys every file result carries (CLI.md): the cell type and where it came from. */
export function cellTypeJson(d: Dataset): CellTypeJson {
  return { cellType: d.cellType.cellType, cellTypeSource: d.cellType.source };
}

/** How a file was read, as the JSON of `summary` and `check` open each file's result. */
export function datasetJson(d: Dataset): { format: string; massG: number | null; massSource: string | null; cellType: CellType; cellTypeSource: string; cRateBasis: string | null; cycleRule: string } {
  return {
    format: d.header.format,
    massG: d.massG,
    massSource: d.massSource,
    cellType: d.cellType.cellType,
    cellTypeSource: d.cellType.source,
    ...(d.seams ? { join: { parts: d.seams.map((x) => x.file), seams: d.seams } } : {}),
    cRateBasis: d.cRateBasis ? formatCRateBasis(d.cRateBasis) : null,
    cycleRule: d.cycles.description,
  };
}

export function summaryJson(r: SummaryResult): object {
  return {
    ...datasetJson(r.dataset),
    cycles: r.cycles,
    warnings: r.warnings,
  };
}

export const summaryRunner: PerFileRunner<SummaryFlags, SummaryResult> = {
  prepare: (flags: SummaryFlags) => {
    checkCeFlag(flags.ce);
    return (f) => summariseFile(f, flags);
  },
  emit: {
    json: summaryJson,
    table: (r, style) => {
      const d = r.dataset;
      const head = style.dim(`${d.header.format} · ${d.cycles.cycles.length} cycles · ${d.cycles.description}${d.massG !== null ? ` · mass ${(d.massG * 1000).toPrecision(4)} mg (${d.massSource})` : ''}`);
      return `${head}\n${summaryTable(r.cycles, style)}`;
    },
    csv: (r) => ({ header: SUMMARY_CSV_KEYS as string[], rows: summaryCsvRows(r.cycles) }),
    warnings: (r) => r.warnings,
  },
};
