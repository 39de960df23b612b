import { energyDensity, type EnergyOptions, type EnergyResult, type MassBasis } from '../../analysis/energy.js';
import { CyclekitError } from '../../model/errors.js';
import { parseMass } from '../../model/units.js';
import { ENERGY_CSV_HEADER, energyCsvRows, energyJson, energyTable } from '../../report/energy.js';
import type { InputFlags } from '../options.js';
import type { PerFileRunner } from '../per-file.js';
import { cellTypeJson, summariseFile, type CellTypeJson } from './summary.js';

export interface EnergyFlags extends InputFlags {
  anodeMass?: string;
  basis: string;
  inactiveFraction: string;
  density?: string;
  electrodeVolume?: string;
  anodeCapacity?: string;
  cathodeCapacity?: string;
}

const BASES: MassBasis[] = ['cathode', 'active', 'electrode'];

function positive(text: string | undefined, what: string, unit: RegExp, example: string): number | null {
  if (text === undefined) return null;
  const m = new RegExp(`^\\s*(\\d*\\.?\\d+(?:e[-+]?\\d+)?)\\s*(?:${unit.source})?\\s*$`, 'i').exec(text);
  if (!m || !(Number(m[1]) > 0)) throw new CyclekitError('E_USAGE', `${what}: expected a positive number such as ${example}, got '${text}'`);
  return Number(m[1]);
}

/** Flags → everything but the masses, which come from the dataset (flag, sidecar or header). */
export function energyFlagOptions(flags: EnergyFlags): Omit<EnergyOptions, 'cathodeMassG' | 'anodeMassG'> & { anodeMassG: number | null } {
  if (!BASES.includes(flags.basis as MassBasis)) throw new CyclekitError('E_USAGE', `--basis: expected one of ${BASES.join(', ')}, got '${flags.basis}'`);
  const inactive = Number(flags.inactiveFraction);
  if (!/^\s*\d*\.?\d+\s*$/.test(flags.inactiveFraction) || !(inactive >= 0 && inactive < 1)) throw new CyclekitError('E_USAGE', `--inactive-fraction: expected a fraction in [0, 1) such as 0.2, got '${flags.inactiveFraction}'`);
  if (flags.density !== undefined && flags.electrodeVolume !== undefined) throw new CyclekitError('E_USAGE', '--density and --electrode-volume cannot be combined: give one');
  return {
    basis: flags.basis as MassBasis,
    anodeMassG: flags.anodeMass ? parseMass(flags.anodeMass, '--anode-mass') : null,
    inactiveFraction: inactive,
    densityGCm3: positive(flags.density, '--density', /g\/cm3|g\/cc|g cm-3/, '2.5 (g/cm3)'),
    electrodeVolumeCm3: positive(flags.electrodeVolume, '--electrode-volume', /cm3|cc|ml/, '0.0012 (cm3)'),
    anodeCapacityMAhG: positive(flags.anodeCapacity, '--anode-capacity', /mah\/g/, '300 (mAh/g)'),
    cathodeCapacityMAhG: positive(flags.cathodeCapacity, '--cathode-capacity', /mah\/g/, '170 (mAh/g)'),
  };
}

export interface EnergyFileResult {
  result: EnergyResult;
  cellType: CellTypeJson;
  warnings: string[];
}

export async function energyForFile(file: string, flags: EnergyFlags): Promise<EnergyFileResult> {
  const opts = energyFlagOptions(flags);
  const s = await summariseFile(file, { ...flags, ce: 'auto' });
  const anodeMassG = opts.anodeMassG ?? s.dataset.context?.anodeMassG ?? null;
  const warnings = s.warnings.filter((w) => !w.startsWith('active mass') && !w.startsWith('no active mass'));
  if (s.dataset.massG !== null && s.dataset.massSource !== '--mass') warnings.push(`cathode active mass ${(s.dataset.massG * 1000).toPrecision(4)} mg from ${s.dataset.massSource}`);
  if (s.dataset.cellType.cellType === 'half-anode') warnings.push(`half-anode (${s.dataset.cellType.source}): its discharge vs the metal is lithiation, so these figures are work done on the half cell, not an energy density a cell delivers`);
  let result: EnergyResult;
  try {
    result = energyDensity(s.cycles, { ...opts, cathodeMassG: s.dataset.massG, anodeMassG });
  } catch (err) {
    if (err instanceof CyclekitError && err.file === undefined) err.file = s.dataset.file;
    throw err;
  }
  return { result, cellType: cellTypeJson(s.dataset), warnings };
}

export const energyRunner: PerFileRunner<EnergyFlags, EnergyFileResult> = {
  prepare: (flags: EnergyFlags) => {
    energyFlagOptions(flags);
    return (f) => energyForFile(f, flags);
  },
  emit: {
    json: (r) => ({ ...r.cellType, ...energyJson(r.result) }),
    table: (r, style) => energyTable(r.result, style),
    csv: (r) => ({ header: ENERGY_CSV_HEADER, rows: energyCsvRows(r.result) }),
    warnings: (r) => r.warnings,
  },
};
