import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli, tempDir } from '../helpers/cli.js';
import { ccCsv } from '../gate/generate.js';
import { findAll, parseXml } from '../gate/xml-parser.js';

/**
 * Two cycles at 0.34 mA for 1 h, CE 0.97, 2.5→4.2 V: discharge 0.32980 mAh; with a 2 mg
 * sidecar mass that is 164.9 mAh/g.
 */
const CASE = { currentA: 3.4e-4, durationS: 3600, dtS: 60, v0: 2.5, v1: 4.2, cycles: 2, ce: 0.97 };
const DIS_MAH = 0.34 * 0.97;

const PASSING = `name: demo gate
rules:
  - name: discharge capacity
    metric: dischargeCapacityMAh
    cycles: 1-2
    min: 0.32
    max: 0.34
  - name: specific capacity from the sidecar mass
    metric: dischargeSpecificCapacityMAhG
    min: 160 mAh/g
  - metric: coulombicEfficiency
    aggregate: min
    min: 96 %
  - metric: cycleCount
    min: 2
  - metric: voltageV
    min: 2.49
    max: 4.21
  - metric: currentA
    min: -1 mA
    max: 1 mA
  - metric: maxGapS
    max: 2 min
  - metric: monotonicTime
  - name: long-term retention (not in this short test)
    metric: retention
    cycles: 1000
    min: 0.8
`;

interface CheckJson {
  cyclekit: string;
  command: string;
  results: {
    file: string;
    status?: string;
    massG?: number;
    rules?: { rule: string; status: string; measured: unknown; expected: unknown; reason: string | null }[];
    error?: { code: string; message: string };
  }[];
}

describe('cyclekit check (end to end)', () => {
  let dir: string;
  let data: string;
  let spec: string;

  beforeAll(() => {
    dir = tempDir('cyclekit-check-');
    data = join(dir, 'cell.csv');
    writeFileSync(data, ccCsv(CASE));
    writeFileSync(join(dir, 'cell.yaml'), 'massMg: 2\ncellType: half-cathode\n');
    spec = join(dir, 'spec.yaml');
    writeFileSync(spec, PASSING);
  });

  it('passing dataset: exit 0, plain summary on stdout', () => {
    const r = cli(['check', '--spec', spec, data]);
    expect(r.stderr).toMatch(/^cyclekit: .*cell\.csv: warning: active mass 2\.000 mg taken from sidecar .*cell\.yaml\n$/);
    expect(cli(['check', '--quiet', '--spec', spec, data]).stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/PASS {2}discharge capacity/);
    expect(r.stdout).toMatch(/N\/A +long-term retention/);
    expect(r.stdout.trim().split('\n').at(-1)).toBe('check: 1 file · 8 pass · 0 fail · 1 n/a');
  });

  it('--report json: the CLI.md envelope with rules[] (rule, status, measured, expected)', () => {
    const r = cli(['check', '--spec', spec, '--report', 'json', data]);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as CheckJson;
    expect(doc.command).toBe('check');
    const res = doc.results[0]!;
    expect(res.file).toBe(data);
    expect(res.status).toBe('pass');
    expect(res.massG).toBeCloseTo(0.002, 12);
    const rules = res.rules!;
    expect(rules).toHaveLength(9);
    expect(rules[0]).toMatchObject({ rule: 'discharge capacity', status: 'pass', expected: { min: 0.32, max: 0.34 } });
    expect(rules[0]!.measured as number).toBeCloseTo(DIS_MAH, 6);
    expect(rules[1]!.measured as number).toBeCloseTo(DIS_MAH / 0.002, 3);
    expect(rules[1]!.expected).toEqual({ min: 160, max: null });
    expect(rules[2]).toMatchObject({ status: 'pass', expected: { min: 0.96, max: null } });
    expect(rules[4]!.measured).toEqual({ min: 2.5, max: 4.2 });
    expect(rules[8]).toMatchObject({ status: 'n/a', measured: null });
    expect(rules[8]!.reason).toMatch(/cycle\(s\) 1000 not in the data/);
    // --json is the same document
    expect(cli(['check', '--spec', spec, '--json', data]).stdout).toBe(r.stdout);
  });

  it('failing dataset: exit 1; JUnit parsed has <failure> and <skipped> where they belong', () => {
    const strict = join(dir, 'strict.yaml');
    writeFileSync(strict, PASSING.replace('min: 160 mAh/g', 'min: 170 mAh/g'));
    const r = cli(['check', '--spec', strict, '--report', 'junit', data]);
    expect(r.code).toBe(1);
    const xml = parseXml(r.stdout);
    expect(xml.name).toBe('testsuites');
    expect(xml.attributes).toMatchObject({ tests: '9', failures: '1', errors: '0', skipped: '1' });
    const suites = findAll(xml, 'testsuite');
    expect(suites).toHaveLength(1);
    expect(suites[0]!.attributes.name).toBe(data);
    const cases = findAll(suites[0]!, 'testcase');
    expect(cases).toHaveLength(9);
    const failed = cases.filter((c) => c.children.some((x) => x.name === 'failure'));
    expect(failed.map((c) => c.attributes.name)).toEqual(['2. specific capacity from the sidecar mass']);
    const failure = failed[0]!.children.find((x) => x.name === 'failure')!;
    expect(failure.attributes.message).toMatch(/^measured 164\.9\d* mAh\/g, expected ≥ 170 mAh\/g$/);
    const skipped = cases.filter((c) => c.children.some((x) => x.name === 'skipped'));
    expect(skipped.map((c) => c.attributes.name)).toEqual(['9. long-term retention (not in this short test)']);
  });

  it('--mass on the command line overrides the sidecar', () => {
    const r = cli(['check', '--spec', spec, '--report', 'json', '--mass', '2.5mg', data]);
    const doc = JSON.parse(r.stdout) as CheckJson;
    expect(doc.results[0]!.massG).toBeCloseTo(0.0025, 12);
    expect(doc.results[0]!.rules![1]!.measured as number).toBeCloseTo(DIS_MAH / 0.0025, 3);
    expect(doc.results[0]!.rules![1]!.status).toBe('fail');
    expect(r.code).toBe(1);
  });

  it('<file>.cell.yaml beats cell.yaml', () => {
    const d = tempDir('cyclekit-check-side-');
    const f = join(d, 'a.csv');
    writeFileSync(f, ccCsv(CASE));
    writeFileSync(join(d, 'cell.yaml'), 'massMg: 4\n');
    writeFileSync(join(d, 'a.csv.cell.yaml'), 'massMg: 2\n');
    const doc = JSON.parse(cli(['check', '--spec', spec, '--json', f]).stdout) as CheckJson;
    expect(doc.results[0]!.massG).toBeCloseTo(0.002, 12);
  });

  it('-o FILE writes the report atomically and keeps the plain summary on stdout', () => {
    const out = join(tempDir(), 'report.xml');
    const r = cli(['check', '--spec', spec, '--report', 'junit', '-o', out, data]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^── /);
    const xml = parseXml(readFileSync(out, 'utf8'));
    expect(xml.attributes.failures).toBe('0');
    expect(readdirSync(dirname(out)).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });

  it('a JSON spec is accepted', () => {
    const json = join(dir, 'spec.json');
    writeFileSync(json, JSON.stringify({ rules: [{ metric: 'cycleCount', min: 2, max: 2 }] }));
    const r = cli(['check', '--spec', json, '--json', data]);
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout) as CheckJson).results[0]!.rules![0]).toMatchObject({ rule: 'number of cycles', status: 'pass', measured: 2 });
  });

  it('an unreadable file among good ones: exit 2, error entry in JSON and JUnit, the good file still checked', () => {
    const missing = join(dir, 'nope.csv');
    const r = cli(['check', '--spec', spec, '--json', data, missing]);
    expect(r.code).toBe(2);
    const doc = JSON.parse(r.stdout) as CheckJson;
    expect(doc.results[0]!.status).toBe('pass');
    expect(doc.results[1]).toMatchObject({ file: missing, error: { code: 'E_IO' } });
    expect(r.stderr.trim().split('\n').filter((l) => !l.includes(': warning: '))).toEqual([expect.stringMatching(new RegExp(`^cyclekit: ${missing.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: cannot open`))]);
    const junit = parseXml(cli(['check', '--spec', spec, '--report', 'junit', data, missing]).stdout);
    expect(junit.attributes.errors).toBe('1');
    expect(findAll(junit, 'error')).toHaveLength(1);
  });

  it('time running backwards is a failed monotonicTime rule (exit 1), not an unreadable file', () => {
    const lines = ccCsv(CASE).split('\n');
    [lines[20], lines[21]] = [lines[21]!, lines[20]!];
    const bad = join(tempDir(), 'backwards.csv');
    writeFileSync(bad, lines.join('\n'));
    const r = cli(['check', '--spec', spec, '--json', bad]);
    expect(r.code).toBe(1);
    const rules = (JSON.parse(r.stdout) as CheckJson).results[0]!.rules!;
    expect(rules.find((x) => x.rule === 'time never goes backwards')).toMatchObject({ status: 'fail' });
    expect(rules.filter((x) => x.status === 'n/a')).toHaveLength(8);
  });

  it('--fail-on-na turns n/a into a failure', () => {
    const r = cli(['check', '--spec', spec, '--fail-on-na', '--json', data]);
    expect(r.code).toBe(1);
    expect((JSON.parse(r.stdout) as CheckJson).results[0]!.status).toBe('fail');
  });

  it('--help documents the exit codes', () => {
    const r = cli(['check', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/0 every rule passed.*1 a rule failed.*2 the spec is invalid/s);
  });

  it('the bundled HE-V spec passes on simulated HE-V data shaped like the paper (0.2C cycling)', () => {
    const d = tempDir('cyclekit-hev-');
    const sim = cli(['simulate', '--material', 'he-v', '--protocol', 'cycling', '-o', join(d, 'hev.csv')]);
    expect(sim.code).toBe(0);
    const r = cli(['check', '--quiet', '--spec', join('fixtures', 'specs', 'he-v.yaml'), '--json', join(d, 'hev.csv')]);
    expect(r.code).toBe(0);
    const rules = (JSON.parse(r.stdout) as CheckJson).results[0]!.rules!;
    expect(rules.filter((x) => x.status === 'fail')).toEqual([]);
    // 0.2C capacity, first-cycle CE, CE, three dQ/dV plateaus, polarisation, sanity: all measured; the long-cycling retentions are n/a
    expect(rules.filter((x) => x.status === 'pass')).toHaveLength(11);
    expect(rules.filter((x) => x.status === 'n/a').map((x) => x.rule)).toEqual([expect.stringMatching(/^retention over cycles 1-5000/), expect.stringMatching(/^retention over cycles 5001/), expect.stringMatching(/^retention over all/)]);
  });

  it('the bundled HE-V specs validate', () => {
    for (const name of ['he-v.yaml', 'he-v-full.yaml']) {
      const r = cli(['check', '--spec', join('fixtures', 'specs', name), '--json', data]);
      expect(r.stderr).not.toMatch(/E_SPEC|rule \d/);
      // a valid spec gives a verdict, never 2: this synthetic 5-cycle cell misses the paper's figures
      expect(r.code, name).toBe(1);
    }
    expect(existsSync(join('fixtures', 'specs', 'PROVENANCE.md'))).toBe(true);
  });
});

describe('a malformed spec: one line naming the rule and the problem, exit 2, before any data is read', () => {
  const cases: [string, string, RegExp][] = [
    ['unknown metric', 'rules:\n  - metric: cycleCount\n    min: 1\n  - name: cap\n    metric: dischargeCapacity\n    min: 1\n', /:4: rule 2 \(cap\): unknown metric 'dischargeCapacity' \(did you mean 'dischargeCapacityMAh'\?\)/],
    ['wrong unit in a bound', 'rules:\n  - name: q\n    metric: dischargeSpecificCapacityMAhG\n    min: 165 mAh\n', /:2: rule 1 \(q\): min: wrong unit: '165 mAh' is a capacity, but this metric is in mAh\/g/],
    ['wrong unit key', 'rules:\n  - metric: retention\n    unit: mAh\n    min: 0.8\n', /rule 1 \(retention\): wrong unit 'mAh': retention is in fraction/],
    ['bad range', 'rules:\n  - metric: coulombicEfficiency\n    cycles: 5-2\n    min: 0.99\n', /rule 1 \(coulombicEfficiency\): bad cycles '5-2': range 5-2 at position 1 runs backwards/],
    ['min above max', 'rules:\n  - name: ce\n    metric: coulombicEfficiency\n    min: 0.99\n    max: 0.98\n', /rule 1 \(ce\): min 0.99 is greater than max 0.98/],
    ['unknown key', 'rules:\n  - metric: retention\n    cycle: 100\n    min: 0.8\n', /rule 1 \(retention\): unknown key 'cycle' for metric retention \(did you mean 'cycles'\?\)/],
    ['percent written as a fraction', 'rules:\n  - metric: retention\n    min: 80\n', /rule 1 \(retention\): min: retention is a fraction, so 80 would mean 8000 %; write 0.8 or '80 %'/],
    ['no bounds', 'rules:\n  - metric: cycleCount\n', /rule 1 \(cycleCount\): give min and\/or max/],
    ['dqdvPeak without nearV', 'rules:\n  - metric: dqdvPeak\n    direction: discharge\n', /rule 1 \(dqdvPeak\): nearV is required/],
    ['bad aggregate', 'rules:\n  - metric: cRate\n    aggregate: median\n    max: 1\n', /rule 1 \(cRate\): aggregate must be one of mean, min, max, first, last/],
    ['not YAML', 'rules: [\n  - metric', /the spec is not valid YAML or JSON/],
    ['empty rules', 'rules: []\n', /'rules' is empty/],
    ['unknown top-level key', 'rule:\n  - metric: cycleCount\n', /unknown top-level key 'rule'/],
  ];
  for (const [what, text, pattern] of cases) {
    it(what, () => {
      const d = tempDir('cyclekit-spec-');
      const spec = join(d, 'spec.yaml');
      writeFileSync(spec, text);
      // The data file does not exist: the spec error must come first and alone.
      const r = cli(['check', '--spec', spec, join(d, 'missing.csv')]);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      const lines = r.stderr.trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]!.startsWith(`cyclekit: ${spec}`)).toBe(true);
      expect(lines[0]).toMatch(pattern);
    });
  }

  it('a missing spec file', () => {
    const r = cli(['check', '--spec', '/nonexistent/spec.yaml', 'x.csv']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe('cyclekit: /nonexistent/spec.yaml: cannot read the spec: ENOENT');
  });
});
