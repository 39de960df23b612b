import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { neutraliseCell, toCsv } from '../../src/report/csv.js';
import { cli, ROOT, tempDir } from '../helpers/cli.js';
import { withWorkerIsolation } from './isolation.js';

/** Issue #17, silent data loss and security: cases 6, 7, 11, 12, 13, 16. */
const DEMO = join(ROOT, 'fixtures', 'demo', 'cc-demo.csv');
const SPEC = 'rules:\n  - metric: cycleCount\n    min: 1\n';

/** stderr is exactly one `cyclekit:` line (warnings aside). */
function oneLine(stderr: string): string {
  const lines = stderr.trimEnd().split('\n').filter((l) => !l.includes(': warning: '));
  expect(lines, stderr).toHaveLength(1);
  expect(lines[0]).toMatch(/^cyclekit: /);
  return lines[0]!;
}

function dataset(): { dir: string; data: string; spec: string } {
  const dir = tempDir('cyclekit-safety-');
  const data = join(dir, 'a.csv');
  copyFileSync(DEMO, data);
  const spec = join(dir, 's.yaml');
  writeFileSync(spec, SPEC);
  return { dir, data, spec };
}


withWorkerIsolation();

describe('-o never replaces an input (case 7)', () => {
  it('convert, check and check --spec refuse an output that is the input, spec or sidecar, by any path', () => {
    const { dir, data, spec } = dataset();
    const sidecar = join(dir, 'a.csv.cell.yaml');
    writeFileSync(sidecar, 'massMg: 2\n');
    symlinkSync(data, join(dir, 'link.csv'));
    const original = readFileSync(data);
    const runs = [
      ['convert', data, '--to', 'bdf', '-o', data],
      ['convert', data, '--to', 'csv', '-o', join(dir, '.', 'sub', '..', 'a.csv')],
      ['convert', data, '--to', 'csv', '-o', join(dir, 'link.csv')],
      ['convert', data, '--to', 'csv', '-o', sidecar],
      ['check', '--spec', spec, data, '-o', data],
      ['check', '--spec', spec, data, '-o', spec],
      ['check', '--spec', spec, '-r', dir, '-o', join(dir, 'link.csv')],
    ];
    mkdirSync(join(dir, 'sub'));
    for (const args of runs) {
      const r = cli(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(oneLine(r.stderr)).toMatch(/refusing to overwrite an input; write the output elsewhere$/);
    }
    expect(readFileSync(data).equals(original)).toBe(true);
    expect(readFileSync(spec, 'utf8')).toBe(SPEC);
    expect(readFileSync(sidecar, 'utf8')).toBe('massMg: 2\n');
    expect(readdirSync(dir).sort()).toEqual(['a.csv', 'a.csv.cell.yaml', 'link.csv', 's.yaml', 'sub']);
    // Another file is still written.
    expect(cli(['convert', data, '--to', 'csv', '-o', join(dir, 'out.csv')]).code).toBe(0);
  });
});

describe("a sidecar's reference stays inside the dataset's folder (case 12)", () => {
  it('absolute paths, .. and links out are refused; a bundled name or a file beside it is read', () => {
    const { dir, data } = dataset();
    const secret = join(tempDir('cyclekit-secret-'), 'secret.json');
    writeFileSync(secret, '{"root:x:0:0": "SECRET"}');
    symlinkSync(secret, join(dir, 'linked.json'));
    for (const [reference, why] of [
      ['/etc/passwd', /is an absolute path/],
      ['../secret.json', /leaves the sidecar's folder/],
      ['linked.json', /links out of the sidecar's folder/],
    ] as const) {
      writeFileSync(join(dir, 'cell.yaml'), `massMg: 2\nreference: ${reference}\n`);
      for (const command of ['compare', 'report']) {
        const r = cli([command, data]);
        expect(r.code, `${command} ${reference}`).toBe(2);
        expect(oneLine(r.stderr)).toMatch(why);
        expect(r.stdout + r.stderr).not.toMatch(/SECRET|root:x/);
      }
    }
    // A copy of the bundled reference beside the data is a file in the folder: it is read.
    const bundled = JSON.parse(readFileSync(join(ROOT, 'src', 'references', 'he-v.json'), 'utf8')) as { id: string };
    writeFileSync(join(dir, 'mine.json'), JSON.stringify({ ...bundled, id: 'mine' }));
    writeFileSync(join(dir, 'cell.yaml'), 'massMg: 2\nreference: mine.json\n');
    const mine = cli(['compare', '--json', data]);
    expect(JSON.parse(mine.stdout).results[0].reference.id).toBe('mine');
    writeFileSync(join(dir, 'cell.yaml'), 'massMg: 2\nreference: he-v\n');
    expect(JSON.parse(cli(['compare', '--json', data]).stdout).results[0].reference.id).toBe('he-v');
  });
});

describe('sidecars and specs are bounded and never silently ignored (cases 6, 15, 16)', () => {
  it('a folder, a device, an oversized or binary file is one line naming it', () => {
    const { dir, data, spec } = dataset();
    const sidecar = join(dir, 'a.csv.cell.yaml');
    mkdirSync(sidecar);
    let r = cli(['summary', data]);
    expect(r.code).toBe(2);
    expect(oneLine(r.stderr)).toBe(`cyclekit: ${sidecar}: the sidecar is a folder, not a file`);
    const other = dataset();
    symlinkSync('/dev/zero', join(other.dir, 'cell.json'));
    r = cli(['summary', other.data]);
    expect(oneLine(r.stderr)).toBe(`cyclekit: ${join(other.dir, 'cell.json')}: the sidecar is not a regular file (a device, pipe or socket)`);
    const third = dataset();
    writeFileSync(join(third.dir, 'cell.json'), `{"massMg": 2, "formula": "${'x'.repeat(2_000_000)}"}`);
    r = cli(['summary', third.data]);
    expect(oneLine(r.stderr)).toMatch(/the sidecar has 2000\d+ bytes: over the limit on the size of a sidecar .*\(1 MiB\); if the file is genuine, raise it with CYCLEKIT_MAX_SIDECAR_BYTES=N$/);
    writeFileSync(join(third.dir, 'cell.json'), '{"massMg": 1e-300}');
    r = cli(['summary', third.data]);
    expect(oneLine(r.stderr)).toMatch(/sidecar massMg: 1e-300mg is not a plausible active mass/);

    writeFileSync(spec, Buffer.alloc(1_000_000));
    r = cli(['check', '--spec', spec, DEMO]);
    expect(r.code).toBe(2);
    expect(oneLine(r.stderr)).toBe(`cyclekit: ${spec}: the spec holds binary data (NUL bytes), not YAML or JSON text`);
    writeFileSync(spec, `# ${'x'.repeat(5 * 1024 * 1024)}\n${SPEC}`);
    r = cli(['check', '--spec', spec, DEMO]);
    expect(oneLine(r.stderr)).toMatch(/over the limit on the size of a check spec or reference file \(4 MiB\); if the file is genuine, raise it with CYCLEKIT_MAX_SPEC_BYTES=N$/);
    expect(cli(['check', '--spec', spec, DEMO], { env: { CYCLEKIT_MAX_SPEC_BYTES: String(8 * 1024 * 1024) } }).code).toBe(0);
  });

  it('a range of four billion cycles names the real gap', () => {
    const { spec } = dataset();
    writeFileSync(spec, 'rules:\n  - name: all of them\n    metric: dischargeCapacityMAh\n    cycles: 1-4000000000\n    min: 0\n');
    const r = cli(['check', '--spec', spec, '--json', DEMO]);
    const rule = (JSON.parse(r.stdout) as { results: { rules: { status: string; reason: string }[] }[] }).results[0]!.rules[0]!;
    // cc-demo.csv (fixtures/demo/PROVENANCE.md) has cycles 1-3.
    expect(rule.reason).toMatch(/^cycles 1-4000000000: cycle\(s\) 4-4000000000 not in the data \(the data has cycles 1-3\)$/);
  });

  it('simulate -o s.csv when s.csv.cell.yaml is a folder: names the folder, writes nothing', () => {
    const dir = tempDir('cyclekit-safety-');
    const out = join(dir, 's.csv');
    mkdirSync(`${out}.cell.yaml`);
    const r = cli(['simulate', '--material', 'he-v', '--cycles', '1', '-o', out]);
    expect(r.code).toBe(2);
    expect(oneLine(r.stderr)).toBe(`cyclekit: ${out}.cell.yaml: cannot write ${out}.cell.yaml: it is a folder`);
    expect(readdirSync(dir)).toEqual(['s.csv.cell.yaml']);
  });
});


describe('what a file says cannot steer the terminal or a spreadsheet (case 13)', () => {
  it('control characters in data cells, rule names and file names are escaped; one line stays one line', () => {
    const { dir } = dataset();
    const lines = readFileSync(DEMO, 'utf8').split('\n');
    lines[40] = lines[40]!.replace(/^([^,]*),([^,]*)/, '$1,\u001b]0;owned\u0007\u001b[2J');
    const data = join(dir, 'esc\u001b[31m.csv');
    writeFileSync(data, lines.join('\n'));
    const r = cli(['summary', data]);
    expect(r.code).toBe(0);
    expect(r.stderr).not.toMatch(/[\u0000-\u0008\u000b-\u001f]/);
    expect(r.stderr).toContain("found '\\x1b]0;owned\\x07\\x1b[2J'");
    expect(r.stderr).toContain('esc\\x1b[31m.csv');
    expect(r.stdout).not.toContain('\u001b');

    const spec = join(dir, 'fake.yaml');
    writeFileSync(spec, 'rules:\n  - name: "count\\ncyclekit: all files passed"\n    metric: cycleCount\n    min: 1\n');
    const c = cli(['check', '--spec', spec, DEMO]);
    expect(c.code).toBe(0);
    expect(c.stdout.split('\n').some((l) => l.startsWith('cyclekit: all files passed'))).toBe(false);
    expect(c.stdout).toContain('count\\ncyclekit: all files passed');
  });

  it('CSV output neutralises text cells a spreadsheet would run as a formula, and leaves numbers alone', () => {
    expect(['=cmd|\' /C calc\'!A0', '+1+1', '-2+3', '@SUM(A1)', '\tx', 'plain', '-1.5', '+2', '-', '3e-5'].map(neutraliseCell)).toEqual([
      "'=cmd|' /C calc'!A0",
      "'+1+1",
      "'-2+3",
      "'@SUM(A1)",
      "'\tx",
      'plain',
      '-1.5',
      '+2',
      '-',
      '3e-5',
    ]);
    expect(toCsv(['rule', 'value'], [['=HYPERLINK("http://x")', -0.5]])).toBe('rule,value\n"\'=HYPERLINK(""http://x"")",-0.5\n');
    const { dir } = dataset();
    const spec = join(dir, 'formula.yaml');
    writeFileSync(spec, "rules:\n  - name: \"=HYPERLINK('http://evil')\"\n    metric: cycleCount\n    min: 1\n");
    const c = cli(['check', '--spec', spec, '--csv', DEMO]);
    expect(c.stdout).toContain("'=HYPERLINK('http://evil')");
    expect(c.stdout).not.toMatch(/(^|,)=HYPERLINK/m);
  });
});

describe('-r follows symbolic links and refuses loops (case 11)', () => {
  it('linked files and folders are read; a link back to an enclosing folder is one usage line', () => {
    const root = tempDir('cyclekit-links-');
    const elsewhere = tempDir('cyclekit-elsewhere-');
    mkdirSync(join(elsewhere, 'more'));
    copyFileSync(DEMO, join(elsewhere, 'more', 'b.csv'));
    copyFileSync(DEMO, join(root, 'a.csv'));
    symlinkSync(join(elsewhere, 'more', 'b.csv'), join(root, 'b-link.csv'));
    symlinkSync(join(elsewhere, 'more'), join(root, 'more-link'));
    symlinkSync(join(root, 'missing.csv'), join(root, 'dangling.csv'));
    const r = cli(['summary', '--json', '-r', root]);
    const files = (JSON.parse(r.stdout) as { results: { file: string; error?: { message: string } }[] }).results.map((x) => [x.file.slice(root.length + 1), x.error?.message ?? 'ok']);
    expect(files).toEqual([
      ['a.csv', 'ok'],
      ['b-link.csv', 'ok'],
      ['dangling.csv', 'cannot open: ENOENT'],
      ['more-link/b.csv', 'ok'],
    ]);
    expect(r.code).toBe(2);
    symlinkSync(root, join(elsewhere, 'more', 'back'));
    const loop = cli(['summary', '-r', root]);
    expect(loop.code).toBe(2);
    expect(oneLine(loop.stderr)).toBe(`cyclekit: ${join(root, 'more-link', 'back')} is a symbolic link back to ${root}, a folder that contains it: a loop; remove the link or pass the folders separately`);
    expect(existsSync(join(root, 'a.csv'))).toBe(true);
  });
});

describe('outputs where a file stands in for a folder: one line naming the path, exit 2', () => {
  it('summary -o, report --figures, simulate -o, index --to', () => {
    const dir = tempDir('cyclekit-notdir-');
    const blocker = join(dir, 'file');
    writeFileSync(blocker, 'not a folder\n');
    const demo = join(ROOT, 'fixtures', 'demo', 'cc-demo.csv');
    const cases: [string[], RegExp][] = [
      [['summary', '-q', demo, '-o', join(blocker, 'x.parquet')], /: cannot write: ENOTDIR$/],
      [['report', '-q', demo, '--figures', blocker], /--figures: cannot make the folder: EEXIST$/],
      [['simulate', '-o', join(blocker, 's.csv')], /: cannot write: ENOTDIR$/],
      [['index', demo, '--to', blocker, '-q'], /: cannot write the archive here: EEXIST$/],
    ];
    for (const [args, message] of cases) {
      const r = cli(args);
      expect(r.code, args.join(' ')).toBe(2);
      const lines = r.stderr.trim().split('\n');
      expect(lines, args.join(' ')).toHaveLength(1);
      expect(lines[0]).toMatch(/^cyclekit: /);
      expect(lines[0]).toMatch(message);
    }
    expect(readFileSync(blocker, 'utf8')).toBe('not a folder\n');
  });
});
