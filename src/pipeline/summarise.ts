import { checkCapacityAgreement, summariseCycles, type CeMode, type CycleSummary } from '../analysis/summary.js';
import { CyclekitError } from '../model/errors.js';
import { formatCRateBasis } from '../model/units.js';
import type { Dataset } from '../segment/dataset.js';

/** How Coulombic efficiency is defined: `auto` takes it from the sidecar's cellType (half-anode → charge over discharge). */
export type CeChoice = CeMode | 'auto';

export interface SummaryResult {
  dataset: Dataset;
  cycles: CycleSummary[];
  warnings: string[];
}

/**
 * Per-cycle figures of a loaded file, with the warnings `summary` prints: the one summary every
 * command (and the library) builds on, so the same file gives the same numbers everywhere.
 */
export function summariseDataset(dataset: Dataset, ce: CeChoice = 'auto'): SummaryResult {
  if (dataset.cRateBasis?.kind === 'specific' && dataset.massG === null) {
    throw new CyclekitError('E_MASS', `C-rate basis ${formatCRateBasis(dataset.cRateBasis)} needs the active mass: pass --mass (e.g. --mass 2.1mg) or add massMg to cell.yaml`, { file: dataset.file });
  }
  const ceMode: CeMode = ce === 'charge-over-discharge' || (ce === 'auto' && dataset.context?.cellType === 'half-anode') ? 'charge-over-discharge' : 'discharge-over-charge';
  const cycles = summariseCycles(dataset.cycles.cycles, { massG: dataset.massG, cRateBasis: dataset.cRateBasis, ce: ceMode, capacityTolerance: 0.01, timeSeries: dataset.header.perCycleTable !== true });
  const warnings = [...dataset.warnings];
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
