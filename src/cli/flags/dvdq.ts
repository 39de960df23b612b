import { DVDQ_DEFAULTS } from '../../analysis/dvdq.js';
import { CyclekitError } from '../../model/errors.js';
import { parseCycleSelection } from '../../segment/selection.js';
import type { DvdqSettings } from '../../pipeline/dvdq.js';
import { parseInteger } from './numbers.js';
import type { SummaryFlags } from './summary.js';

export interface DvdqFlags extends SummaryFlags {
  cycle: string;
  direction: 'charge' | 'discharge' | 'both';
  points: string;
  window?: string;
  poly?: string;
  chart: boolean;
}

/** The same smoothing choices as dQ/dV: an odd Savitzky–Golay window ≥ 5 (1 = none) and its order. */
export function dvdqSettingsFrom(flags: Pick<DvdqFlags, 'cycle' | 'direction' | 'points' | 'window' | 'poly'>): DvdqSettings {
  const points = parseInteger(flags.points, '--points', (x) => x >= 10 && x <= 100000, 'a whole number of grid points from 10 to 100000');
  const window = flags.window === undefined ? DVDQ_DEFAULTS.window : parseInteger(flags.window, '--window', (x) => x === 1 || (x >= 5 && x % 2 === 1), 'an odd number of points ≥ 5, or 1 for no smoothing');
  const polynomial = flags.poly === undefined ? DVDQ_DEFAULTS.polynomial : parseInteger(flags.poly, '--poly', (x) => x >= 1 && x <= 5, 'a polynomial order from 1 to 5');
  if (window >= 5 && polynomial >= window - 1) throw new CyclekitError('E_USAGE', `--poly ${polynomial} needs a window of at least ${polynomial + 2} points`);
  return {
    options: { points, window, polynomial },
    directions: flags.direction === 'both' ? ['charge', 'discharge'] : [flags.direction],
    selection: parseCycleSelection(flags.cycle),
  };
}
