import { describe, expect, it } from 'vitest';
import { checkJunit, checkPlain, type CheckReportFile } from '../../src/report/check.js';
import { escapeXml } from '../../src/report/xml.js';
import { Chalk } from 'chalk';
import { findAll, parseXml } from './xml-parser.js';

const nasty = 'a&b <c> "d" \'e\' \u0001 tab\there';

const files: CheckReportFile[] = [
  {
    file: `data/${nasty}.csv`,
    result: {
      format: 'generic-csv', massG: 0.002, massSource: '--mass', cRateBasis: null, cycleRule: 'file', cycleCount: 3, rows: 100, status: 'fail', warnings: [],
      rules: [
        { rule: `cap ${nasty}`, index: 1, metric: 'dischargeCapacityMAh', status: 'pass', measured: 0.33, expected: { min: 0.3, max: null }, unit: 'mAh', cycles: [1, 2, 3], reason: null },
        { rule: 'ce', index: 2, metric: 'coulombicEfficiency', status: 'fail', measured: 0.9, expected: { min: 0.99, max: null }, unit: 'fraction', cycles: [1], reason: `below <the> minimum & ${nasty}` },
        { rule: 'peak', index: 3, metric: 'dqdvPeak', status: 'n/a', measured: null, expected: { nearV: 3.43, toleranceV: 0.05 }, unit: 'V', cycles: null, reason: 'dQ/dV analysis unavailable' },
      ],
    },
  },
  { file: 'broken.csv', error: { code: 'E_HEADER', message: 'no known layout', line: 1, rendered: 'broken.csv:1: no known layout' } },
];

describe('JUnit report', () => {
  it('is well-formed XML with the expected structure, whatever the names contain', () => {
    const xml = checkJunit(files, 'HE-V');
    const root = parseXml(xml);
    expect(root.name).toBe('testsuites');
    expect(root.attributes).toMatchObject({ name: 'cyclekit check HE-V', tests: '4', failures: '1', errors: '1', skipped: '1' });
    const suites = findAll(root, 'testsuite');
    expect(suites.map((s) => s.attributes.name)).toEqual([`data/${nasty.replace('\u0001', '\uFFFD')}.csv`, 'broken.csv']);
    const cases = findAll(suites[0]!, 'testcase');
    expect(cases.map((c) => c.attributes.name)).toEqual([`1. cap ${nasty.replace('\u0001', '\uFFFD')}`, '2. ce', '3. peak']);
    const failure = findAll(cases[1]!, 'failure')[0]!;
    expect(failure.attributes.message).toBe('measured 90.00 %, expected ≥ 99.00 %');
    expect(failure.text).toContain('below <the> minimum & a&b');
    expect(findAll(cases[2]!, 'skipped')[0]!.attributes.message).toBe('dQ/dV analysis unavailable');
    const error = findAll(suites[1]!, 'error')[0]!;
    expect(error.attributes).toMatchObject({ type: 'E_HEADER', message: 'no known layout' });
  });

  it('escapes attributes and text, and replaces characters XML cannot carry', () => {
    expect(escapeXml('<&>"\n', true)).toBe('&lt;&amp;&gt;&quot;&#10;');
    expect(escapeXml('<&>"\n')).toBe('&lt;&amp;&gt;"\n');
    expect(escapeXml('x\u0000y\uFFFEz😀')).toBe('x\uFFFDy\uFFFDz😀');
  });

  it('the parser used here rejects malformed XML', () => {
    expect(() => parseXml('<a><b></a>')).toThrow(/closes/);
    expect(() => parseXml('<a x=1/>')).toThrow(/quoted/);
    expect(() => parseXml('<a>&nbsp;</a>')).toThrow(/unknown entity/);
    expect(() => parseXml('<a>x & y</a>')).toThrow(/unescaped/);
  });

  it('plain summary: one line per rule and a total', () => {
    const text = checkPlain(files, new Chalk({ level: 0 }));
    expect(text).toContain('FAIL  ce');
    expect(text).toContain('N/A   peak');
    expect(text).toContain('ERROR broken.csv:1: no known layout');
    expect(text.trim().split('\n').at(-1)).toBe('check: 2 files · 1 pass · 1 fail · 1 n/a · 1 unreadable');
  });
});
