import { COUPLE_DEFAULTS } from '../../analysis/couples.js';
import { DQDV_DEFAULTS, type DqdvMethod } from '../../analysis/dqdv.js';
import type { Direction } from '../../analysis/half-cycle.js';
import { PEAK_DEFAULTS, type ProminenceThreshold } from '../../analysis/peaks.js';
import type { MonotoneMethod } from '../../math/monotone.js';
import { parseCycleSelection } from '../../segment/selection.js';
import type { DqdvSettings } from '../../pipeline/dqdv.js';
import { parseNumber, parseSmoothing } from './numbers.js';
import { parseReference } from './reference.js';
import type { SummaryFlags } from './summary.js';

export interface DqdvFlags extends SummaryFlags {
  cycle: string;
  direction: 'charge' | 'discharge' | 'both';
  method: DqdvMethod;
  stepMv: string;
  window?: string;
  poly?: string;
  monotone: MonotoneMethod;
  minProminence: string;
  reference?: string;
  labelTolerance: string;
  maxPolarization: string;
  chart: boolean;
}

/** The flags that make dQ/dV settings (`chart` is the caller's: it changes no number). */
export type DqdvSettingFlags = Pick<DqdvFlags, 'cycle' | 'direction' | 'method' | 'stepMv' | 'window' | 'poly' | 'monotone' | 'minProminence' | 'reference' | 'labelTolerance' | 'maxPolarization'> & { chart?: boolean };

const PROMINENCE = 'a percentage such as 5% or an absolute value in mAh/V';

/** `5%` (of the half cycle's largest |dQ/dV|) or a bare number in mAh V⁻¹. */
export function parseProminence(text: string): ProminenceThreshold {
  const t = text.trim();
  if (t.endsWith('%')) return { kind: 'relative', fraction: parseNumber(t.slice(0, -1), '--min-prominence', (x) => x >= 0 && x < 100, PROMINENCE) / 100 };
  return { kind: 'absolute', mAhPerV: parseNumber(t, '--min-prominence', (x) => x >= 0, PROMINENCE) };
}

/** dqdv's flags (report and plot pass DQDV_FLAG_DEFAULTS) as dQ/dV settings. */
export function settingsFrom(flags: DqdvSettingFlags): DqdvSettings {
  const base = DQDV_DEFAULTS[flags.method];
  const stepV = parseNumber(flags.stepMv, '--step-mv', (x) => x > 0 && x <= 1000, 'a positive step in mV such as 5') / 1000;
  const { window, polynomial } = parseSmoothing(flags.window, flags.poly, base);
  const directions: Direction[] = flags.direction === 'both' ? ['charge', 'discharge'] : [flags.direction];
  return {
    dqdv: { method: flags.method, stepV, window, polynomial, monotone: flags.monotone },
    peaks: { ...PEAK_DEFAULTS, minProminence: parseProminence(flags.minProminence), edgePoints: Math.max(PEAK_DEFAULTS.edgePoints, Math.floor(window / 2)) },
    couples: {
      ...COUPLE_DEFAULTS,
      maxSeparationV: parseNumber(flags.maxPolarization, '--max-polarization', (x) => x > 0, 'a positive voltage such as 0.5'),
      labelToleranceV: parseNumber(flags.labelTolerance, '--label-tolerance', (x) => x >= 0, 'a voltage such as 0.1'),
      reference: flags.reference ? parseReference(flags.reference) : COUPLE_DEFAULTS.reference,
    },
    directions,
    selection: parseCycleSelection(flags.cycle),
    prominenceText: flags.minProminence,
  };
}
