import { copyFileSync, existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CacheStore, decodeEntry, encodeEntry } from '../../src/cache/store.js';
import { cli, REAL, ROOT, tempDir } from '../helpers/cli.js';

function dataFiles(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) return ['expected', 'LICENSES'].includes(name) ? [] : dataFiles(p);
      return /\.(md|yaml|json)$/.test(name) ? [] : [p];
    });
}

const entries = (dir: string): string[] => (existsSync(dir) ? readdirSync(dir).filter((n) => n.endsWith('.bin')) : []);

describe('parsed-data cache', () => {
  const files = [...dataFiles(REAL), ...dataFiles(join(ROOT, 'fixtures', 'he-v')), ...dataFiles(join(ROOT, 'fixtures', 'demo'))];

  it('every fixture: reading from the cache gives the bytes the read that filled it gave', () => {
    // A miss is the plain read plus a copy to disk, so the filling run stands for --no-cache
    // here; --no-cache itself is checked below on one file (it must not write).
    expect(files.length).toBeGreaterThan(50);
    const dir = tempDir('cyclekit-cache-');
    const env = { CYCLEKIT_CACHE_DIR: dir };
    const args = ['summary', '--json', '-q', '-j', '1', ...files];
    const filling = cli(args, { env });
    const readable = JSON.parse(filling.stdout).results.filter((r: object) => !('error' in r)).length;
    expect(readable).toBeGreaterThan(40);
    expect(entries(dir)).toHaveLength(readable);
    const hit = cli(args, { env });
    expect(hit.stdout).toBe(filling.stdout);
    expect(hit.stderr).toBe(filling.stderr);
    expect(hit.code).toBe(filling.code);
  });

  it('points are cached too: dQ/dV and the report read from the cache give the same bytes', () => {
    const dir = tempDir('cyclekit-cache-');
    const env = { CYCLEKIT_CACHE_DIR: dir };
    for (const args of [
      ['dqdv', '--json', '--cycle', '2', join(REAL, 'biologic', 'gcpl.pr_182.1.mpt')],
      ['report', '--json', '-q', join(ROOT, 'fixtures', 'he-v', 'he-v-0.2C.csv')],
    ]) {
      const plain = cli([...args, '--no-cache'], { env });
      expect(plain.code).toBe(0);
      expect(entries(dir)).toHaveLength(0);
      expect(cli(args, { env }).stdout).toBe(plain.stdout);
      expect(entries(dir)).toHaveLength(1);
      expect(cli(args, { env }).stdout).toBe(plain.stdout);
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a corrupt entry is ignored and rebuilt; a changed source file is read again', () => {
    const dir = tempDir('cyclekit-cache-');
    const env = { CYCLEKIT_CACHE_DIR: dir };
    const src = join(tempDir(), 'cell.csv');
    copyFileSync(join(ROOT, 'fixtures', 'demo', 'cc-demo.csv'), src);
    const first = cli(['summary', '--json', src], { env });
    const [entry] = entries(dir);
    expect(entry).toBeDefined();
    const bytes = readFileSync(join(dir, entry!));
    bytes[bytes.length - 10] ^= 0xff;
    writeFileSync(join(dir, entry!), bytes);
    const again = cli(['summary', '--json', src], { env });
    expect(again.stdout).toBe(first.stdout);
    expect(readFileSync(join(dir, entry!)).equals(bytes)).toBe(false); // rewritten whole

    // The same path, now holding the first half of the test: fewer cycles, a second entry.
    const lines = readFileSync(src, 'utf8').trimEnd().split('\n');
    writeFileSync(src, `${lines.slice(0, Math.floor(lines.length / 2)).join('\n')}\n`);
    const changed = cli(['summary', '--json', src], { env });
    const cycles = (r: { stdout: string }): number => JSON.parse(r.stdout).results[0].cycles.length;
    expect(cycles(changed)).toBeLessThan(cycles(first));
    expect(changed.stdout).toBe(cli(['summary', '--json', '--no-cache', src], { env }).stdout);
    expect(entries(dir)).toHaveLength(2);
  });

  it('entries carry their key: another key, a wrong digest or a truncation is a miss', () => {
    const value = { steps: [{ kind: 'charge', v: new Float64Array([3.1, 3.2]) }] };
    const entry = encodeEntry('{"a":1}', value);
    expect(decodeEntry(entry, '{"a":1}')).toEqual(value);
    expect(decodeEntry(entry, '{"a":2}')).toBeUndefined();
    expect(decodeEntry(entry.subarray(0, entry.length - 1), '{"a":1}')).toBeUndefined();
    const flipped = Buffer.from(entry);
    flipped[flipped.length - 1] ^= 1;
    expect(decodeEntry(flipped, '{"a":1}')).toBeUndefined();
  });

  it('keeps under its size cap by dropping the least recently used entries', () => {
    const dir = tempDir('cyclekit-cache-');
    const store = new CacheStore({ dir, maxBytes: 3000 });
    const big = { data: new Float64Array(100) }; // ~ 900 bytes an entry
    for (let k = 0; k < 3; k++) store.put({ k }, big);
    expect(store.get({ k: 0 })).toBeDefined(); // 0 is now the most recently used
    store.put({ k: 3 }, big);
    expect(store.info().bytes).toBeLessThanOrEqual(3000);
    expect(store.get({ k: 1 })).toBeUndefined();
    expect(store.get({ k: 0 })).toBeDefined();
    expect(store.get({ k: 3 })).toBeDefined();
  });

  it('cache info and clear', () => {
    const dir = tempDir('cyclekit-cache-');
    const env = { CYCLEKIT_CACHE_DIR: dir };
    cli(['summary', '-q', join(ROOT, 'fixtures', 'demo', 'cc-demo.csv')], { env });
    const info = JSON.parse(cli(['cache', 'info', '--json'], { env }).stdout);
    expect(info).toMatchObject({ dir, entries: 1, enabled: true });
    expect(info.bytes).toBeGreaterThan(100);
    const cleared = cli(['cache', 'clear'], { env });
    expect(cleared.stdout).toBe(`removed 1 cache entry from ${dir}\n`);
    expect(entries(dir)).toHaveLength(0);
    expect(JSON.parse(cli(['cache', 'info', '--json'], { env: { ...env, CYCLEKIT_CACHE: 'off' } }).stdout).enabled).toBe(false);
  });
});
