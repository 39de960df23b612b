import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, cli, REAL, ROOT, tempDir } from '../helpers/cli.js';

/** Three small cycler files of three vendors and one file no reader takes. */
function dataset(): string {
  const dir = tempDir('cyclekit-archive-src-');
  copyFileSync(join(ROOT, 'fixtures', 'demo', 'cc-demo.csv'), join(dir, 'cc-demo.csv'));
  copyFileSync(join(REAL, 'arbin', 'sample_data_arbin.csv'), join(dir, 'arbin.csv'));
  copyFileSync(join(REAL, 'biologic', 'gcpl.issue_149.mpt'), join(dir, 'gcpl.mpt'));
  writeFileSync(join(dir, 'notes.txt'), 'not a cycler file\n');
  return dir;
}

/** Every view of an archive in one DuckDB session (the CLI opens one per call: ~0.3 s each). */
async function views(archive: string, exclude: Record<string, string> = {}): Promise<Record<string, unknown[]>> {
  const { openArchive } = (await import(join(ROOT, 'dist', 'archive', 'query.js'))) as typeof import('../../src/archive/query.js');
  const duck = await openArchive(archive);
  const out: Record<string, unknown[]> = {};
  for (const view of ['files', 'cycles', 'peaks', 'couples']) out[view] = await duck.all(`SELECT * ${exclude[view] ?? ''} FROM ${view} ORDER BY ALL`);
  return out;
}

const query = (archive: string, sql: string): Record<string, unknown>[] => {
  const r = cli(['query', archive, sql, '--json']);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout).rows;
};

const parquetFiles = (archive: string): string[] =>
  ['files', 'cycles', 'peaks', 'couples'].flatMap((t) => (existsSync(join(archive, t)) ? readdirSync(join(archive, t)).flatMap((p) => readdirSync(join(archive, t, p)).map((f) => join(t, p, f))) : [])).sort();

describe('cyclekit index / query', () => {
  it('one row per readable file, one error row per unreadable file, cycles equal to summary --json', () => {
    const src = dataset();
    const archive = join(tempDir(), 'archive');
    const r = cli(['index', '-r', src, '--to', archive, '-q', '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ command: 'index', indexed: 3, unchanged: 0, errors: 1 });
    expect(query(archive, 'SELECT count(*)::INT AS n FROM cells')).toEqual([{ n: 3 }]);
    const errors = query(archive, 'SELECT path, errorCode FROM errors');
    expect(errors).toEqual([{ path: join(src, 'notes.txt'), errorCode: expect.stringMatching(/^E_/) }]);

    const file = join(src, 'gcpl.mpt');
    const summary = JSON.parse(cli(['summary', '--json', '-q', file]).stdout).results[0];
    const rows = query(archive, `SELECT * EXCLUDE (path, contentSha256) FROM cycles WHERE path = '${file}' ORDER BY cycle`);
    expect(rows).toHaveLength(summary.cycles.length);
    for (const [k, cycle] of (summary.cycles as Record<string, unknown>[]).entries()) {
      for (const [key, value] of Object.entries(cycle)) {
        if (value === null) expect(rows[k]![key] ?? null, key).toBeNull();
        else expect(rows[k]![key], key).toEqual(value); // exact: Parquet DOUBLE keeps every bit
      }
    }
    const meta = query(archive, `SELECT format, massSource, cycles::INT AS cycles FROM files WHERE path = '${file}'`)[0]!;
    expect(meta).toEqual({ format: summary.format, massSource: summary.massSource, cycles: summary.cycles.length });
  });

  it('re-running writes nothing; a changed file is read again and replaces its rows', () => {
    const src = dataset();
    const archive = join(tempDir(), 'archive');
    cli(['index', '-r', src, '--to', archive, '-q']);
    const before = parquetFiles(archive).map((f) => [f, statSync(join(archive, f)).mtimeMs]);
    const again = cli(['index', '-r', src, '--to', archive, '-q']);
    expect(again.stdout).toMatch(/^indexed 0, unchanged 4, unreadable 0/);
    expect(parquetFiles(archive).map((f) => [f, statSync(join(archive, f)).mtimeMs])).toEqual(before);

    const file = join(src, 'cc-demo.csv');
    const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
    writeFileSync(file, `${lines.slice(0, Math.floor(lines.length / 2)).join('\n')}\n`);
    const changed = cli(['index', '-r', src, '--to', archive, '-q']);
    expect(changed.stdout).toMatch(/^indexed 1, unchanged 3, unreadable 0/);
    const now = JSON.parse(cli(['summary', '--json', '-q', file]).stdout).results[0].cycles.length;
    expect(query(archive, `SELECT count(*)::INT AS n FROM cycles WHERE path = '${file}'`)).toEqual([{ n: now }]);
  });

  it('--shard 0/2 plus --shard 1/2 gives the single run, row for row', async () => {
    const src = dataset();
    const one = join(tempDir(), 'one');
    const two = join(tempDir(), 'two');
    cli(['index', '-r', src, '--to', one, '-q']);
    const a = cli(['index', '-r', src, '--to', two, '-q', '--shard', '0/2', '--json']);
    const b = cli(['index', '-r', src, '--to', two, '-q', '--shard', '1/2', '--json']);
    const [ja, jb] = [JSON.parse(a.stdout), JSON.parse(b.stdout)];
    expect(ja.indexed + ja.errors + jb.indexed + jb.errors).toBe(4);
    expect(ja.otherShard + jb.otherShard).toBe(4);
    const [a1, a2] = [await views(one), await views(two)];
    expect(a1.cycles!.length).toBeGreaterThan(3);
    expect(a2).toEqual(a1);
    expect(cli(['index', src, '--to', two, '--shard', '2/2']).stderr).toMatch(/--shard 2\/2: expected i\/N/);
  });

  it('a run killed mid-way (SIGKILL) resumes to the same archive', async () => {
    const src = dataset();
    for (let k = 0; k < 4; k++) copyFileSync(join(REAL, 'biologic', 'gcpl.issue_149.mpt'), join(src, `copy${k}.mpt`));
    const clean = join(tempDir(), 'clean');
    cli(['index', '-r', src, '--to', clean, '-q']);
    const killed = join(tempDir(), 'killed');
    const child = spawn(process.execPath, [BIN, 'index', '-r', src, '--to', killed, '-q'], { stdio: 'ignore' });
    await new Promise<void>((resolve) => {
      const poll = setInterval(() => {
        if (existsSync(join(killed, 'cycles'))) {
          clearInterval(poll);
          child.kill('SIGKILL');
          resolve();
        }
      }, 5);
    });
    await new Promise((resolve) => child.once('exit', resolve));
    const resumed = cli(['index', '-r', src, '--to', killed, '-q']);
    expect(resumed.code).toBe(0);
    expect(parquetFiles(killed).some((f) => f.endsWith('.tmp'))).toBe(false);
    const [k, c] = [await views(killed, { files: 'EXCLUDE (mtimeMs)' }), await views(clean, { files: 'EXCLUDE (mtimeMs)' })];
    expect(c.cycles!.length).toBeGreaterThan(3);
    expect(k).toEqual(c);
  });

  it('named questions: retention at a cycle and cells below a fraction', () => {
    const src = dataset();
    const archive = join(tempDir(), 'archive');
    cli(['index', '-r', src, '--to', archive, '-q']);
    const file = join(src, 'gcpl.mpt');
    const cycles = JSON.parse(cli(['summary', '--json', '-q', file]).stdout).results[0].cycles as { cycle: number; dischargeCapacityMAh: number | null }[];
    const withDischarge = cycles.filter((c) => (c.dischargeCapacityMAh ?? 0) > 0);
    const first = withDischarge[0]!;
    const at = withDischarge[2]!;
    const r = JSON.parse(cli(['query', archive, '--retention-at', String(at.cycle), '--json']).stdout).rows.find((x: { path: string }) => x.path === file);
    expect(r.retention).toBeCloseTo(at.dischargeCapacityMAh! / first.dischargeCapacityMAh!, 12);
    expect(cli(['query', archive, '--cells-below', '2']).code).toBe(2);
    expect(cli(['query', archive, 'SELECT nope FROM cells']).stderr).toMatch(/^cyclekit: query: Binder Error/);
    expect(cli(['query', join(tempDir(), 'none'), 'SELECT 1']).stderr).toMatch(/not a cyclekit archive/);
  });

  it('a wrong input flag is one usage error before any file is read, not an error row per file', () => {
    const archive = join(tempDir(), 'archive');
    const r = cli(['index', join(ROOT, 'fixtures', 'demo', 'cc-demo.csv'), '--to', archive, '--mass', 'heavy']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^cyclekit: --mass/);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(existsSync(archive)).toBe(false);
    // --ce is checked as every command checks it (it used to index a bogus mode as auto).
    const ce = cli(['index', join(ROOT, 'fixtures', 'demo', 'cc-demo.csv'), '--to', archive, '--ce', 'bogus']);
    expect([ce.code, ce.stderr.trim()]).toEqual([2, "cyclekit: --ce: expected discharge-over-charge, charge-over-discharge or auto, got 'bogus'"]);
    expect(existsSync(archive)).toBe(false);
  });
});
