import { describe, expect, it } from 'vitest';
import { continuationEvidence, partRuns, type PartSpan } from '../../src/segment/parts.js';

describe('partRuns: names that make files consecutive parts of one test', () => {
  it('BioLogic sequence parts (the technique may change), Maccor numbered extensions, trailing numbers with the bare name as part 0', () => {
    expect(partRuns(['d/run_01_GCPL_C09.mpr', 'd/run_02_OCV_C09.mpr', 'd/run_03_GCPL_C09.mpr'])).toEqual([['d/run_01_GCPL_C09.mpr', 'd/run_02_OCV_C09.mpr', 'd/run_03_GCPL_C09.mpr']]);
    expect(partRuns(['m/test.002', 'm/test.001'])).toEqual([['m/test.001', 'm/test.002']]);
    expect(partRuns(['n/t_2.ndax', 'n/t.ndax', 'n/t_1.ndax'])).toEqual([['n/t.ndax', 'n/t_1.ndax', 'n/t_2.ndax']]);
    expect(partRuns(['n/t(1).ndax', 'n/t(2).ndax'])).toEqual([['n/t(1).ndax', 'n/t(2).ndax']]);
  });

  it('a gap in the numbers ends a run; other folders, stems and extensions never meet; a lone part is no run', () => {
    expect(partRuns(['m/a.001', 'm/a.002', 'm/a.004', 'm/a.005', 'm/a.007'])).toEqual([['m/a.001', 'm/a.002'], ['m/a.004', 'm/a.005']]);
    expect(partRuns(['x/c_1.csv', 'y/c_2.csv', 'x/c_2.xls', 'x/d_2.csv', 'x/PredictionDiagnostics_000151_test.052', '-'])).toEqual([]);
  });
});

describe('continuationEvidence: whether a part continues the one before', () => {
  const prev: PartSpan = { firstTimeS: 0, lastTimeS: 14724, firstCycle: 1, lastCycle: 1, startTime: '2024-01-01T00:00:00Z' };
  it('a clock that runs on', () => {
    expect(continuationEvidence(prev, { firstTimeS: 14784, lastTimeS: 30000, firstCycle: 1, lastCycle: 2, startTime: null })).toBe(
      'its clock runs on (it starts at 14784.0 s; the part before ends at 14724.0 s)',
    );
  });
  it('cycle numbers that run on under a clock that starts again', () => {
    expect(continuationEvidence(prev, { firstTimeS: 0, lastTimeS: 9000, firstCycle: 2, lastCycle: 3, startTime: null })).toBe(
      'its cycle numbers run on (it starts at cycle 2; the part before ends at cycle 1)',
    );
  });
  it('a start stamp that follows the end of the part before (within a day)', () => {
    const next = { firstTimeS: 0, lastTimeS: 100, firstCycle: 1, lastCycle: 1, startTime: '2024-01-01T05:00:00Z' };
    expect(continuationEvidence(prev, next)).toBe('it starts (2024-01-01T05:00:00Z) when the part before ends (2024-01-01T04:05:24.000Z)');
    expect(continuationEvidence(prev, { ...next, startTime: '2024-01-03T05:00:00Z' })).toBeNull();
  });
  it('two channels recorded side by side (clocks from 0, counts from 1, overlapping stamps) are separate tests', () => {
    expect(continuationEvidence(prev, { ...prev, startTime: '2024-01-01T00:10:00Z' })).toBeNull();
    expect(continuationEvidence(prev, { firstTimeS: 30, lastTimeS: 500, firstCycle: 0, lastCycle: 4, startTime: null })).toBeNull();
  });
});
