import type { CyclekitError } from '../model/errors.js';

/**
 * The flag each option field of the library is set by. Analyses and loading name fields in
 * their errors (`referenceCycle 9: no such cycle`); the CLI's one-line messages name the flag
 * (`--reference-cycle 9: …`). A field missing here is shown under its own name. `check` needs no
 * map: a spec's keys are the fields' own names (`referenceCycle:`).
 */
const FLAG_OF_FIELD: Readonly<Record<string, string>> = {
  // loading and selection
  format: '--format',
  mass: '--mass',
  cycles: '--cycle',
  peakCycles: '--peak-cycles',
  // compare and report
  reference: '--reference',
  // retention
  referenceCycle: '--reference-cycle',
  // energy
  cathodeMassG: '--mass',
  anodeMassG: '--anode-mass',
  basis: '--basis',
  inactiveFraction: '--inactive-fraction',
  anodeCapacityMAhG: '--anode-capacity',
  cathodeCapacityMAhG: '--cathode-capacity',
  // theory
  formula: '--formula',
  electrons: '--electrons',
  site: '--site',
};

export function flagOfField(field: string): string {
  return FLAG_OF_FIELD[field] ?? field;
}

/** The error worded with flags: called wherever the CLI turns an error into what users see. */
export function inFlagTerms<E extends CyclekitError>(err: E): E {
  return err.nameFields(flagOfField);
}
