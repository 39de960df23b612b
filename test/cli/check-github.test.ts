import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseSpec } from '../../src/gate/spec.js';
import { cli, ROOT, tempDir, writeTemp } from '../helpers/cli.js';

/**
 * `check --report github` against GitHub's workflow-command syntax:
 * `::error file=F,line=L,title=T::MESSAGE`, properties separated by `,`, property values with
 * `%`, CR, LF, `:` and `,` escaped (%25 %0D %0A %3A %2C), the message with `%`, CR and LF escaped.
 */
const COMMAND = /^::(error|warning|notice)(?: ([a-zA-Z]+=[^,:\r\n]*(?:,[a-zA-Z]+=[^,:\r\n]*)*))?::([^\r\n]*)$/;
const unescape = (s: string): string => s.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%3A/g, ':').replace(/%2C/g, ',').replace(/%25/g, '%');

function annotations(stdout: string): { kind: string; props: Record<string, string>; message: string }[] {
  return stdout
    .split('\n')
    .filter((l) => l.startsWith('::'))
    .map((l) => {
      const m = COMMAND.exec(l);
      expect(m, `not a workflow command: ${l}`).not.toBeNull();
      const props = Object.fromEntries((m![2] ?? '').split(',').filter(Boolean).map((p) => [p.slice(0, p.indexOf('=')), unescape(p.slice(p.indexOf('=') + 1))]));
      return { kind: m![1]!, props, message: unescape(m![3]!) };
    });
}

const HEV = join(ROOT, 'fixtures', 'he-v', 'he-v-0.2C.csv');

describe('check --report github', () => {
  const dir = tempDir('cyclekit-gh-');
  // Rule names with the characters the syntax reserves: they must be escaped, not break the line.
  const spec = writeTemp(
    'spec.yaml',
    [
      'name: HE-V gate',
      'rules:',
      '  - name: "capacity: 0.2C, 100% target"', // fails: the fixture delivers 170 mAh/g (fixtures/he-v/PROVENANCE.md)
      '    metric: dischargeSpecificCapacityMAhG',
      '    cycles: 2-4',
      '    min: 200',
      '  - name: CE after formation',
      '    metric: coulombicEfficiency',
      '    cycles: 2-4',
      '    min: 0.99',
      '  - name: "two\\nlines"',
      '    metric: retention',
      '    cycles: 500',
      '    min: 0.8',
      '',
    ].join('\n'),
    dir,
  );
  const broken = writeTemp('broken.csv', 'time,volts\n1,2\n', dir);

  it('one annotation per failing rule and per unreadable file, in workflow-command syntax', () => {
    const summary = join(dir, 'summary.md');
    writeFileSync(summary, '# earlier step\n');
    const r = cli(['check', '--spec', spec, '--report', 'github', '-q', HEV, broken], { env: { GITHUB_STEP_SUMMARY: summary } });
    expect(r.code).toBe(2); // an unreadable file outranks a failed rule
    const found = annotations(r.stdout);
    expect(found).toHaveLength(2);
    expect(found[0]).toEqual({ kind: 'error', props: { file: HEV, title: 'cyclekit check: capacity: 0.2C, 100% target' }, message: expect.stringMatching(/^measured 170 mAh\/g, expected ≥ 200 mAh\/g/) });
    expect(r.stdout).toContain('title=cyclekit check%3A capacity%3A 0.2C%2C 100%25 target::');
    expect(found[1]!.kind).toBe('error');
    expect(found[1]!.props).toEqual({ file: broken, line: '1', title: 'cyclekit check: E_HEADER' });
    expect(found[1]!.message).toMatch(/^no known layout/);
    // n/a (cycle 500 is not in the data) is no annotation unless --fail-on-na.
    expect(found.some((a) => a.props.title?.includes('two'))).toBe(false);
    // The plain report still precedes the annotations, for people reading the log.
    expect(r.stdout).toMatch(/^── .*he-v-0\.2C\.csv/);
    // The job summary is appended, never overwritten.
    const md = readFileSync(summary, 'utf8');
    expect(md.startsWith('# earlier step\n## cyclekit check: HE-V gate\n')).toBe(true);
    expect(md).toMatch(/\| `[^`]*he-v-0\.2C\.csv` \| ❌ fail \| 1 \/ 1 \/ 1 \|/);
    expect(md).toMatch(/\| `[^`]*broken\.csv` \| ❗ unreadable \|/);
    expect(md).toContain('| capacity: 0.2C, 100% target | fail | 170 mAh/g | ≥ 200 mAh/g |');
  });

  it('--fail-on-na annotates n/a rules too, a multi-line name stays on one line', () => {
    const r = cli(['check', '--spec', spec, '--report', 'github', '--fail-on-na', '-q', HEV]);
    expect(r.code).toBe(1);
    const found = annotations(r.stdout);
    expect(found.map((a) => a.props.title)).toEqual(['cyclekit check: capacity: 0.2C, 100% target', 'cyclekit check: two\nlines']);
    expect(found[1]!.message).toMatch(/^not applicable: /);
  });
});

describe('check init and --spec', () => {
  it('init without a file prints a template the spec reader accepts; check without --spec says what to do', () => {
    const r = cli(['check', 'init']);
    expect(r.code).toBe(0);
    expect(parseSpec(r.stdout, 'template').rules.map((x) => x.kind)).toEqual(['monotonicTime', 'badRows']);
    const missing = cli(['check', HEV]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/required option '--spec <file>' not specified \(or run `cyclekit check init \[FILE\]`/);
  });

  it('init FILE: a commented spec with the file\'s own figures, which the file passes', () => {
    const dir = tempDir('cyclekit-init-');
    const out = join(dir, 'spec.yaml');
    expect(cli(['check', 'init', HEV, '-o', out]).code).toBe(0);
    const text = readFileSync(out, 'utf8');
    // fixtures/he-v/PROVENANCE.md: 170 mAh/g reversible at 0.2C.
    expect(text).toMatch(/# this file: mean 170 mAh\/g \(cycle 1 \(formation\) and 4 \(may be unfinished\) left out\)\n {2}- name: "discharge capacity, cycles 2-3"\n {4}metric: dischargeSpecificCapacityMAhG\n {4}cycles: 2-3\n {4}aggregate: mean\n {4}min: 161 {3}# −5 %\n {4}max: 179 {3}# \+5 %/);
    const r = cli(['check', '--spec', out, '--json', HEV]);
    expect(r.code, r.stdout).toBe(0);
    const rules = (JSON.parse(r.stdout) as { results: { rules: { status: string }[] }[] }).results[0]!.rules;
    expect(rules.length).toBeGreaterThan(3);
    expect(rules.every((x) => x.status === 'pass')).toBe(true);
  });
});
