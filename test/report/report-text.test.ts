import { describe, expect, it } from 'vitest';
import type { InstrumentCeComparison, InstrumentCeCycle } from '../../src/analysis/instrument-ce.js';
import { instrumentCeText } from '../../src/report/report-text.js';

const cycle = (n: number, differencePoints: number | null): InstrumentCeCycle => ({
  cycle: n,
  instrumentChargeCapacityMAh: 1,
  instrumentDischargeCapacityMAh: 0.9,
  instrumentCoulombicEfficiency: 0.9,
  instrumentCeBasis: 'capacities',
  coulombicEfficiency: differencePoints === null ? null : 0.9 + differencePoints / 100,
  differencePoints,
});
const base: InstrumentCeComparison = { source: 'Cycle sheet', tolerancePoints: 0.1, compared: true, notComparedReason: null, cycles: [cycle(1, null), cycle(2, 0), cycle(3, 0.05)], disagreeing: [] };

describe("report's 'cycler CE' header line", () => {
  it('counts only the cycles both sides have a CE for', () => {
    expect(instrumentCeText(base)).toBe("within 0.1 point of the file's own in 2 of 2 cycles (Cycle sheet)");
    expect(instrumentCeText({ ...base, cycles: [...base.cycles, cycle(4, 0.3)], disagreeing: [4] })).toBe('differs by more than 0.1 point in 1 of 3 cycles (see the warning) (Cycle sheet)');
  });
  it('says why nothing was compared', () => {
    expect(instrumentCeText({ ...base, cycles: [cycle(1, null)] })).toBe("the file's own figures give no CE to compare (Cycle sheet)");
    expect(instrumentCeText({ ...base, compared: false, notComparedReason: 'cyclekit numbered the cycles itself (charge-first)' })).toBe('not compared: cyclekit numbered the cycles itself (charge-first) (Cycle sheet)');
  });
});
