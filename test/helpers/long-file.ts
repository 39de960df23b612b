import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli, ROOT } from './cli.js';

/**
 * The paper-scale file (10,000 cycles at 50C, ~284 k records logged every 20 s or 200 mV, ~21 MB)
 * is generated on demand —
 * never committed — and shared by every test file that needs it: the first caller generates it
 * under a lock, the others wait and reuse it. The cache is keyed by the simulator's source, so a
 * changed model regenerates it.
 */
export function longFile(): { file: string; records: number } {
  const hash = createHash('sha256');
  for (const f of readdirSync(join(ROOT, 'src', 'sim')).sort()) hash.update(readFileSync(join(ROOT, 'src', 'sim', f)));
  const key = hash.digest('hex').slice(0, 16);
  const base = join(tmpdir(), 'cyclekit-test-long-sparse');
  const dir = join(base, key);
  const file = join(dir, 'he-v-long-50C.csv');
  const countFile = `${file}.records`;
  mkdirSync(base, { recursive: true });
  const lock = join(base, `${key}.lock`);
  const deadline = Date.now() + 600_000;
  while (!existsSync(countFile)) {
    let owner = false;
    try {
      mkdirSync(lock);
      owner = true;
    } catch {
      // Another test file is generating it: wait, unless its lock is stale (a killed run).
      const since = statSync(lock, { throwIfNoEntry: false })?.mtimeMs;
      if (since !== undefined && Date.now() - since > 300_000) rmSync(lock, { recursive: true, force: true });
      if (Date.now() > deadline) throw new Error('timed out waiting for the long test file');
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 500);
      continue;
    }
    if (owner) {
      try {
        // Older models' files go, but not ones written in the last hours: another checkout (a
        // branch with a different simulator) may be reading its own right now.
        const stale = Date.now() - 6 * 3600_000;
        for (const old of readdirSync(base)) {
          if (old === key || old.endsWith('.lock')) continue;
          if ((statSync(join(base, old), { throwIfNoEntry: false })?.mtimeMs ?? 0) < stale) rmSync(join(base, old), { recursive: true, force: true });
        }
        mkdirSync(dir, { recursive: true });
        const r = cli(['simulate', '--material', 'he-v', '--protocol', 'long', '--dt', '20', '--dv', '0.2', '--json', '-o', file]);
        if (r.code !== 0) throw new Error(`simulate failed: ${r.stderr}`);
        const records = JSON.parse(r.stdout).results[0].records as number;
        const tmp = `${countFile}.tmp`;
        writeFileSync(tmp, String(records));
        renameSync(tmp, countFile);
      } finally {
        rmSync(lock, { recursive: true, force: true });
      }
    }
  }
  return { file, records: Number(readFileSync(countFile, 'utf8')) };
}
