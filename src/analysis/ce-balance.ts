import type { CeMode, CycleSummary } from './summary.js';
import { median } from '../math/median.js';

/** Fewest complete cycles after the first whose CE can say anything about the balance. */
const MIN_CYCLES = 3;
/** Median CE above which more charge comes out than goes in, beyond a cycler's current error. */
const LIMIT = 1.01;


/**
 * A cell cannot give back more charge than it took in, cycle after cycle: a Na- or Li-rich
 * cathode may do so once (its first cycle), and a fading cell loses a fraction per cycle, not
 * several per cent in every one. A median CE above 101 % over the complete cycles after the first
 * usually means the cycle boundaries pair each half cycle with the wrong partner: the cycler
 * starts its cycles with the other direction (a Neware or Arbin anode test that opens with a
 * lithiation counts it as the first cycle's last half). The number is kept as the file pairs it;
 * this says so and, when pairing each half cycle that gives back charge with the one before it
 * (or after it) balances, gives that CE. Null when the CE is plausible or too few cycles.
 */
export function ceBalanceNote(cycles: readonly CycleSummary[], ce: CeMode): string | null {
  const later = cycles.slice(1).filter((c) => c.partial !== true && c.coulombicEfficiency !== null && Number.isFinite(c.coulombicEfficiency));
  if (later.length < MIN_CYCLES) return null;
  const ces = later.map((c) => c.coulombicEfficiency!);
  const asPaired = median(ces);
  if (asPaired <= LIMIT) return null;
  const above = ces.filter((v) => v > 1).length;
  // Out = what the CE divides (charge for an anode), in = what it divides by.
  const out = (c: CycleSummary): number | null => (ce === 'charge-over-discharge' ? c.chargeCapacityMAh : c.dischargeCapacityMAh);
  const into = (c: CycleSummary): number | null => (ce === 'charge-over-discharge' ? c.dischargeCapacityMAh : c.chargeCapacityMAh);
  const shifted = (shift: -1 | 1): number | null => {
    const ratios: number[] = [];
    for (let i = 1; i < cycles.length; i++) {
      const a = cycles[i]!;
      const b = cycles[i + shift];
      if (!b || a.partial === true || b.partial === true) continue;
      const o = out(a);
      const n = into(b);
      if (o !== null && n !== null && o > 0 && n > 0) ratios.push(o / n);
    }
    return ratios.length >= MIN_CYCLES ? median(ratios) : null;
  };
  const before = shifted(-1);
  const after = shifted(1);
  const outName = ce === 'charge-over-discharge' ? 'charge' : 'discharge';
  const inName = ce === 'charge-over-discharge' ? 'discharge' : 'charge';
  const balanced =
    before !== null && before <= 1
      ? `; each ${outName} over the ${inName} of the cycle before gives a median CE of ${(before * 100).toFixed(2)} %, so the file's cycles likely open with the ${outName}`
      : after !== null && after <= 1
        ? `; each ${outName} over the ${inName} of the cycle after gives a median CE of ${(after * 100).toFixed(2)} %`
        : '';
  return (
    `CE is above 100 % in ${above} of ${ces.length} complete cycles after the first (median ${(asPaired * 100).toFixed(2)} %): ` +
    `more charge comes out than goes in, cycle after cycle, which no cell does${balanced}; ` +
    `check the cycle pairing (--cycle-rule) and the CE convention (--ce, --cell-type); the CE shown is the file's cycles as paired`
  );
}
