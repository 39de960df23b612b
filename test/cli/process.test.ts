import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, spawnCli, tempDir, writeTemp } from '../helpers/cli.js';

/**
 * The few runs where the process itself is the point: the bin shim turns main's result into
 * the process exit code, and errors reach the real stderr as one line. Everything else runs
 * in-process (test/helpers/cli.ts).
 */
describe('bin/cyclekit.js as a process', () => {
  const demo = join(ROOT, 'fixtures', 'demo', 'cc-demo.csv');

  it('exit 0 with the report on stdout', () => {
    const r = spawnCli(['summary', '--json', '-q', demo]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).results).toHaveLength(1);
    expect(r.stderr).toBe('');
  });

  it('exit 1 when a check rule fails', () => {
    const spec = writeTemp('spec.yaml', 'rules:\n  - name: voltage below 0.1 V\n    metric: voltageV\n    max: 0.1 V\n', tempDir());
    const r = spawnCli(['check', '--spec', spec, '-q', demo]);
    expect(r.code).toBe(1);
  });

  it('exit 2 and one line on stderr for a file that is not there', () => {
    const r = spawnCli(['summary', join(ROOT, 'no-such-file.csv')]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^cyclekit: .*no-such-file\.csv: /);
  });
});
