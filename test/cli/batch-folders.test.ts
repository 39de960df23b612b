import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli, REAL, ROOT, tempDir, writeTemp } from '../helpers/cli.js';

/**
 * A lab folder as it really looks: three cycler exports next to a LICENSE text and a PDF.
 * --skip-unknown turns the two non-data files into one-line notices; --include/--exclude pick
 * files by glob; a damaged cycler file still fails; errors stay one short line each.
 */
let dir = '';
const DATA = ['sample_data_arbin.csv', 'sample_data_maccor.csv', 'sample_data_basytec.txt'];

beforeAll(() => {
  dir = tempDir('cyclekit-folder-');
  mkdirSync(join(dir, 'raw'));
  copyFileSync(join(REAL, 'arbin', 'sample_data_arbin.csv'), join(dir, 'raw', DATA[0]!));
  copyFileSync(join(REAL, 'maccor', 'sample_data_maccor.csv'), join(dir, 'raw', DATA[1]!));
  copyFileSync(join(REAL, 'basytec', 'sample_data_basytec.txt'), join(dir, DATA[2]!));
  copyFileSync(join(ROOT, 'LICENSE'), join(dir, 'LICENSE'));
  // A PDF's first bytes: a text header line, then binary stream content.
  writeFileSync(join(dir, 'paper.pdf'), Buffer.concat([Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Length 64 >>\nstream\n', 'latin1'), Buffer.from(Array.from({ length: 600 }, (_, i) => (i * 37) % 256))]));
});

describe('summary -r over a folder with non-data files', () => {
  it('without --skip-unknown the LICENSE, the PDF and a reference table are errors (exit 2), one short line each, the format list once', () => {
    // A reference table next to the folder: a second file whose error would end with the format list.
    const table = writeTemp('references.csv', 'material,capacity\nNVP,117.6\n');
    const r = cli(['summary', '-r', '-q', '--json', dir, table]);
    expect(r.code).toBe(2);
    const results = (JSON.parse(r.stdout) as { results: { file: string; error?: { code: string; message: string } }[] }).results;
    expect(results).toHaveLength(6);
    expect(results.filter((x) => x.error).map((x) => x.error!.code).sort()).toEqual(['E_FORMAT', 'E_HEADER', 'E_HEADER']);
    // JSON keeps the whole message; stderr has it once, at the end.
    expect(results.find((x) => x.error?.code === 'E_HEADER')!.error!.message).toMatch(/--format \(cyclekit-csv, .*generic-csv\)/);
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatch(/LICENSE:1: no known layout.*--format \(known formats below\)$/);
    expect(lines[1]).toMatch(/paper\.pdf: binary content that no reader recognises/);
    expect(lines[2]).toMatch(/references\.csv:1: no known layout.*--format \(known formats below\)$/);
    expect(lines[3]).toMatch(/^cyclekit: known formats \(--format\): cyclekit-csv, .*neware-ndax.*generic-csv$/);
    for (const l of lines) expect(l.length).toBeLessThan(400);
    // One such error alone keeps its whole message on its one line.
    const single = cli(['summary', '-q', join(dir, 'LICENSE'), join(dir, 'raw', DATA[0]!)]);
    expect(single.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(single.stderr).toMatch(/--format \(cyclekit-csv, .*generic-csv\)$/m);
  });

  it('--skip-unknown: exit 0, three results, two notices', () => {
    const r = cli(['summary', '-r', '--skip-unknown', '--json', dir]);
    expect(r.code, r.stderr).toBe(0);
    const results = (JSON.parse(r.stdout) as { results: { file: string; format: string; error?: unknown }[] }).results;
    expect(results.map((x) => x.format)).toEqual(['arbin-csv', 'maccor', 'basytec']);
    expect(results.every((x) => x.error === undefined)).toBe(true);
    const notices = r.stderr.split('\n').filter((l) => l.includes('skipped'));
    expect(notices).toEqual([`cyclekit: ${join(dir, 'LICENSE')}: skipped: not a file any reader recognises (--skip-unknown)`, `cyclekit: ${join(dir, 'paper.pdf')}: skipped: not a file any reader recognises (--skip-unknown)`]);
  });

  it('--skip-unknown still fails a damaged cycler file, and a folder with no data at all', () => {
    const bad = tempDir('cyclekit-folder-bad-');
    const ndax = readFileSync(join(REAL, 'neware', 'test_2.ndax'));
    writeFileSync(join(bad, 'cut.ndax'), ndax.subarray(0, ndax.length >> 1));
    copyFileSync(join(ROOT, 'LICENSE'), join(bad, 'LICENSE'));
    const r = cli(['summary', '-r', '--skip-unknown', '-q', bad]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/cut\.ndax: .*(damaged|truncated|cut short|corrupt)/i);
    const none = cli(['summary', '-r', '--skip-unknown', '--exclude', '*.ndax', bad]);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/--skip-unknown: none of the 1 input file\(s\) is a cycler export/);
    // --format forces a reader on every file: nothing is detected, so nothing is skipped.
    const forced = cli(['summary', '--skip-unknown', '--format', 'arbin-csv', '-q', '--json', join(bad, 'LICENSE')]);
    expect(forced.code).toBe(2);
    expect(JSON.parse(forced.stdout).results[0].error.code).toBe('E_HEADER');
  });

  it('--include and --exclude globs: names without a slash, paths below the folder with one', () => {
    const files = (args: string[]): string[] => (JSON.parse(cli(['summary', '-r', '-q', '--json', ...args, dir]).stdout) as { results: { file: string }[] }).results.map((x) => x.file.slice(dir.length + 1));
    expect(files(['--include', '*.csv'])).toEqual(['raw/sample_data_arbin.csv', 'raw/sample_data_maccor.csv']);
    expect(files(['--include', 'raw/**'])).toEqual(['raw/sample_data_arbin.csv', 'raw/sample_data_maccor.csv']);
    expect(files(['--exclude', '*.pdf', '--exclude', 'LICENSE', '--exclude', '*maccor*'])).toEqual(['raw/sample_data_arbin.csv', 'sample_data_basytec.txt']);
    expect(files(['--include', '*.{txt,pdf}', '--exclude', '*.pdf'])).toEqual(['sample_data_basytec.txt']);
  });

  it('summary --csv ends each row with format, massG, massSource and cellType', () => {
    const r = cli(['summary', '-q', '--csv', join(ROOT, 'fixtures', 'he-v', 'he-v-0.2C.csv'), join(dir, DATA[2]!)]);
    expect(r.code).toBe(0);
    const [header, ...rows] = r.stdout.trimEnd().split('\n').map((l) => l.split(','));
    expect(header!.slice(-5)).toEqual(['capacitySource', 'format', 'massG', 'massSource', 'cellType']);
    const heV = rows.find((x) => x[0]!.endsWith('he-v-0.2C.csv'))!;
    // fixtures/he-v/he-v-0.2C.csv.cell.yaml: massMg 2, cellType half-cathode.
    expect(heV.slice(-4)).toEqual(['cyclekit-csv', '0.002', 'sidecar fixtures/he-v/he-v-0.2C.csv.cell.yaml'.replace('fixtures', join(ROOT, 'fixtures')), 'half-cathode']);
    const basytec = rows.filter((x) => x[0]!.endsWith(DATA[2]!));
    expect(basytec.length).toBeGreaterThan(0);
    // No mass; the cell type is inferred from the data (issue #16), never left blank.
    for (const row of basytec) expect(row.slice(-4)).toEqual(['basytec', '', '', 'half-cathode']);
  });
});
