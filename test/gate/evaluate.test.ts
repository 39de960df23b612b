import { describe, expect, it } from 'vitest';
import type { CycleSummary } from '../../src/analysis/summary.js';
import { aggregate, evaluateSpec, listCycles } from '../../src/gate/evaluate.js';
import { simpleRetention, type CheckFacts, type RecordFacts } from '../../src/gate/facts.js';
import { parseSpec } from '../../src/gate/spec.js';

function cycle(n: number, qd: number | null, extra: Partial<CycleSummary> = {}): CycleSummary {
  return {
    cycle: n, chargeCapacityMAh: qd === null ? null : qd / 0.99, dischargeCapacityMAh: qd, chargeSpecificCapacityMAhG: null,
    dischargeSpecificCapacityMAhG: qd === null ? null : qd / 0.002, coulombicEfficiency: qd === null ? null : 0.99,
    chargeEnergyMWh: null, dischargeEnergyMWh: null, chargeSpecificEnergyWhKg: null, dischargeSpecificEnergyWhKg: null,
    meanChargeVoltageV: null, meanDischargeVoltageV: null, voltageHysteresisV: null, durationS: 3600, meanChargeCurrentA: null,
    meanDischargeCurrentA: null, chargeCRate: null, dischargeCRate: null, cRate: null, capacitySource: 'integrated',
    minVoltageV: 1.5, maxVoltageV: 4.1, records: 100, ...extra,
  };
}

const RECORDS: RecordFacts = { records: 1000, repeatedTimes: 2, firstRepeatAtS: 50, maxGapS: 30, maxGapAtS: 100, currentMinA: -0.002, currentMaxA: 0.002, voltageMinV: 1.49, voltageMaxV: 4.105 };

function facts(cycles: CycleSummary[], extra: Partial<CheckFacts> = {}): CheckFacts {
  return {
    cycles, records: RECORDS, timeReversal: null, badRows: 0,
    dqdv: { analysed: [], peaks: [], couples: [] },
    retention: (ref) => simpleRetention(cycles, ref),
    unusable: null,
    ...extra,
  };
}

const run = (yaml: string, f: CheckFacts) => evaluateSpec(parseSpec(yaml, 's'), f);

describe('rule evaluation', () => {
  const cycles = [cycle(1, 0.36), cycle(2, 0.34), cycle(3, 0.33), cycle(4, 0.32), cycle(5, null)];

  it('aggregates over a range and judges min/max', () => {
    const [mean, first, min] = run(
      'rules:\n  - metric: dischargeCapacityMAh\n    cycles: 2-4\n    min: 0.33\n  - metric: dischargeCapacityMAh\n    cycles: 2-4\n    aggregate: first\n    max: 0.335\n  - metric: dischargeCapacityMAh\n    aggregate: min\n    min: 0.3\n',
      facts(cycles),
    );
    expect(mean).toMatchObject({ status: 'pass', cycles: [2, 3, 4], expected: { min: 0.33, max: null } });
    expect(mean!.measured as number).toBeCloseTo(0.33, 12);
    expect(first).toMatchObject({ status: 'fail', measured: 0.34, reason: 'above the maximum' });
    // "all" skips the unfinished cycle 5 instead of failing on it
    expect(min).toMatchObject({ status: 'pass', measured: 0.32, cycles: [1, 2, 3, 4] });
  });

  it('an explicit range with missing or valueless cycles is n/a, never a partial verdict', () => {
    const [beyond, valueless] = run('rules:\n  - metric: dischargeCapacityMAh\n    cycles: 3-8\n    min: 0\n  - metric: dischargeCapacityMAh\n    cycles: 4-5\n    min: 0\n', facts(cycles));
    expect(beyond).toMatchObject({ status: 'n/a', measured: null });
    expect(beyond!.reason).toBe('cycles 3-8: cycle(s) 6-8 not in the data (the data has cycles 1-5)');
    expect(valueless!.reason).toMatch(/no dischargeCapacityMAh for cycle\(s\) 5/);
  });

  it('lists and first take the --cycle grammar; a list with a missing cycle is n/a', () => {
    const [list, first, gap] = run(
      'rules:\n  - metric: dischargeCapacityMAh\n    cycles: "1,3-4"\n    min: 0\n  - metric: dischargeCapacityMAh\n    cycles: first\n    min: 0\n  - metric: dischargeCapacityMAh\n    cycles: "2,7-8"\n    min: 0\n',
      facts(cycles),
    );
    expect(list).toMatchObject({ status: 'pass', cycles: [1, 3, 4] });
    expect(list!.measured as number).toBeCloseTo((0.36 + 0.33 + 0.32) / 3, 12);
    expect(first).toMatchObject({ status: 'pass', cycles: [1], measured: 0.36 });
    expect(gap!.reason).toBe('cycles 2, 7-8: cycle(s) 7-8 not in the data (the data has cycles 1-5)');
  });

  it('specific values without a mass say how to give one', () => {
    const noMass = [cycle(1, 0.3, { dischargeSpecificCapacityMAhG: null })];
    const [r] = run('rules:\n  - metric: dischargeSpecificCapacityMAhG\n    min: 100\n', facts(noMass));
    expect(r!.status).toBe('n/a');
    expect(r!.reason).toMatch(/pass --mass or add massMg to cell.yaml/);
  });

  it('retention: relative to the reference the facts give, or a named cycle', () => {
    const [first, named, missingRef] = run(
      'rules:\n  - metric: retention\n    cycles: 4\n    min: 0.85\n  - metric: retention\n    cycles: 4\n    referenceCycle: 2\n    min: 0.95\n  - metric: retention\n    cycles: 4\n    referenceCycle: 9\n    min: 0.5\n',
      facts(cycles),
    );
    expect(first!.measured as number).toBeCloseTo(0.32 / 0.36, 12);
    expect(first!.status).toBe('pass');
    expect(named!.measured as number).toBeCloseTo(0.32 / 0.34, 12);
    expect(named).toMatchObject({ status: 'fail', reason: 'relative to cycle 2: below the minimum' });
    expect(missingRef).toMatchObject({ status: 'n/a', reason: 'reference cycle 9 is not in the data' });
  });

  it('atCRate picks the cycles run at that rate', () => {
    const rated = [cycle(1, 0.36, { cRate: 0.2 }), cycle(2, 0.35, { cRate: 0.21 }), cycle(3, 0.2, { cRate: 5 }), cycle(4, 0.34, { cRate: 0.19 })];
    const [r, none] = run('rules:\n  - metric: dischargeCapacityMAh\n    atCRate: 0.2\n    cycles: 2-4\n    min: 0.3\n  - metric: dischargeCapacityMAh\n    atCRate: 1\n    min: 0.3\n', facts(rated));
    expect(r).toMatchObject({ status: 'pass', cycles: [2, 4] });
    expect(r!.measured as number).toBeCloseTo(0.345, 12);
    expect(none!.reason).toBe('no cycle ran at 1C ± 20 % (rates seen: 0.2, 0.21, 5, 0.19 C)');
  });

  it('data sanity: ranges, gaps, time order, bad rows', () => {
    const [v, i, gap, mono, strict, bad] = run(
      `rules:
  - metric: voltageV
    min: 1.5
    max: 4.1
  - metric: currentA
    min: -5 mA
    max: 5 mA
  - metric: maxGapS
    max: 20 s
  - metric: monotonicTime
  - metric: monotonicTime
    strict: true
  - metric: badRows
    max: 0
`,
      facts(cycles),
    );
    expect(v).toMatchObject({ status: 'fail', measured: { min: 1.49, max: 4.105 }, reason: 'lowest value below the minimum; highest value above the maximum' });
    expect(i).toMatchObject({ status: 'pass', measured: { min: -0.002, max: 0.002 }, expected: { min: -0.005, max: 0.005 } });
    expect(gap).toMatchObject({ status: 'fail', measured: 30, reason: 'gap starting at t = 100 s: above the maximum' });
    expect(mono!.status).toBe('pass');
    expect(strict).toMatchObject({ status: 'fail', measured: '2 record(s) repeat the previous time stamp (first at 50 s)' });
    expect(bad!.status).toBe('pass');
  });

  it('a file that could not be segmented: monotonicTime fails, the rest is n/a', () => {
    const f = facts([], { records: null, timeReversal: { line: 12, message: 'line 12: time goes backwards' }, unusable: 'the data could not be analysed: line 12: time goes backwards' });
    const [mono, cap] = run('rules:\n  - metric: monotonicTime\n  - metric: cycleCount\n    min: 1\n', f);
    expect(mono).toMatchObject({ status: 'fail', measured: 'line 12: time goes backwards' });
    expect(cap).toMatchObject({ status: 'n/a', reason: 'the data could not be analysed: line 12: time goes backwards' });
  });

  it('dQ/dV peaks: every selected half cycle needs a peak within tolerance', () => {
    const dqdv = {
      analysed: [1, 2, 3].flatMap((c) => [{ cycle: c, direction: 'charge' as const }, { cycle: c, direction: 'discharge' as const }]),
      peaks: [
        { cycle: 1, direction: 'discharge' as const, voltageV: 3.41 },
        { cycle: 2, direction: 'discharge' as const, voltageV: 3.44 },
        { cycle: 2, direction: 'discharge' as const, voltageV: 1.66 },
        { cycle: 3, direction: 'discharge' as const, voltageV: 3.30 },
        { cycle: 2, direction: 'charge' as const, voltageV: 3.47 },
      ],
      couples: [
        { cycle: 2, meanVoltageV: 3.455, polarizationV: 0.03 },
        { cycle: 3, meanVoltageV: 3.4, polarizationV: 0.2 },
      ],
    };
    const [ok, miss, pol, polAll] = run(
      `rules:
  - metric: dqdvPeak
    direction: discharge
    cycles: 1-2
    nearV: 3.43
  - metric: dqdvPeak
    direction: discharge
    cycles: all
    nearV: 3.43
  - metric: maxPolarizationV
    cycles: 2
    nearV: 3.43
    max: 0.05
  - metric: polarizationV
    aggregate: max
    max: 0.1
`,
      facts(cycles, { dqdv }),
    );
    expect(ok).toMatchObject({ status: 'pass', cycles: [1, 2], expected: { nearV: 3.43, toleranceV: 0.05 } });
    expect(ok!.measured as number).toBeCloseTo(3.425, 12);
    expect(miss).toMatchObject({ status: 'fail', reason: 'no discharge peak within ±0.05 V of 3.43 V in cycle(s) 3' });
    expect(pol).toMatchObject({ status: 'pass', measured: 0.03 });
    expect(polAll).toMatchObject({ status: 'fail', measured: 0.2, cycles: [2, 3] });
  });

  it('dQ/dV rules with atCRate look only at cycles run at that rate', () => {
    const rated = [cycle(1, 0.3, { cRate: 50 }), cycle(2, 0.3, { cRate: 50 })];
    const dqdv = { analysed: [{ cycle: 1, direction: 'discharge' as const }], peaks: [{ cycle: 1, direction: 'discharge' as const, voltageV: 3.2 }], couples: [] };
    const [r] = run('rules:\n  - metric: dqdvPeak\n    direction: discharge\n    atCRate: 0.2\n    nearV: 3.43\n', facts(rated, { dqdv }));
    expect(r).toMatchObject({ status: 'n/a', reason: 'no cycle ran at 0.2C ± 20 % (rates seen: 50 C)' });
  });

  it('dQ/dV rules are n/a with the reason when the analysis is unavailable', () => {
    const [r] = run('rules:\n  - metric: dqdvPeak\n    direction: charge\n    nearV: 4.03\n', facts(cycles, { dqdv: { unavailable: 'dQ/dV analysis unavailable' } }));
    expect(r).toMatchObject({ status: 'n/a', reason: 'dQ/dV analysis unavailable' });
  });

  it('helpers', () => {
    expect(listCycles([1, 2, 3, 5, 7, 8])).toBe('1-3, 5, 7-8');
    expect(aggregate('mean', [0.1, 0.2, 0.3])).toBeCloseTo(0.2, 15);
    expect(aggregate('last', [1, 2, 3])).toBe(3);
  });
});
