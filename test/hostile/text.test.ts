import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, ROOT, tempDir } from '../helpers/cli.js';
import { withWorkerIsolation } from './isolation.js';

/** Issue #17, silent wrong numbers in text files: cases 5, 8 and 10. */
const DEMO = join(ROOT, 'fixtures', 'demo', 'cc-demo.csv');
const lines = readFileSync(DEMO, 'utf8').split('\n');

interface Summary {
  results: { error?: { code: string; message: string }; cycles?: { cycle: number; dischargeCapacityMAh: number | null; coulombicEfficiency: number | null }[] }[];
}

function summary(text: string, ...flags: string[]): { code: number; doc: Summary; stderr: string } {
  const file = join(tempDir('cyclekit-text-'), 'cell.csv');
  writeFileSync(file, text);
  const r = cli(['summary', '--json', ...flags, file]);
  return { code: r.code, doc: JSON.parse(r.stdout) as Summary, stderr: r.stderr };
}

/** The demo with `edit` applied to data lines `at` (1-based file lines). */
function edited(at: number[], edit: (line: string) => string): string {
  return lines.map((l, k) => (at.includes(k + 1) ? edit(l) : l)).join('\n');
}


withWorkerIsolation();

describe('rows with more fields than the header (case 8)', () => {
  const clean = summary(lines.join('\n'));
  // A time cell written with a decimal comma ("120,5") in a comma-separated file.
  const shift = (l: string): string => l.replace(/^(\d+)\.(\d+)/, '$1,$2');

  it('one such row is a bad row: skipped with a warning, the numbers those of the file without it', () => {
    expect(clean.code).toBe(0);
    const one = summary(edited([300], shift));
    expect(one.code).toBe(0);
    expect(one.stderr).toMatch(/warning: skipped 1 bad row\(s\) of 747; first at line 300: row has more fields than the 5 of the header/);
    const base = clean.doc.results[0]!.cycles!;
    const got = one.doc.results[0]!.cycles!;
    expect(got.map((c) => c.cycle)).toEqual(base.map((c) => c.cycle));
    // Never a voltage of hundreds of volts, a CE of 166 %: within 1 % of the clean file.
    for (const [k, c] of got.entries()) {
      expect(c.dischargeCapacityMAh!).toBeCloseTo(base[k]!.dischargeCapacityMAh!, 1);
      if (c.coulombicEfficiency !== null) expect(c.coulombicEfficiency).toBeLessThan(1.01);
    }
  });

  it('--strict fails on it; 35 of them are more than 1 % and refuse the file', () => {
    const strict = summary(edited([300], shift), '--strict');
    expect(strict.code).toBe(2);
    expect(strict.doc.results[0]!.error).toMatchObject({ code: 'E_VALUE' });
    expect(strict.doc.results[0]!.error!.message).toMatch(/more fields than the 5 of the header.*\(--strict\)/);
    const many = summary(edited(Array.from({ length: 35 }, (_, k) => 100 + 10 * k), shift));
    expect(many.code).toBe(2);
    expect(many.doc.results[0]!.error!.message).toMatch(/\(35 bad of 747 rows\)$/);
  });

  it('a trailing delimiter on every row is not an extra field', () => {
    const trailing = summary(lines.map((l, k) => (k > 0 && l.length > 0 ? `${l},` : l)).join('\n'));
    expect(trailing.code).toBe(0);
    expect(trailing.stderr).not.toMatch(/bad row/);
    expect(trailing.doc.results[0]!.cycles).toEqual(clean.doc.results[0]!.cycles);
  });
});

describe('physically implausible values are bad rows (case 10)', () => {
  it('1e308 V and −1e305 A are skipped and said, never reported', () => {
    for (const [edit, why] of [
      [(l: string) => l.replace(/^([^,]*),[^,]*/, '$1,1e308'), /voltage 1e\+308 V is not plausible/],
      [(l: string) => l.replace(/^([^,]*),([^,]*),[^,]*/, '$1,$2,-1e305'), /current -1e\+305 A is not plausible/],
    ] as const) {
      const r = summary(edited([200], edit));
      expect(r.code).toBe(0);
      expect(r.stderr).toMatch(why);
      expect(JSON.stringify(r.doc.results[0]!.cycles)).not.toMatch(/Infinity|e\+30\d/);
    }
  });
});

describe('a line that never ends (case 5)', () => {
  it('is refused at the line limit, in time linear in its length, on both row paths', () => {
    const tail = 'x'.repeat(3 * 1024 * 1024);
    // The byte path reads plain UTF-8 with a decimal point; a decimal comma goes through decoded strings.
    const commas = lines.map((l) => l.replace(/,/g, ';').replace(/\./g, ','));
    for (const [name, text] of [
      ['bytes', `${lines.join('\n')}\n0,${tail}`],
      ['strings', `${commas.join('\n')}\n0;${tail}`],
      ['bytes, line ended', `${lines.join('\n')}\n0,${tail}\n`],
      ['strings, line ended', `${commas.join('\n')}\n0;${tail}\n`],
    ]) {
      const started = performance.now();
      const r = cli(['summary', writeTempFile(text!)], { env: { CYCLEKIT_MAX_LINE_BYTES: String(1024 * 1024) } });
      expect(r.code, name).toBe(2);
      expect(r.stderr).toMatch(/: line \d+ runs on for more than \d+ (bytes|characters): over the limit on the length of one line or spreadsheet row \(1 MiB\); if the file is genuine, raise it with CYCLEKIT_MAX_LINE_BYTES=N\n$/);
      expect(performance.now() - started).toBeLessThan(10_000);
    }
    // convert reads outside the batch runner: its line names the file too.
    const file = writeTempFile(`${lines.join('\n')}\n0,${tail}\n`);
    const c = cli(['convert', file, '--to', 'csv'], { env: { CYCLEKIT_MAX_LINE_BYTES: String(1024 * 1024) } });
    expect(c.code).toBe(2);
    expect(c.stderr).toMatch(new RegExp(`^cyclekit: ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+: line \\d+ runs on`));
  });
});

function writeTempFile(text: string): string {
  const file = join(tempDir('cyclekit-text-'), 'long.csv');
  writeFileSync(file, text);
  return file;
}
