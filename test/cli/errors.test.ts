import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BIN, cli, ROOT, tempDir, writeTemp } from '../helpers/cli.js';

const HEADER = 'Test Time (s),Voltage (V),Current (A)';
const good = (n: number): string[] => Array.from({ length: n }, (_, k) => `${k},${(3 + k * 0.001).toFixed(4)},0.001`);

/** Each malformed input: one line `cyclekit: FILE:LINE: …`, exit code 2, no stack trace. */
function expectOneLineError(r: ReturnType<typeof cli>, file: string, pattern: RegExp): void {
  expect(r.code).toBe(2);
  const lines = r.stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]!.startsWith(`cyclekit: ${file}`)).toBe(true);
  expect(lines[0]).toMatch(pattern);
  expect(r.stderr).not.toMatch(/\n\s+at /);
}

describe('bad input through bin/cyclekit.js', () => {
  it('empty file', () => {
    const f = writeTemp('empty.csv', '');
    expectOneLineError(cli(['summary', f]), f, /the file is empty/);
  });

  it('no recognisable header lists what it found and what to do', () => {
    const f = writeTemp('noheader.csv', 'alpha,beta,gamma\n1,2,3\n');
    const r = cli(['summary', f]);
    expectOneLineError(r, f, /:1: no known layout.*found: alpha, beta, gamma.*--col voltage=NAME/);
  });

  it('non-numeric cell names line and column', () => {
    const rows = good(20);
    rows[6] = '6,abc,0.001';
    const f = writeTemp('nonnum.csv', [HEADER, ...rows].join('\n') + '\n');
    expectOneLineError(cli(['summary', f]), f, /:8: column 'Voltage \(V\)' \(column 2\): expected a number, found 'abc'/);
  });

  it('a few bad rows in a large file are skipped with a counted warning, unless --strict', () => {
    const rows = good(1000);
    rows[500] = '500,3.5,oops';
    const f = writeTemp('fewbad.csv', [HEADER, ...rows].join('\n') + '\n');
    const r = cli(['summary', f]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/skipped 1 bad row\(s\) of 1000; first at line 502/);
    expectOneLineError(cli(['summary', '--strict', f]), f, /:502: column 'Current \(A\)'.*--strict/);
  });

  it('truncated last line', () => {
    const f = writeTemp('trunc.csv', [HEADER, ...good(20)].join('\n') + '\n20,3.0');
    expectOneLineError(cli(['summary', f]), f, /:22: last line is cut short.*truncated/);
  });

  it('negative time step', () => {
    const rows = good(20);
    rows[10] = '3,3.01,0.001';
    const f = writeTemp('backwards.csv', [HEADER, ...rows].join('\n') + '\n');
    expectOneLineError(cli(['summary', f]), f, /:12: time goes backwards: 3 s after 9 s on line 11/);
  });

  it('missing mass where a specific value is asked', () => {
    const f = writeTemp('nomass.csv', [HEADER, ...good(20)].join('\n') + '\n');
    expectOneLineError(cli(['summary', '--c-rate-basis', '100mA/g', f]), f, /needs the active mass: pass --mass/);
  });

  it('a file that does not exist', () => {
    expectOneLineError(cli(['summary', '/nonexistent/x.csv']), '/nonexistent/x.csv', /cannot open: ENOENT/);
  });

  it('input files are never modified', async () => {
    const { readFileSync, statSync } = await import('node:fs');
    const f = writeTemp('keep.csv', [HEADER, ...good(20)].join('\n') + '\n');
    const before = readFileSync(f);
    const mtime = statSync(f).mtimeMs;
    cli(['summary', '--json', f]);
    expect(readFileSync(f).equals(before)).toBe(true);
    expect(statSync(f).mtimeMs).toBe(mtime);
  });

  it('a bad file among good ones: results for the others, exit 2', () => {
    const good1 = writeTemp('g.csv', [HEADER, ...good(20)].join('\n') + '\n');
    const bad = writeTemp('bad.csv', '');
    const r = cli(['summary', '--json', good1, bad]);
    expect(r.code).toBe(2);
    const doc = JSON.parse(r.stdout);
    expect(doc.results[0].file).toBe(good1);
    expect(doc.results[0].cycles).toHaveLength(1);
    expect(doc.results[1].error.code).toBe('E_EMPTY');
  });

  it('usage errors exit 2; --help and --version exit 0', () => {
    expect(cli(['summary']).code).toBe(2);
    expect(cli(['nosuchcommand']).code).toBe(2);
    expect(cli(['summary', '--mass', 'heavy', 'fixtures/demo/cc-demo.csv']).stderr).toMatch(/^cyclekit: --mass: expected a mass/);
    const help = cli(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/Exit codes: 0 ok/);
    expect(cli(['--version']).stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('a reader that closes the pipe early (`| head`) ends the run quietly: no EPIPE stack trace', () => {
    for (const args of ['simulate --material nvp --cycles 2', 'report fixtures/he-v/he-v-long-50C-200.csv']) {
      const script = `"${process.execPath}" "${BIN}" ${args} | head -n 1 >/dev/null; echo "exit=\${PIPESTATUS[0]}" >&2`;
      const r = spawnSync('bash', ['-c', script], { cwd: ROOT, env: { ...process.env, NO_COLOR: '1' }, encoding: 'utf8' });
      expect(r.stderr, args).not.toMatch(/EPIPE|Unhandled|\n\s+at /);
      expect(r.stderr, args).toMatch(/exit=0\n$/);
    }
  });

  it('--format with an unknown id lists the known ones (as --help promises)', () => {
    const r = cli(['summary', '--format', 'nosuch', 'fixtures/demo/cc-demo.csv']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown format 'nosuch'; known: /);
    for (const id of ['neware-csv', 'biologic-mpt', 'maccor', 'arbin-res', 'neware-ndax', 'biologic-mpr', 'land-xlsx', 'bdf']) expect(r.stderr).toContain(id);
    expect(cli(['summary', '--help']).stdout).not.toMatch(/cyclekit formats/);
  });

  it('no known layout names the nearest layouts, and the --col mapping it asks for then reads the file', () => {
    const land = writeTemp('near.csv', 'Cycle-Index,Step-Index,Step-State,TestTime\n1,1,R,0\n');
    expectOneLineError(cli(['summary', land]), land, /:1: no known layout.*; nearest known layouts: land-xlsx \(4 of 10 columns\)/);
    // 1 mA for 1 h up, then down: 1 mAh each way.
    const german = writeTemp('mystery.csv', 'Zeit,Spannung,Strom\n0,3.0,0.001\n3600,3.5,0.001\n3601,3.5,-0.001\n7200,3.0,-0.001\n');
    expectOneLineError(cli(['summary', '--col', 'voltage=Spannung', german]), german, /no known layout.*found: Zeit, Spannung, Strom.*--col voltage=NAME --col current=NAME/);
    const r = cli(['summary', '--json', '-q', '--col', 'time=Zeit', '--col', 'voltage=Spannung', '--col', 'current=Strom', german]);
    expect(r.code, r.stderr).toBe(0);
    const res = JSON.parse(r.stdout).results[0];
    expect(res.format).toBe('generic-csv');
    expect(res.cycles).toHaveLength(1);
    expect(res.cycles[0].chargeCapacityMAh).toBeCloseTo(1, 9);
    expect(Math.abs(res.cycles[0].dischargeCapacityMAh - 1)).toBeLessThanOrEqual(1 / 3600); // the 1 s sign change is on either side
    expect(cli(['inspect', '-q', '--col', 'time=Zeit', '--col', 'voltage=Spannung', '--col', 'current=Strom', german]).stdout).toMatch(/read as generic-csv with the columns mapped by --col/);
  });

  it('a charge-only file compared on a discharge quantity: n/a, not an internal error', () => {
    const rows = Array.from({ length: 50 }, (_, k) => `${k * 60},${(3 + k * 0.01).toFixed(3)},0.001`);
    const f = writeTemp('charge-only.csv', [HEADER, ...rows].join('\n') + '\n');
    const ref = writeTemp('ref.json', JSON.stringify({ id: 'v', name: 'V', quantities: [{ quantity: 'mean discharge voltage', metric: 'meanDischargeVoltage', unit: 'V', reported: 3.2, tolerance: { absolute: 0.1 } }] }));
    const r = cli(['compare', '--json', '-q', '--reference', ref, f]);
    expect(r.stderr).not.toMatch(/internal error/);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).results[0].rows.map((x: { verdict: string; note: string }) => [x.verdict, x.note])).toEqual([['n/a', 'no cycle with a discharge']]);
  });

  it('a check spec with an undefined YAML alias is a spec error naming the file', () => {
    const spec = writeTemp('alias.yaml', 'rules:\n  - metric: cycles\n    min: *nope\n');
    expectOneLineError(cli(['check', '--spec', spec, 'fixtures/demo/cc-demo.csv']), spec, /the spec is not valid YAML or JSON/);
  });

  it('--edges with an empty part is a usage error, not a 0 V edge', () => {
    const r = cli(['windows', '--edges', ',3.4', 'fixtures/demo/cc-demo.csv']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/--edges ,3.4: voltage edge 1 is not a number/);
  });

  it('standard input is spooled to a temporary file that is gone when the run ends', () => {
    const tmp = tempDir('cyclekit-tmpdir-');
    const r = spawnSync(process.execPath, [BIN, 'summary', '--json', '-q', '-'], { input: readFileSync(join(ROOT, 'fixtures/demo/cc-demo.csv')), env: { ...process.env, TMPDIR: tmp }, encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).results[0].cycles.length).toBeGreaterThan(0);
    expect(readdirSync(tmp)).toEqual([]);
  });

  it('--col naming a column the header lacks, or one of the wrong unit, is an error rather than ignored', () => {
    const f = 'fixtures/demo/cc-demo.csv';
    expectOneLineError(cli(['summary', '--col', 'voltage=Spannung', f]), f, /:1: --col voltage=Spannung: no column 'Spannung' in the header; the header has: Test Time \(s\), Voltage \(V\)/);
    expectOneLineError(cli(['summary', '--col', 'current=Voltage (V)', f]), f, /--col current=Voltage \(V\): column 'Voltage \(V\)' has a unit that is not a current unit \('V'\)/);
    expect(cli(['summary', '-q', '--col', 'voltage=Voltage (V)', f]).code).toBe(0);
  });

  it('an output file that cannot be written: one line naming it, no temporary path, nothing left behind', () => {
    const dir = tempDir();
    for (const args of [
      ['check', '--spec', 'fixtures/specs/he-v.yaml', '-q', '-o', join(dir, 'missing', 'report.txt'), 'fixtures/he-v/he-v-0.2C.csv'],
      ['simulate', '-o', join(dir, 'missing', 'sim.csv')],
    ]) {
      const r = cli(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr.trim()).toBe(`cyclekit: ${args[args.indexOf('-o') + 1]}: cannot write: ENOENT`);
    }
    expect(readdirSync(dir)).toEqual([]);
  });
});
