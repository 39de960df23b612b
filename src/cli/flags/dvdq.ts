import { DVDQ_DEFAULTS } from '../../analysis/dvdq.js';
import { parseCycleSelection } from '../../segment/selection.js';
import type { DvdqSettings } from '../../pipeline/dvdq.js';
import { parseInteger, parseSmoothing } from './numbers.js';
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
  const { window, polynomial } = parseSmoothing(flags.window, flags.poly, DVDQ_DEFAULTS);
  return {
    options: { points, window, polynomial },
    directions: flags.direction === 'both' ? ['charge', 'discharge'] : [flags.direction],
    selection: parseCycleSelection(flags.cycle),
  };
}
