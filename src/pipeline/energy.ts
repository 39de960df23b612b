import { energyDensity, type EnergyOptions, type EnergyResult } from '../analysis/energy.js';
import { CyclekitError } from '../model/errors.js';
import type { LoadOptions } from './load.js';
import { DEFAULT_CE, fileFacts, summariseFile, type FileFacts } from './summarise.js';

/** Everything but the cathode mass, which comes from the dataset; an absent anode mass falls back to the sidecar's. */
export type EnergySettings = Omit<EnergyOptions, 'cathodeMassG' | 'anodeMassG'> & { anodeMassG: number | null };

export interface EnergyFileOptions {
  load: LoadOptions;
  energy: EnergySettings;
}

export interface EnergyFileResult extends FileFacts {
  result: EnergyResult;
  warnings: string[];
}

export async function energyFile(file: string, o: EnergyFileOptions): Promise<EnergyFileResult> {
  const s = await summariseFile(file, o.load, DEFAULT_CE);
  const anodeMassG = o.energy.anodeMassG ?? s.dataset.context?.anodeMassG ?? null;
  const warnings = s.warnings.filter((w) => !w.startsWith('active mass') && !w.startsWith('no active mass'));
  if (s.dataset.massG !== null && s.dataset.massSource !== '--mass') warnings.push(`cathode active mass ${(s.dataset.massG * 1000).toPrecision(4)} mg from ${s.dataset.massSource}`);
  if (s.dataset.cellType.cellType === 'half-anode') warnings.push(`half-anode (${s.dataset.cellType.source}): its discharge vs the metal is lithiation, so these figures are work done on the half cell, not an energy density a cell delivers`);
  let result: EnergyResult;
  try {
    result = energyDensity(s.cycles, { ...o.energy, cathodeMassG: s.dataset.massG, anodeMassG });
  } catch (err) {
    if (err instanceof CyclekitError && err.file === undefined) err.file = s.dataset.file;
    throw err;
  }
  return { ...fileFacts(s.dataset), result, warnings };
}
