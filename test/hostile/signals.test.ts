import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, ROOT, tempDir } from '../helpers/cli.js';

/**
 * Issue #17 case 14: a signal during a write or while standard input is being spooled leaves
 * no temporary file, and the process still dies of that signal. The process is the point
 * here, so cyclekit runs as its own process.
 */
function launch(args: string[], env: Record<string, string> = {}): ChildProcess {
  return spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env: { ...process.env, NO_COLOR: '1', ...env }, stdio: ['pipe', 'ignore', 'ignore'] });
}

async function until(what: () => boolean, child: ChildProcess): Promise<void> {
  for (let waited = 0; !what(); waited += 2) {
    if (child.exitCode !== null || child.signalCode !== null || waited > 60_000) throw new Error('the process ended before the moment to signal it');
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

function exited(child: ChildProcess): Promise<NodeJS.Signals | number | null> {
  return new Promise((resolve) => child.on('exit', (code, signal) => resolve(signal ?? code)));
}

/** A plain CSV of `rows` records: long enough that writing its conversion takes a while. */
function bigCsv(path: string, rows: number): void {
  const out = ['Test Time (s),Voltage (V),Current (A),Cycle Index'];
  for (let k = 0; k < rows; k++) {
    const phase = k % 2000;
    out.push(`${k},${(3 + (phase < 1000 ? phase : 2000 - phase) / 1000).toFixed(4)},${phase < 1000 ? '0.001' : '-0.001'},${1 + Math.floor(k / 2000)}`);
  }
  writeFileSync(path, out.join('\n') + '\n');
}

describe('signals remove temporary files and are re-raised', () => {
  it('SIGTERM during convert -o: no .tmp left, no output, killed by SIGTERM', async () => {
    const dir = tempDir('cyclekit-signal-');
    bigCsv(join(dir, 'in.csv'), 40_000);
    const child = launch(['convert', join(dir, 'in.csv'), '--to', 'csv', '-o', join(dir, 'out.csv')]);
    const end = exited(child);
    await until(() => readdirSync(dir).some((f) => f.endsWith('.tmp')), child);
    child.kill('SIGTERM');
    expect(await end).toBe('SIGTERM');
    expect(readdirSync(dir)).toEqual(['in.csv']);
  });

  it('SIGINT during simulate -o: no .tmp left, killed by SIGINT', async () => {
    const dir = tempDir('cyclekit-signal-');
    const child = launch(['simulate', '--material', 'he-v', '--cycles', '1000', '-o', join(dir, 'sim.csv')]);
    const end = exited(child);
    await until(() => readdirSync(dir).some((f) => f.endsWith('.tmp')), child);
    child.kill('SIGINT');
    expect(await end).toBe('SIGINT');
    expect(readdirSync(dir)).toEqual([]);
  });

  it('SIGHUP while standard input is spooled: the spool folder is removed', async () => {
    const tmp = tempDir('cyclekit-signal-tmp-');
    const child = launch(['summary', '-'], { TMPDIR: tmp });
    const end = exited(child);
    child.stdin!.write('Test Time (s),Voltage (V),Current (A)\n0,3.0,0.001\n');
    await until(() => readdirSync(tmp).some((f) => f.startsWith('cyclekit-')), child);
    child.kill('SIGHUP');
    expect(await end).toBe('SIGHUP');
    expect(readdirSync(tmp)).toEqual([]);
  });
});
