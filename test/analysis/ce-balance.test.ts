import { describe, expect, it } from 'vitest';
import { ceBalanceNote } from '../../src/analysis/ce-balance.js';
import type { CycleSummary } from '../../src/analysis/summary.js';

/** Cycles with only what the balance reads: capacities, CE as charge over discharge (an anode), partial. */
function anodeCycles(pairs: [number | null, number | null][]): CycleSummary[] {
  return pairs.map(([chargeCapacityMAh, dischargeCapacityMAh], i) => ({
    cycle: i + 1,
    chargeCapacityMAh,
    dischargeCapacityMAh,
    coulombicEfficiency: chargeCapacityMAh !== null && dischargeCapacityMAh !== null ? chargeCapacityMAh / dischargeCapacityMAh : null,
    partial: false,
  })) as unknown as CycleSummary[];
}

describe('CE balance: more out than in, cycle after cycle', () => {
  it('an anode test whose cycles open with the delithiation: the note gives the CE paired with the lithiation before', () => {
    // Lithiations 4, 3.6, 3.2, 2.8, 2.4; each delithiation returns 90 % of the one before it.
    const cycles = anodeCycles([[null, 4], [3.6, 3.6], [3.24, 3.2], [2.88, 2.8], [2.52, 2.4]]);
    const note = ceBalanceNote(cycles, 'charge-over-discharge');
    // As paired: 100 %, 101.25 %, 102.86 %, 105 % → median 102.05 %.
    expect(note).toContain('CE is above 100 % in 3 of 4 complete cycles after the first (median 102.05 %)');
    expect(note).toContain('each charge over the discharge of the cycle before gives a median CE of 90.00 %');
  });

  it('silent when the CE is plausible, or with fewer than three cycles after the first', () => {
    expect(ceBalanceNote(anodeCycles([[1, 1.1], [1, 1.01], [1, 1.02], [1, 1.01]]), 'charge-over-discharge')).toBeNull();
    expect(ceBalanceNote(anodeCycles([[1, 1], [1.2, 1], [1.2, 1]]), 'charge-over-discharge')).toBeNull();
  });
});
