import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CyclekitError } from '../../src/model/errors.js';
import { parseSpec } from '../../src/gate/spec.js';
import { readQuantity } from '../../src/gate/quantity.js';
import { CYCLE_METRICS } from '../../src/gate/metrics.js';
import { SUMMARY_CSV_KEYS } from '../../src/report/summary.js';

const specError = (text: string): CyclekitError => {
  try {
    parseSpec(text, 'spec.yaml');
  } catch (err) {
    if (err instanceof CyclekitError) return err;
    throw err;
  }
  throw new Error('expected a spec error');
};

describe('spec parsing', () => {
  it('reads the CLI.md minimal form with its defaults', () => {
    const spec = parseSpec(
      `rules:
  - name: reversible capacity at 0.2C
    metric: dischargeSpecificCapacityMAhG
    cycles: 2-5
    aggregate: mean
    min: 165
  - metric: retention
    cycles: 10000
    min: 0.85
  - metric: dqdvPeak
    direction: discharge
    cycles: 3
    nearV: 3.43
    toleranceV: 0.05
`,
      'spec.yaml',
    );
    expect(spec.rules).toHaveLength(3);
    expect(spec.rules[0]).toMatchObject({ kind: 'cycle', index: 1, label: 'reversible capacity at 0.2C', cycles: { all: false, ranges: [{ from: 2, to: 5 }] }, aggregate: 'mean', bounds: { min: 165, max: null }, unit: 'mAh/g' });
    expect(spec.rules[1]).toMatchObject({ kind: 'retention', cycles: { all: false, ranges: [{ from: 10000, to: 10000 }] }, aggregate: 'mean', referenceCycle: null, unit: 'fraction' });
    expect(spec.rules[2]).toMatchObject({ kind: 'dqdvPeak', direction: 'discharge', nearV: 3.43, toleranceV: 0.05 });
  });

  it('converts units to the metric unit and refuses other quantities', () => {
    expect(readQuantity('50 mV', 'voltage')).toEqual({ ok: true, value: 0.05 });
    expect(readQuantity('95 %', 'fraction')).toEqual({ ok: true, value: 0.95 });
    expect(readQuantity('10min', 'time')).toEqual({ ok: true, value: 600 });
    expect(readQuantity('-50 mA', 'current')).toEqual({ ok: true, value: -0.05 });
    expect(readQuantity('0.165 Ah/kg', 'specificCapacity')).toEqual({ ok: true, value: 0.165 });
    expect(readQuantity('1.2 Wh', 'energy')).toEqual({ ok: true, value: 1200 });
    expect(readQuantity('3 V', 'capacity')).toMatchObject({ ok: false, problem: expect.stringMatching(/wrong unit: '3 V' is a voltage/) });
    expect(readQuantity('3 furlongs', 'voltage')).toMatchObject({ ok: false, problem: expect.stringMatching(/unknown unit 'furlongs'/) });
  });

  it('cycle selectors: one, range, open range, last, all', () => {
    const sel = (c: string): unknown => (parseSpec(`rules:\n  - metric: cRate\n    cycles: ${c}\n    max: 1\n`, 's').rules[0] as { cycles: unknown }).cycles;
    expect(sel('3')).toEqual({ all: false, ranges: [{ from: 3, to: 3 }], text: '3' });
    expect(sel('"2-5"')).toEqual({ all: false, ranges: [{ from: 2, to: 5 }], text: '2-5' });
    expect(sel('2-last')).toEqual({ all: false, ranges: [{ from: 2, to: 'last' }], text: '2-last' });
    expect(sel('last')).toEqual({ all: false, ranges: [{ from: 'last', to: 'last' }], text: 'last' });
    expect(sel('"1, 5, 10-20"')).toEqual({ all: false, ranges: [{ from: 1, to: 1 }, { from: 5, to: 5 }, { from: 10, to: 20 }], text: '1, 5, 10-20' });
    expect(sel('all')).toEqual({ all: true, text: 'all' });
    expect(specError('rules:\n  - metric: cRate\n    cycles: -1\n    max: 1\n').message).toMatch(/bad cycles '-1'/);
    expect(specError('rules:\n  - metric: cRate\n    cycles: 1.5\n    max: 1\n').message).toMatch(/bad cycles '1.5'/);
  });

  it('errors name the rule by index and name and carry the spec line', () => {
    const e = specError('rules:\n  - metric: cycleCount\n    min: 1\n\n  - name: ce\n    metric: coulombicEfficiency\n    min: 0.99\n    max: 0.9\n');
    expect(e.code).toBe('E_SPEC');
    expect(e.file).toBe('spec.yaml');
    expect(e.line).toBe(5);
    expect(e.render()).toBe('spec.yaml:5: rule 2 (ce): min 0.99 is greater than max 0.9');
  });

  it('duplicate keys are a YAML error, not a silent overwrite', () => {
    expect(specError('rules:\n  - metric: cycleCount\n    min: 1\n    min: 2\n').message).toMatch(/not valid YAML or JSON/);
  });

  it('maxPolarizationV defaults to the max aggregate; atCRate and cRateTolerance are checked', () => {
    const s = parseSpec('rules:\n  - metric: maxPolarizationV\n    max: 0.1\n  - metric: cRate\n    cycles: all\n    max: 1\n', 's');
    expect(s.rules[0]).toMatchObject({ kind: 'polarization', aggregate: 'max', nearV: null });
    expect(specError('rules:\n  - metric: cycleCount\n    min: 1\n  - metric: coulombicEfficiency\n    cRateTolerance: 0.1\n    min: 0.9\n').message).toBe('rule 2 (coulombicEfficiency): cRateTolerance needs atCRate');
  });

  it('every per-cycle numeric key of summary is a known metric', () => {
    const numeric = SUMMARY_CSV_KEYS.filter((k) => k !== 'cycle' && k !== 'capacitySource');
    for (const k of numeric) expect(Object.keys(CYCLE_METRICS)).toContain(k);
  });

  it('the bundled HE-V specs are valid and use the paper figures', () => {
    const text = readFileSync(join(import.meta.dirname, '..', '..', 'fixtures', 'specs', 'he-v.yaml'), 'utf8');
    const spec = parseSpec(text, 'he-v.yaml');
    const kinds = new Set(spec.rules.map((r) => r.kind));
    for (const k of ['cycle', 'retention', 'dqdvPeak', 'polarization', 'recordRange', 'monotonicTime', 'maxGap']) expect(kinds).toContain(k);
    const peaks = spec.rules.filter((r) => r.kind === 'dqdvPeak').map((r) => (r.kind === 'dqdvPeak' ? r.nearV : 0));
    expect(peaks).toEqual([1.67, 3.43, 4.03]);
    parseSpec(readFileSync(join(import.meta.dirname, '..', '..', 'fixtures', 'specs', 'he-v-full.yaml'), 'utf8'), 'he-v-full.yaml');
  });
});
