/**
 * Detection reads content, never names: every real text export, copied to a file called `x`
 * (no extension) and `x.dat` (a wrong one), must still pick its vendor reader; `--format` forces.
 */
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectFormat, readProbe } from '../../src/ingest/open.js';
import { cli, tempDir } from '../helpers/cli.js';
import { readAll, real } from './read.js';

const EXPECTED: Record<string, string> = {
  'arbin/arbin_example.csv': 'arbin-csv',
  'arbin/sample_data_arbin.csv': 'arbin-csv',
  'basytec/sample_data_basytec.txt': 'basytec',
  'batterydata/p492-13-raw.csv': 'batterydata-csv',
  'batterydata/p492-13-summary.csv': 'batterydata-summary',
  'biologic/Sample_data_biologic_no_header.mpt': 'biologic-mpt',
  'biologic/Sample_data_biologic_timestamped.txt': 'biologic-mpt',
  'biologic/gcpl.issue_149.mpt': 'biologic-mpt',
  'biologic/gcpl.pr_182.1.mpt': 'biologic-mpt',
  'biologic/mb.issue_95.mpt': 'biologic-mpt',
  'biologic/mb.issue_95.de.mpt': 'biologic-mpt',
  'maccor/maccor_001.txt': 'maccor',
  'maccor/maccor_two.txt': 'maccor',
  'maccor/sample_data_maccor.csv': 'maccor',
  'maccor/PredictionDiagnostics_000151_test.052': 'maccor',
  'neware/neware_uio.csv': 'neware-csv',
  'novonix/sample_data_novonix.csv': 'novonix',
  'pec/pec.csv': 'pec',
};

describe('format detection from content only', () => {
  const dir = tempDir('cyclekit-detect-');
  for (const [file, reader] of Object.entries(EXPECTED)) {
    it(`${file} → ${reader}, also as 'x' and 'x.dat'`, async () => {
      for (const name of ['x', 'x.dat']) {
        const copy = join(dir, `${file.replace(/\W/g, '_')}-${name}`);
        copyFileSync(real(file), copy);
        const probe = await readProbe(copy, name);
        const found = detectFormat(probe, name);
        expect(found.reader.id).toBe(reader);
        expect(found.reason.length).toBeGreaterThan(10);
      }
    });
  }

  it('the layered Neware fixture is detected without its extension', async () => {
    const copy = join(dir, 'layered');
    copyFileSync(join(import.meta.dirname, 'fixtures', 'neware-layered.csv'), copy);
    expect(detectFormat(await readProbe(copy, 'layered'), 'layered').reader.id).toBe('neware-layered-csv');
  });

  it('--format forces a reader: a Neware file read by the generic reader still parses', async () => {
    const r = await readAll(real('neware/neware_uio.csv'), 'generic-csv');
    expect(r.header.format).toBe('generic-csv');
    expect(r.header.formatReason).toBe('forced with --format generic-csv');
    expect(r.stats.rows).toBe(9065);
  });
});

describe('binary cycler files are detected from their magic bytes, not their names', () => {
  const BINARY: Record<string, string> = {
    'arbin/20160805_test001_45_cc_01.res': 'arbin-res',
    'neware/new_nda_file.nda': 'neware-nda',
    'neware/test_2.ndax': 'neware-ndax',
    'neware/123456789012_Unit27_Example_Data_File.ndax': 'neware-ndax',
    'biologic/gcpl.issue_149.mpr': 'biologic-mpr',
    'biologic/gcpl.pr_182.1.mpr': 'biologic-mpr',
    'biologic/mb.issue_95.mpr': 'biologic-mpr',
    'biologic/jdb11-1_c3_gcpl_5cycles_2V-3p8V_C-24_data_C09.mpr': 'biologic-mpr',
    // and the spreadsheets, under a text extension
    'neware/custom_data_003.xls': 'neware-xls',
    'lanhe/custom_data_002.xlsx': 'land-xlsx',
  };

  it('every binary and spreadsheet file, copied as `x` through `inspect` and as `x.csv` through detection', async () => {
    const dir = tempDir('cyclekit-detect-bin-');
    const copies: string[] = [];
    const want: string[] = [];
    const lying: string[] = [];
    for (const [file, reader] of Object.entries(BINARY)) {
      const copy = join(dir, `${file.replace(/\W/g, '_')}-x`);
      copyFileSync(real(file), copy);
      copies.push(copy);
      want.push(reader);
      const csv = join(dir, `${file.replace(/\W/g, '_')}-x.csv`);
      copyFileSync(real(file), csv);
      lying.push(csv);
    }
    const r = cli(['inspect', '--json', '-q', '-j', '1', ...copies]);
    expect(r.code, r.stderr).toBe(0);
    const results = (JSON.parse(r.stdout) as { results: { file: string; format: string; rows: number }[] }).results;
    expect(results.map((x) => x.format)).toEqual(want);
    for (const x of results) expect(x.rows, x.file).toBeGreaterThan(0);
    // A .csv name does not fool detection, which reads the bytes (the same reader as above reads them).
    const detected = await Promise.all(lying.map(async (f) => detectFormat(await readProbe(f, f), f).reader.id));
    expect(detected).toEqual(want);
  });
});
