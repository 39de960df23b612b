import { copyFileSync, existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CacheStore } from '../../src/cache/store.js';
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

  it('one entry per file serves later commands that need fewer points, read for the cycles asked only', () => {
    const dir = tempDir('cyclekit-cache-');
    const env = { CYCLEKIT_CACHE_DIR: dir };
    const file = join(ROOT, 'fixtures', 'he-v', 'he-v-0.2C.csv');
    const report = ['report', '--json', '-q', file];
    const dqdv = ['dqdv', '--json', '--cycle', '3', file];
    const summary = ['summary', '--json', '-q', file];
    const plain = [report, dqdv, summary].map((args) => cli([...args, '--no-cache'], { env }).stdout);
    expect(cli(report, { env }).stdout).toBe(plain[0]);
    const [name] = entries(dir);
    const path = join(dir, name!);
    const filled = statSync(path).mtimeMs;
    expect(cli(dqdv, { env }).stdout).toBe(plain[1]);
    expect(cli(summary, { env }).stdout).toBe(plain[2]);
    expect(entries(dir)).toEqual([name]);
    expect(readFileSync(path).length).toBeGreaterThan(100_000); // still the entry with every point
    expect(statSync(path).mtimeMs).toBeGreaterThan(filled); // a hit touches the entry (one ms past now)
    // A damaged point block is found when dQ/dV reads it: the file is read again, same bytes.
    const bytes = readFileSync(path);
    bytes[bytes.length - 12] ^= 0x40;
    writeFileSync(path, bytes);
    expect(cli(report, { env }).stdout).toBe(plain[0]);
    expect(readFileSync(path).equals(bytes)).toBe(false);
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

  it('entries carry their key: another key, a wrong digest or a truncation is a miss; a damaged block fails when read', () => {
    const dir = tempDir('cyclekit-cache-');
    const store = new CacheStore({ dir, maxBytes: 1e9 });
    const blocks = [new Uint8Array(new Float64Array([3.1, 3.2]).buffer), new Uint8Array(0), new Uint8Array([1, 2, 3])];
    // A block is written from its parts: [1, 2] + [3] is read back as the one block [1, 2, 3].
    store.put({ a: 1 }, { meta: Buffer.from('meta'), blocks: [[blocks[0]!], [], [blocks[2]!.subarray(0, 2), blocks[2]!.subarray(2)]] });
    const entry = store.open({ a: 1 })!;
    expect(entry.meta.toString()).toBe('meta');
    expect(entry.blockCount).toBe(3);
    const read = entry.readBlocks([0, 1, 2])!;
    expect(read.map((b) => [...b])).toEqual(blocks.map((b) => [...b]));
    // Every block starts 8-aligned in its own memory, so points are viewed without a copy.
    expect(new Float64Array(read[0]!.buffer, read[0]!.byteOffset, 2)).toEqual(new Float64Array([3.1, 3.2]));
    expect(entry.readBlocks([2])!.map((b) => [...b])).toEqual([[1, 2, 3]]);
    entry.close();
    expect(store.open({ a: 2 })).toBeUndefined();

    const [name] = entries(dir);
    const path = join(dir, name!);
    const good = readFileSync(path);
    const damaged = (at: number): Buffer => {
      const b = Buffer.from(good);
      b[at] ^= 1;
      return b;
    };
    writeFileSync(path, damaged(good.indexOf('meta') + 1)); // the meta fails its digest at open
    expect(store.open({ a: 1 })).toBeUndefined();
    expect(existsSync(path)).toBe(false);
    writeFileSync(path, good.subarray(0, good.length - 6)); // truncated inside the last block (3 bytes and 5 of padding)
    const truncated = store.open({ a: 1 })!;
    expect(truncated.readBlocks([0])).toBeDefined();
    expect(truncated.readBlocks([2])).toBeUndefined();
    expect(existsSync(path)).toBe(false);
    writeFileSync(path, damaged(good.length - 7)); // a flipped bit in the last block fails its CRC
    const flipped = store.open({ a: 1 })!;
    expect(flipped.readBlocks([0, 1])).toBeDefined();
    expect(flipped.readBlocks([1, 2])).toBeUndefined();
    expect(existsSync(path)).toBe(false);
    // The block count's high byte, read before the digest can vouch for it: a miss, not a RangeError.
    const countAt = 'CYKC2\n'.length + 4 + JSON.stringify({ a: 1 }).length + 4;
    expect(good.readUInt32LE(countAt)).toBe(3);
    const huge = Buffer.from(good);
    huge[countAt + 3] ^= 0x80; // 2^31 + 3 blocks: a table of 17 GB
    writeFileSync(path, huge);
    expect(store.open({ a: 1 })).toBeUndefined();
    expect(existsSync(path)).toBe(false);
  });

  it('keeps under its size cap by dropping the least recently used entries', () => {
    const dir = tempDir('cyclekit-cache-');
    const store = new CacheStore({ dir, maxBytes: 3000 });
    const big = { meta: new Uint8Array(800), blocks: [] }; // ~ 900 bytes an entry
    for (let k = 0; k < 3; k++) store.put({ k }, big);
    expect(store.open({ k: 0 })).toBeDefined(); // 0 is now the most recently used
    store.put({ k: 3 }, big);
    expect(store.info().bytes).toBeLessThanOrEqual(3000);
    expect(store.open({ k: 1 })).toBeUndefined();
    expect(store.open({ k: 0 })).toBeDefined();
    expect(store.open({ k: 3 })).toBeDefined();
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
