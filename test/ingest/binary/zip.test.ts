import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deflateRawSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { ZipArchive } from '../../../src/ingest/binary/zip.js';
import { CyclekitError } from '../../../src/model/errors.js';
import { tempDir } from '../../helpers/cli.js';
import { zip, type Member } from '../../hostile/zip.js';

/**
 * The one ZIP reader serves .ndax (held in memory, inflated whole) and .xlsx (streamed from
 * disk): every refusal must hold on both paths, whichever container used to have it.
 */
let dir: string;
beforeAll(() => {
  dir = tempDir('cyclekit-zip-');
});

async function readBothWays(members: Member[]): Promise<{ memory: Record<string, string> | CyclekitError; disk: Record<string, string> | CyclekitError }> {
  const bytes = zip(members);
  const path = join(dir, `a${Math.random().toString(36).slice(2)}.zip`);
  writeFileSync(path, bytes);
  const settle = async (read: () => Promise<Record<string, string>>): Promise<Record<string, string> | CyclekitError> => {
    try {
      return await read();
    } catch (err) {
      if (err instanceof CyclekitError) return err;
      throw err;
    }
  };
  const text = (b: Uint8Array): string => Buffer.from(b).toString('utf8');
  const memory = await settle(async () => Object.fromEntries(Object.entries(ZipArchive.fromBytes(new Uint8Array(bytes), 'm.ndax', '.ndax container').inflateAll()).map(([k, v]) => [k, text(v)])));
  const disk = await settle(async () => {
    const archive = ZipArchive.fromFile(path, 'd.xlsx', 'workbook');
    const out: Record<string, string> = {};
    for (const e of archive.entries) out[e.name] = await archive.text(e);
    return out;
  });
  return { memory, disk };
}

function expectRefused(r: Record<string, string> | CyclekitError, code: string, message: RegExp): void {
  expect(r).toBeInstanceOf(CyclekitError);
  expect((r as CyclekitError).code).toBe(code);
  expect((r as CyclekitError).message).toMatch(message);
}

describe('ZipArchive, in memory and on disk', () => {
  it('reads stored and deflated members to the same bytes', async () => {
    const { memory, disk } = await readBothWays([
      { name: 'a.txt', data: Buffer.from('stored member') , stored: true },
      { name: 'b/c.xml', data: Buffer.from('<x>'.repeat(1000)) },
      { name: 'empty', data: Buffer.alloc(0) },
    ]);
    expect(memory).toEqual({ 'a.txt': 'stored member', 'b/c.xml': '<x>'.repeat(1000), empty: '' });
    expect(disk).toEqual(memory);
  });

  it('refuses two members of one name, a CRC mismatch, a member longer than declared, and an impossible ratio', async () => {
    const data = Buffer.from('12345'.repeat(2000));
    const twice = await readBothWays([{ name: 'x', data }, { name: 'x', data }]);
    for (const r of [twice.memory, twice.disk]) expectRefused(r, 'E_CORRUPT', /two members named 'x'/);
    const crc = await readBothWays([{ name: 'x', data, crc: 0x12345678 }]);
    for (const r of [crc.memory, crc.disk]) expectRefused(r, 'E_CORRUPT', /'x' fails its CRC-32 check/);
    const longer = await readBothWays([{ name: 'x', data, declaredSize: 4000 }]);
    for (const r of [longer.memory, longer.disk]) expectRefused(r, 'E_CORRUPT', /'x' inflates to more than the 4000 bytes/);
    const shorter = await readBothWays([{ name: 'x', data, declaredSize: 10_001 }]);
    for (const r of [shorter.memory, shorter.disk]) expectRefused(r, 'E_CORRUPT', /'x' inflates to 10000 of the 10001 bytes/);
    // 1 MiB of zeros deflates to ~1 KiB; claiming 100 MiB from it is past deflate's ~1032:1.
    const claim = await readBothWays([{ name: 'x', data: Buffer.alloc(0), compressed: deflateRawSync(Buffer.alloc(1 << 20)), declaredSize: 100 << 20 }]);
    for (const r of [claim.memory, claim.disk]) expectRefused(r, 'E_CORRUPT', /member x claims 104857600 bytes from \d+ compressed/);
  });

  it('refuses a bomb whose declared sizes pass the container budget before inflating anything', async () => {
    const zeros = deflateRawSync(Buffer.alloc(8 << 20));
    const bomb = await readBothWays([1, 2, 3].map((k) => ({ name: `m${k}`, data: Buffer.alloc(0), compressed: zeros, declaredSize: 8 << 20 })));
    for (const r of [bomb.memory, bomb.disk]) expectRefused(r, 'E_LIMIT', /CYCLEKIT_MAX_INFLATE_RATIO/);
  });
});
