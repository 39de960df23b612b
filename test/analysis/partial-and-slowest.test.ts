import { describe, expect, it } from 'vitest';
import { findPartialCycles } from '../../src/analysis/partial.js';
import type { Cycle } from '../../src/segment/cycles.js';
import type { Step } from '../../src/segment/steps.js';
import { plateauCycle } from '../../src/analysis/plateau.js';
import { cycleSummary } from './retention-helpers.js';

/** A charge or discharge step of `mAh` at `mA`, ending at `endV`. */
function step(index: number, kind: 'charge' | 'discharge', mAh: number, mA: number, endV: number): Step {
  const hours = mAh / mA;
  return {
    index, kind, fileCycle: null, fileStep: null, startLine: 0, endLine: 0, records: 2, startTimeS: index * 1e5, endTimeS: index * 1e5 + hours * 3600,
    firstVoltageV: kind === 'charge' ? 2.5 : 4.2, lastVoltageV: endV, minVoltageV: 2.5, maxVoltageV: 4.2,
    integratedAh: (kind === 'charge' ? 1 : -1) * mAh / 1000, integratedWh: (kind === 'charge' ? 1 : -1) * mAh * 3.4 / 1000, points: null,
    fileCapacityAh: null, fileEnergyWh: null, meanTemperatureC: null,
  } as Step;
}

const cycle = (n: number, chg: number | null, dis: number | null, mA = 1, disEndV = 2.5): Cycle => {
  const steps: Step[] = [];
  if (chg !== null) steps.push(step(2 * n, 'charge', chg, mA, 4.2));
  if (dis !== null) steps.push(step(2 * n + 1, 'discharge', dis, mA, disEndV));
  return { number: n, steps };
};

describe('partial cycles (src/analysis/partial.ts)', () => {
  it('marks a half cycle far below its neighbours at a similar current, an unfinished end, and a cycle whose halves differ fivefold', () => {
    const cycles = [cycle(1, 1, 0.97), cycle(2, 1, 0.97), cycle(3, 0.2, 0.97), cycle(4, 1, 0.97), cycle(5, 1, 0.1), cycle(6, 1, 0.96), cycle(7, 1, 0.5, 1, 3.1)];
    const p = findPartialCycles(cycles);
    expect([...p.keys()].sort()).toEqual([2, 4, 6]);
    expect(p.get(2)).toMatch(/^charge 0\.2000 mAh is 20\.0 % of the median of its neighbours at a similar current$/);
    expect(p.get(4)).toMatch(/^discharge 0\.1000 mAh is 10\.0 % of the cycle's other half$/);
    expect(p.get(6)).toMatch(/^unfinished: the file ends during the discharge, at 3\.100 V, 600 mV short/);
  });

  it('a rate step is no partial cycle: a tenth of the capacity at twenty times the current is compared with nothing', () => {
    const cycles = [cycle(1, 1, 1, 1), cycle(2, 1, 1, 1), cycle(3, 0.1, 0.1, 20), cycle(4, 1, 1, 1), cycle(5, 1, 1, 1)];
    expect(findPartialCycles(cycles).size).toBe(0);
  });

  it('a last cycle without the charge its predecessors have is unfinished', () => {
    expect(findPartialCycles([cycle(1, 1, 1), cycle(2, 1, 1), cycle(3, null, 1)]).get(2)).toBe("unfinished: the file ends before this cycle's charge");
  });
});

describe('the dQ/dV cycle: the second complete cycle at the slowest rate (plateauCycle)', () => {
  it('without a 1C basis, the slowest discharge current (test_2.ndax: 0.079 mA in cycles 1, 10, 31, 52 → cycle 10)', () => {
    const currents = [0.079, 0.158, 0.317, 0.528, 0.792, 1.584, 3.169, 3.168, 3.168, 0.079, 0.317, 0.317];
    const cycles = currents.map((mA, i) => cycleSummary(i + 1, 1, { cRate: null, meanDischargeCurrentA: -mA / 1000, chargeCapacityMAh: 1 }));
    expect(plateauCycle(cycles)).toBe(10);
    cycles[9]!.partial = true;
    expect(plateauCycle(cycles)).toBe(1);
  });
});
