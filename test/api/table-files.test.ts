import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parquetMetadata, parquetReadObjects } from 'hyparquet';
import * as XLSX from '@e965/xlsx';
import { describe, expect, it } from 'vitest';
import { cli, REAL, ROOT, tempDir } from '../helpers/cli.js';

/**
 * Parquet and .xlsx output read back by independent readers (hyparquet, SheetJS): the same
 * column names as the CSV, the same values as the JSON to the last bit, and BDF's column names.
 */
const HEV = join(ROOT, 'fixtures', 'he-v', 'he-v-0.2C.csv');
const ARBIN_FULL = join(REAL, 'arbin', 'arbin_example.csv');

function buffer(path: string): ArrayBuffer {
  const b = readFileSync(path);
  return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
}

type Row = Record<string, unknown>;

describe('per-cycle tables as Parquet and .xlsx', () => {
  const dir = tempDir('cyclekit-tables-');
  const files = [HEV, join(ROOT, 'fixtures', 'he-v', 'nvp-0.2C.csv')];
  const json = JSON.parse(cli(['summary', '--json', '-q', ...files]).stdout) as { results: { file: string; format: string; massG: number; cycles: Row[] }[] };
  const csvHeader = cli(['summary', '--csv', '-q', ...files]).stdout.split('\n')[0]!.split(',');

  it('summary -o FILE.parquet: the CSV header as columns, the JSON values exactly, typed columns', async () => {
    const out = join(dir, 'summary.parquet');
    const r = cli(['summary', '-q', '-o', out, ...files]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('');
    const file = buffer(out);
    const schema = parquetMetadata(file).schema.slice(1);
    expect(schema.map((s) => s.name)).toEqual(csvHeader);
    const typeOf = (name: string): string => {
      const s = schema.find((x) => x.name === name)!;
      return `${s.type}${s.converted_type ? `/${s.converted_type}` : ''}`;
    };
    expect([typeOf('file'), typeOf('cycle'), typeOf('dischargeCapacityMAh'), typeOf('capacitySource'), typeOf('massG')]).toEqual(['BYTE_ARRAY/UTF8', 'INT32', 'DOUBLE', 'BYTE_ARRAY/UTF8', 'DOUBLE']);
    // A text column stays text when every value is absent (no cell.yaml states a cell type for a file without one).
    const bare = join(dir, 'bare.parquet');
    expect(cli(['summary', '-q', '-o', bare, join(ROOT, 'fixtures', 'demo', 'cc-demo.csv')]).code).toBe(0);
    const bareSchema = parquetMetadata(buffer(bare)).schema.slice(1);
    expect(bareSchema.map((s) => s.name)).toEqual(csvHeader);
    expect(bareSchema.find((s) => s.name === 'cellType')).toMatchObject({ type: 'BYTE_ARRAY', converted_type: 'UTF8' });
    expect(bareSchema.find((s) => s.name === 'massG')!.type).toBe('DOUBLE');
    const rows = (await parquetReadObjects({ file })) as Row[];
    const expected = json.results.flatMap((res) => res.cycles.map((c) => ({ file: res.file, ...c, format: res.format, massG: res.massG })));
    expect(rows).toHaveLength(expected.length);
    expect(rows.length).toBeGreaterThan(4);
    for (let i = 0; i < rows.length; i++) {
      for (const key of csvHeader.filter((k) => k in expected[i]!)) expect(rows[i]![key], `row ${i} ${key}`).toBe(expected[i]![key]);
    }
    // A value the CSV rounds (12 significant digits) comes back as the exact double.
    const ce = rows[0]!.coulombicEfficiency as number;
    expect(ce).toBe(json.results[0]!.cycles[0]!.coulombicEfficiency);
    expect(String(ce).replace('.', '').length).toBeGreaterThan(12);
  });

  it('summary --format parquet needs -o; --to xlsx writes a workbook whose cells are the JSON numbers', () => {
    const refused = cli(['summary', '--format', 'parquet', HEV]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/Parquet is binary: write it to a file with -o FILE\.parquet/);
    const out = join(dir, 'summary.xlsx');
    expect(cli(['summary', '-q', '-o', out, ...files]).code).toBe(0);
    const book = XLSX.read(readFileSync(out));
    expect(book.SheetNames).toEqual(['summary']);
    const rows = XLSX.utils.sheet_to_json<Row>(book.Sheets.summary!, { defval: null });
    expect(Object.keys(rows[0]!)).toEqual(csvHeader);
    const cycles = json.results[0]!.cycles;
    expect(rows[0]!.dischargeCapacityMAh).toBe(cycles[0]!.dischargeCapacityMAh);
    expect(rows[0]!.coulombicEfficiency).toBe(cycles[0]!.coulombicEfficiency);
    expect(rows[0]!.chargeSpecificCapacityMAhG).toBe(cycles[0]!.chargeSpecificCapacityMAhG);
  });

  it("CSV for European spreadsheets: --sep ';' --decimal ','", () => {
    const r = cli(['summary', '--csv', '-q', '--sep', ';', '--decimal', ',', HEV]);
    expect(r.code).toBe(0);
    const [header, first] = r.stdout.split('\n').map((l) => l.split(';'));
    expect(header).toEqual(csvHeader);
    const cell = (key: string): string => first![header!.indexOf(key)]!;
    expect(cell('dischargeCapacityMAh')).toBe('0,34');
    expect(cell('massG')).toBe('0,002');
    expect(cell('capacitySource')).toBe('file');
    const clash = cli(['summary', '--csv', '--decimal', ',', HEV]);
    expect(clash.code).toBe(2);
    expect(clash.stderr).toMatch(/--decimal , needs another field separator/);
  });
});

describe('convert --to bdf-parquet', () => {
  it('reads back with the BDF CSV column names and the same values, Unix time from an absolute start', async () => {
    const dir = tempDir('cyclekit-bdfpq-');
    // The first 400 records of the Arbin export (DateTime in Unix seconds), to keep the test quick.
    const ARBIN = join(dir, 'arbin_head.csv');
    writeFileSync(ARBIN, readFileSync(ARBIN_FULL, 'utf8').split('\n').slice(0, 401).join('\n') + '\n');
    const out = join(dir, 'arbin.bdf.parquet');
    const r = cli(['convert', ARBIN, '--to', 'bdf-parquet', '-o', out]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/'Unix Time \/ s' is derived: the file's start 2017-07-02T14:39:13\.000Z \(its first row\)/);
    const csv = cli(['convert', ARBIN, '--to', 'bdf', '-q']).stdout.trimEnd().split('\n');
    const header = csv[0]!.split(',');
    expect(header).toContain('Unix Time / s');
    const file = buffer(out);
    const schema = parquetMetadata(file).schema.slice(1);
    expect(schema.map((s) => s.name)).toEqual(header);
    expect(schema.find((s) => s.name === 'Cycle Count / 1')!.type).toBe('INT32');
    expect(schema.find((s) => s.name === 'Voltage / V')!.type).toBe('DOUBLE');
    const rows = (await parquetReadObjects({ file })) as Row[];
    expect(rows).toHaveLength(400);
    expect(csv).toHaveLength(401);
    for (let i = 0; i < rows.length; i++) {
      const cells = csv[i + 1]!.split(',');
      header.forEach((h, k) => {
        const want = h === 'Step Type' ? cells[k] : cells[k] === '' ? null : Number(cells[k]);
        if (rows[i]![h] !== want) expect(rows[i]![h], `row ${i + 1} ${h}`).toBe(want);
      });
    }
    // DateTime on the first row is 1499006353 (Unix seconds) at Test_Time 0; row 2 is 5.0275 s later.
    expect(rows[0]!['Unix Time / s']).toBe(1499006353);
    expect(rows[1]!['Unix Time / s']).toBe(1499006353 + 5.0275);
    expect(rows[0]!['Step Type']).toBe('CC_DCH');
  });

  it('a start time without a zone gives no Unix time column, and says why', () => {
    // BaSyTec's header states the start as local wall-clock time (MANIFEST: Date[0] 2023-06-19 17:56:53).
    const r = cli(['convert', join(REAL, 'basytec', 'sample_data_basytec.txt'), '--to', 'bdf']);
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')[0]).not.toMatch(/Unix Time/);
    expect(r.stderr).toMatch(/start time '19\.06\.2023 17:56:53' has no time zone, so no 'Unix Time \/ s' column/);
  });
});
