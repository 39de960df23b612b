import type { MassBasis } from '../../analysis/energy.js';
import { CyclekitError } from '../../model/errors.js';
import { parseMass } from '../../model/units.js';
import type { EnergySettings } from '../../pipeline/energy.js';
import type { InputFlags } from '../options.js';

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
export function energyFlagOptions(flags: Pick<EnergyFlags, Exclude<keyof EnergyFlags, keyof InputFlags>>): EnergySettings {
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
