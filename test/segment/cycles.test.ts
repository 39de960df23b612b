import { describe, expect, it } from 'vitest';
import { assignCycles } from '../../src/segment/cycles.js';
import type { Step } from '../../src/segment/steps.js';

/** Steps of alternating charge and discharge, numbered by `cycles` (one entry per step). */
function steps(cycles: number[]): Step[] {
  return cycles.map((fileCycle, index) => ({
    index, kind: index % 2 === 0 ? 'charge' : 'discharge', fileCycle, fileStep: (index % 2) + 1,
    startLine: 2 + index * 10, endLine: 11 + index * 10, records: 10, startTimeS: index * 100, endTimeS: index * 100 + 90,
    firstVoltageV: 3, lastVoltageV: 4, minVoltageV: 3, maxVoltageV: 4, integratedAh: index % 2 === 0 ? 1e-3 : -1e-3, integratedWh: 0,
    fileCapacityAh: 1e-3, fileEnergyWh: null, meanTemperatureC: null, points: null,
  }));
}

describe('assignCycles', () => {
  it("keeps the file's own numbers when they only grow", () => {
    const a = assignCycles(steps([1, 1, 2, 2, 3, 3]));
    expect(a.rule).toBe('file');
    expect(a.cycles.map((c) => [c.number, c.steps.length])).toEqual([[1, 2], [2, 2], [3, 2]]);
  });

  it('numbers that start again (a resumed test) are not merged: cycles are derived, and the reason names the line', () => {
    // Two runs of two cycles each, both numbered 1, 2: grouping by number would double every capacity.
    const a = assignCycles(steps([1, 1, 2, 2, 1, 1, 2, 2]));
    expect(a.rule).toBe('charge-first');
    expect(a.cycles.map((c) => [c.number, c.steps.length])).toEqual([[1, 2], [2, 2], [3, 2], [4, 2]]);
    expect(a.description).toMatch(/cycle numbers start again: cycle 2 then 1 on line 42/);
  });

  it('--cycle-rule file still groups by number when asked', () => {
    const a = assignCycles(steps([1, 1, 2, 2, 1, 1]), 'file');
    expect(a.cycles.map((c) => [c.number, c.steps.length])).toEqual([[1, 4], [2, 2]]);
  });
});
