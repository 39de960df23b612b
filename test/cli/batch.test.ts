import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli, tempDir } from '../helpers/cli.js';
import { generateFolder, type GeneratedFile } from '../gate/generate.js';

interface Envelope {
  cyclekit: string;
  command: string;
  results: ({ file: string; error: { code: string; message: string } } | { file: string; cycles: { cycle: number; dischargeCapacityMAh: number }[] })[];
}

describe('batch: a folder of 50 files, one corrupted', () => {
  let dir: string;
  let files: GeneratedFile[];
  let corrupt: string;

  beforeAll(() => {
    dir = tempDir('cyclekit-batch-');
    files = generateFolder(dir, 50, 20250607);
    // One defect: binary garbage where a CSV should be (no reader recognises it).
    corrupt = files[23]!.path;
    writeFileSync(corrupt, Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)));
  });

  it('--jobs 2 gives byte-identical JSON to --jobs 1; the bad file is reported and the other 49 are intact', () => {
    const one = cli(['summary', '--recursive', '--json', '--jobs', '1', dir]);
    const two = cli(['summary', '--recursive', '--json', '--jobs', '2', dir]);
    expect(two.stdout).toBe(one.stdout);
    expect(two.stderr).toBe(one.stderr);
    expect(cli(['summary', '--recursive', '--json', dir]).stdout).toBe(one.stdout); // default --jobs
    expect(one.code).toBe(2);
    expect(two.code).toBe(2);

    const errLines = one.stderr.trim().split('\n').filter((l) => !l.includes('warning:'));
    expect(errLines).toHaveLength(1);
    expect(errLines[0]).toMatch(new RegExp(`^cyclekit: ${corrupt.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: `));

    const doc = JSON.parse(one.stdout) as Envelope;
    expect(doc.command).toBe('summary');
    expect(doc.results.map((r) => r.file)).toEqual(files.map((f) => f.path));
    for (const [i, r] of doc.results.entries()) {
      if (i === 23) {
        expect('error' in r && r.error.code).toMatch(/^E_(FORMAT|HEADER)$/);
        continue;
      }
      if ('error' in r) throw new Error(`unexpected error for ${r.file}: ${r.error.message}`);
      const f = files[i]!;
      expect(r.cycles).toHaveLength(f.case.cycles);
      for (const c of r.cycles) expect(c.dischargeCapacityMAh).toBeCloseTo(f.dischargeMAh, 6);
    }
  });

  it('tables and CSV are byte-identical too', () => {
    for (const mode of [[], ['--csv']]) {
      const one = cli(['summary', '-r', ...mode, '-j', '1', dir]);
      const two = cli(['summary', '-r', ...mode, '-j', '2', dir]);
      expect(two.stdout).toBe(one.stdout);
      expect(two.code).toBe(2);
      expect(one.stdout.length).toBeGreaterThan(1000);
    }
  });

  it('check over the folder: same bytes at any --jobs, error entry for the corrupted file', () => {
    const spec = join(tempDir(), 'spec.yaml');
    writeFileSync(spec, 'rules:\n  - metric: coulombicEfficiency\n    min: 0.94\n  - metric: cycleCount\n    min: 3\n');
    const one = cli(['check', '-r', '--spec', spec, '--report', 'json', '-j', '1', dir]);
    const two = cli(['check', '-r', '--spec', spec, '--report', 'json', '-j', '2', dir]);
    expect(two.stdout).toBe(one.stdout);
    expect(one.code).toBe(2); // unreadable beats failed
    const doc = JSON.parse(one.stdout) as { results: ({ file: string; error?: { code: string }; status?: string; rules?: { status: string }[] })[] };
    expect(doc.results).toHaveLength(50);
    expect(doc.results[23]!.error?.code).toMatch(/^E_/);
    files.forEach((f, i) => {
      if (i === 23) return;
      const r = doc.results[i]!;
      expect(r.rules![0]!.status).toBe('pass');
      expect(r.rules![1]!.status).toBe(f.case.cycles >= 3 ? 'pass' : 'fail');
    });
  });

  it('stdin (-) mixes with files, in input order', () => {
    const r = cli(['summary', '--json', '-j', '2', files[0]!.path, '-', files[1]!.path], { input: readFileSync(files[2]!.path) });
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as Envelope;
    expect(doc.results.map((x) => x.file)).toEqual([files[0]!.path, '-', files[1]!.path]);
    const stdinResult = doc.results[1]!;
    if ('error' in stdinResult) throw new Error(stdinResult.error.message);
    expect(stdinResult.cycles[0]!.dischargeCapacityMAh).toBeCloseTo(files[2]!.dischargeMAh, 6);
  });

  it('no progress output when stderr is not a terminal', () => {
    const r = cli(['summary', '-r', '-j', '2', dir]);
    expect(r.stderr).not.toMatch(/rows\/s/);
  });

  it('--jobs must be a positive whole number', () => {
    const r = cli(['summary', '--jobs', '0', files[0]!.path]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--jobs: expected a positive whole number/);
  });

  it('rate and inspect run on worker threads too, with the bytes of --jobs 1 (the corrupted file included)', () => {
    for (const command of ['rate', 'inspect']) {
      const one = cli([command, '--recursive', '--json', '-q', '--jobs', '1', dir]);
      const two = cli([command, '--recursive', '--json', '-q', '--jobs', '2', dir]);
      expect(two.code, command).toBe(2);
      expect(two.stdout, command).toBe(one.stdout);
      expect((JSON.parse(two.stdout) as Envelope).results).toHaveLength(50);
    }
  });

  it('energy and retention give the bytes of --jobs 1 on worker threads (the work registry runs the same pipeline)', () => {
    const pair = files.slice(0, 2).map((f) => f.path);
    for (const command of ['energy', 'retention']) {
      const inProcess = cli([command, '--json', '-q', '--jobs', '1', ...pair]);
      const threads = cli([command, '--json', '-q', '--jobs', '2', ...pair]);
      expect(threads.code, command).toBe(0);
      expect(threads.stdout, command).toBe(inProcess.stdout);
      const results = (JSON.parse(threads.stdout) as { results: { file: string; cellType?: string; error?: unknown }[] }).results;
      expect(results.map((r) => [r.file, r.error === undefined && typeof r.cellType === 'string'])).toEqual(pair.map((f) => [f, true]));
    }
  });
});
