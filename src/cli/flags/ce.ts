import { CyclekitError } from '../../model/errors.js';
import type { CeChoice } from '../../pipeline/summarise.js';

const CE_MODES: CeChoice[] = ['auto', 'discharge-over-charge', 'charge-over-discharge'];

// windows and dqdv split half cycles, which no CE definition changes; they accept --ce (checked)
// so that one set of flags serves every command in a script.
export const CE_PASSED_ON = 'accepted for scripts that pass one set of flags to every command (no effect here): discharge-over-charge, charge-over-discharge or auto';

/** `--ce` is read per file, so commands check it up front to fail once with a usage error. */
export function checkCeFlag(ce: string): CeChoice {
  if (!CE_MODES.includes(ce as CeChoice)) throw new CyclekitError('E_USAGE', `--ce: expected discharge-over-charge, charge-over-discharge or auto, got '${ce}'`);
  return ce as CeChoice;
}
