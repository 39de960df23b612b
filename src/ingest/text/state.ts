import type { StepKind } from '../../model/record.js';

const EXACT: Record<string, StepKind> = {
  r: 'rest', rest: 'rest', o: 'rest', ocv: 'rest', pause: 'rest', relax: 'rest', 搁置: 'rest', 静置: 'rest',
  c: 'charge', chg: 'charge', charge: 'charge', ratec: 'charge', cc_chg: 'charge', cv_chg: 'charge', cccv_chg: 'charge',
  d: 'discharge', dchg: 'discharge', dchg_: 'discharge', discharge: 'discharge', rated: 'discharge', cc_dchg: 'discharge',
  cv_dchg: 'discharge', cccv_dchg: 'discharge', dch: 'discharge', cc_dch: 'discharge',
};

/**
 * Read a cycler's step-state cell (Neware "CC DChg", LAND "RateD", Maccor "D", 恒流放电)
 * as a step kind. Discharge is tested before charge because "discharge" contains "charge".
 */
export function stateToKind(raw: string): StepKind | null {
  const s = raw.trim().toLowerCase().replace(/[\s-]+/g, '_');
  if (s.length === 0) return null;
  const exact = EXACT[s];
  if (exact) return exact;
  if (/dchg|dischg|discharge|dch|放电/.test(s)) return 'discharge';
  if (/chg|charge|充电/.test(s)) return 'charge';
  if (/rest|pause|ocv|搁置|静置|休止/.test(s)) return 'rest';
  return 'other';
}
