import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { zipSync } from 'fflate';
import { ZipArchive } from '../../../src/ingest/binary/zip.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli, REAL, tempDir } from '../../helpers/cli.js';

/**
 * Damaged copies of every binary file: cut in half, and 64 bytes flipped in the middle of the
 * data. Each must end with exit code 2 and one line on stderr, never a crash or numbers.
 */
const FILES: { path: string; dataMiddle?: (b: Buffer) => number }[] = [
  { path: join(REAL, 'arbin', '20160805_test001_45_cc_01.res') },
  // The .nda header is padded with zeros up to the records; flip inside the records.
  { path: join(REAL, 'neware', 'new_nda_file.nda'), dataMiddle: (b) => Math.floor((b.indexOf(Buffer.from([0, 0, 0, 0, 0x55, 0])) + b.length) / 2) },
  { path: join(REAL, 'neware', 'test_2.ndax') },
  { path: join(REAL, 'neware', '123456789012_Unit27_Example_Data_File.ndax') },
  { path: join(REAL, 'biologic', 'gcpl.issue_149.mpr') },
  { path: join(REAL, 'biologic', 'gcpl.pr_182.1.mpr') },
  { path: join(REAL, 'biologic', 'mb.issue_95.mpr') },
  { path: join(REAL, 'biologic', 'jdb11-1_c3_gcpl_5cycles_2V-3p8V_C-24_data_C09.mpr') },
];

let dir = '';
beforeAll(() => {
  dir = tempDir('cyclekit-damaged-');
});

function expectOneLineError(file: string, pattern: RegExp): void {
  const r = cli(['summary', file]);
  expect(r.code, r.stderr).toBe(2);
  expect(r.stdout).toBe('');
  const lines = r.stderr.trim().split('\n');
  expect(lines, r.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(pattern);
  expect(r.stderr).not.toMatch(/at .*\.js:\d+/); // no stack trace
}

// Each case spawns the real CLI on a multi-MB file; allow for a loaded machine.
describe('damaged binary files give exit 2 and a one-line error', { timeout: 60_000 }, () => {
  for (const f of FILES) {
    const name = basename(f.path);
    it(`${name}: intact copy reads`, () => {
      const copy = join(dir, name);
      copyFileSync(f.path, copy);
      const r = cli(['summary', '--json', copy]);
      expect(r.code, r.stderr).toBe(0);
      expect(JSON.parse(r.stdout).results[0].cycles.length).toBeGreaterThan(0);
    });
    it(`${name}: cut in half`, () => {
      const b = readFileSync(f.path);
      const out = join(dir, `half-${name}`);
      writeFileSync(out, b.subarray(0, Math.floor(b.length / 2)));
      expectOneLineError(out, /truncated or damaged|E_CORRUPT|not supported/);
    });
    it(`${name}: bytes flipped in the middle`, () => {
      const b = Buffer.from(readFileSync(f.path));
      const mid = f.dataMiddle ? f.dataMiddle(b) : Math.floor(b.length / 2);
      for (let i = mid; i < mid + 64; i++) b[i] = b[i]! ^ 0xff;
      const out = join(dir, `flip-${name}`);
      writeFileSync(out, b);
      expectOneLineError(out, /truncated or damaged|not supported/);
    });
  }

  it('an unknown .nda layout version is refused with E_VERSION, naming the version', () => {
    const b = Buffer.from(readFileSync(join(REAL, 'neware', 'new_nda_file.nda')));
    b[14] = 77;
    const out = join(dir, 'v77.nda');
    writeFileSync(out, b);
    const r = cli(['summary', '--json', out]);
    expect(r.code).toBe(2);
    const err = JSON.parse(r.stdout).results[0].error;
    expect(err.code).toBe('E_VERSION');
    expect(err.message).toMatch(/version 77 is not supported; export the data as text from the cycler software/);
  });

  it('an unknown .mpr data-module version is refused with E_VERSION', () => {
    const b = Buffer.from(readFileSync(join(REAL, 'biologic', 'mb.issue_95.mpr')));
    const at = b.indexOf('VMP data  ', 0, 'latin1');
    b.writeUInt32LE(9, at + 10 + 25 + 4); // old-style header: length, then version
    const out = join(dir, 'v9.mpr');
    writeFileSync(out, b);
    const r = cli(['summary', '--json', out]);
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stdout).results[0].error.code).toBe('E_VERSION');
  });

  it('an unknown .ndax stream version is refused with E_VERSION', () => {
    const files = ZipArchive.fromBytes(new Uint8Array(readFileSync(join(REAL, 'neware', '123456789012_Unit27_Example_Data_File.ndax'))), 'ndax', '.ndax container').inflateAll();
    files['data.ndc']![2] = 99;
    const out = join(dir, 'v99.ndax');
    writeFileSync(out, zipSync(files));
    const r = cli(['summary', '--json', out]);
    expect(r.code, JSON.stringify(r).slice(0, 500)).toBe(2);
    const err = JSON.parse(r.stdout).results[0].error;
    expect(err.code).toBe('E_VERSION');
    expect(err.message).toMatch(/version 99/);
  });
});
