import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeAtomically } from '../../src/util/atomic-write.js';
import { REAL, cli, tempDir } from '../helpers/cli.js';

interface Summary {
  format: string;
  cycleRule: string;
  cycles: Record<string, number | string | null>[];
}

function summary(path: string): Summary {
  // The same explicit mass on both sides: BDF has no column for a mass the original file states.
  const r = cli(['summary', path, '--json', '--mass', '1mg', '-q']);
  expect(r.code, r.stderr).toBe(0);
  return (JSON.parse(r.stdout) as { results: Summary[] }).results[0]!;
}

function convert(path: string, to: 'bdf' | 'csv', out: string): void {
  const r = cli(['convert', path, '--to', to, '-o', out, '-q']);
  expect(r.code, r.stderr).toBe(0);
}

/** Every per-cycle number equal within 1e-12 relative (measured: bit-identical); nulls stay null. */
function expectSameCycles(original: Summary, back: Summary): void {
  expect(back.cycles.map((c) => c.cycle)).toEqual(original.cycles.map((c) => c.cycle));
  original.cycles.forEach((c, i) => {
    const d = back.cycles[i]!;
    for (const [key, value] of Object.entries(c)) {
      const other = d[key];
      if (typeof value === 'number' && typeof other === 'number') {
        expect(Math.abs(value - other), `cycle ${c.cycle} ${key}: ${value} vs ${other}`).toBeLessThanOrEqual(1e-12 * Math.abs(value));
      } else expect(other, `cycle ${c.cycle} ${key}`).toEqual(value);
    }
  });
}

const FILES = [
  'neware/neware_uio.csv',
  'arbin/arbin_example.csv',
  'biologic/gcpl.issue_149.mpt',
  'neware/custom_data_003.xls',
  // The workbooks' path: one .xls and one .xlsx. LAND's 1.9 MB workbook takes the same path at
  // four times the cost; its records are checked against its own Cycle-Tab in test/ingest/sheet.
  'arbin/bs542_004_gr_li_50ua_50mv_1v_191020_Channel_11.xlsx',
];

describe('convert --to bdf, then summary, gives the summary of the original', () => {
  for (const rel of FILES) {
    it(rel, () => {
      const dir = tempDir();
      const original = summary(join(REAL, rel));
      const bdf = join(dir, 'out.bdf.csv');
      convert(join(REAL, rel), 'bdf', bdf);
      const back = summary(bdf);
      expect(back.format).toBe('bdf');
      expect(back.cycles.length).toBeGreaterThan(0);
      expectSameCycles(original, back);
      // Atomic write: nothing but the output is left in the directory.
      expect(readdirSync(dir)).toEqual(['out.bdf.csv']);
    });
  }
});

describe('the canonical CSV round-trips too', () => {
  it('original → csv → summary, and csv → bdf → summary (Neware flat CSV)', () => {
    const dir = tempDir();
    const source = join(REAL, 'neware', 'neware_uio.csv');
    const original = summary(source);
    const csv = join(dir, 'canonical.csv');
    convert(source, 'csv', csv);
    expect(readFileSync(csv, 'utf8').split('\n', 1)[0]).toBe('timeS,voltageV,currentA,capacityAh,energyWh,cycle,step,stepKind,temperatureC');
    const fromCsv = summary(csv);
    expect(fromCsv.format).toBe('cyclekit-csv');
    expectSameCycles(original, fromCsv);
    const bdf = join(dir, 'again.csv');
    convert(csv, 'bdf', bdf);
    expectSameCycles(original, summary(bdf));
  });
});

describe('convert output', () => {
  it('writes BDF 1.3 columns to stdout without -o, positive current = charge, cycles not renumbered', () => {
    const r = cli(['convert', join(REAL, 'neware', 'custom_data_003.xls'), '--to', 'bdf']);
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    const header = lines[0]!.split(',');
    expect(header.slice(0, 5)).toEqual(['Test Time / s', 'Voltage / V', 'Current / A', 'Cycle Count / 1', 'Step Count / 1']);
    expect(header).toContain('Step Type');
    expect(header).toContain('Step Charging Capacity / Ah');
    expect(header).toContain('Discharging Capacity / Ah');
    expect(lines).toHaveLength(2944);
    const col = (name: string): number => header.indexOf(name);
    const rows = lines.slice(1).map((l) => l.split(','));
    // The Neware cycle column (1…14) is kept as written; discharge steps carry negative current.
    expect(new Set(rows.map((x) => x[col('Cycle Count / 1')]))).toEqual(new Set(Array.from({ length: 14 }, (_, i) => String(i + 1))));
    for (const x of rows) {
      if (x[col('Step Type')]!.endsWith('_DCH')) expect(Number(x[col('Current / A')])).toBeLessThanOrEqual(0);
      if (x[col('Step Type')]!.endsWith('_CHG')) expect(Number(x[col('Current / A')])).toBeGreaterThanOrEqual(0);
    }
    // Cumulative capacity never decreases and ends at the sum of all discharges.
    const dis = rows.map((x) => Number(x[col('Discharging Capacity / Ah')]));
    for (let i = 1; i < dis.length; i++) expect(dis[i]!).toBeGreaterThanOrEqual(dis[i - 1]!);
    expect(r.stderr).toMatch(/active mass of 1\.0450 mg, which BDF has no column for/);
  });

  it('leaves no file when the input cannot be read, and keeps an existing output untouched', () => {
    const dir = tempDir();
    const broken = join(dir, 'broken.xlsx');
    writeFileSync(broken, Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(200)]));
    const out = join(dir, 'out.csv');
    writeFileSync(out, 'previous');
    const r = cli(['convert', broken, '--to', 'bdf', '-o', out]);
    expect(r.code).toBe(2);
    expect(readFileSync(out, 'utf8')).toBe('previous');
    expect(readdirSync(dir).sort()).toEqual(['broken.xlsx', 'out.csv']);
  });

  it('writes whole or not at all when the producer fails midway', async () => {
    const dir = tempDir();
    const out = join(dir, 'out.csv');
    await expect(
      writeAtomically(out, async (write) => {
        await write('a,b\n1,2\n');
        throw new Error('disk on fire');
      }),
    ).rejects.toThrow(/disk on fire/);
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('refuses a missing --to', () => {
    const r = cli(['convert', join(REAL, 'neware', 'neware_uio.csv')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--to/);
  });
});
