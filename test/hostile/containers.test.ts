import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deflateRawSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli, cliMeasured, REAL, tempDir } from '../helpers/cli.js';
import { arbinRows, inlineRow, worksheet, xlsx, zip } from './zip.js';
import { withWorkerIsolation } from './isolation.js';

/**
 * Issue #17, crashes and hangs: hostile containers generated here (a few KB each on disk),
 * read in one batch beside a good workbook. Each must be refused in one line (exit 2), the
 * good file must still be read, and time and memory must stay bounded.
 */
interface Case {
  name: string;
  bytes: Buffer;
  code: string;
  message: RegExp;
}

const MiB = 1024 * 1024;
const rows = arbinRows();

function cases(): Case[] {
  const zeros50 = deflateRawSync(Buffer.alloc(50 * MiB));
  const custom003 = readFileSync(join(REAL, 'neware', 'custom_data_003.xls'));
  // One byte pattern of the last DIMENSIONS record (MANIFEST: 2 944 rows in the Detail sheet) now claims 2.45e9 rows.
  const xls = Buffer.from(custom003);
  xls.writeUInt32LE(2_450_000_000, 84884 + 8);
  expect(custom003.readUInt32LE(84884 + 8)).toBe(2944);
  // The Arbin .res's MSysObjects definition page (page 2 of 4 KiB) names itself as its continuation.
  const res = Buffer.from(readFileSync(join(REAL, 'arbin', '20160805_test001_45_cc_01.res')));
  expect(res[2 * 4096]).toBe(0x02);
  res.writeUInt32LE(2, 2 * 4096 + 4);
  return [
    { name: 'column-zzzzzz.xlsx', bytes: xlsx(worksheet([...rows.slice(0, 5), '<row r="6"><c r="ZZZZZZ6"><v>1</v></c></row>', ...rows.slice(5)])), code: 'E_LIMIT', message: /columns in a spreadsheet.*CYCLEKIT_MAX_SHEET_COLUMNS/ },
    { name: 'column-zzzz-every-row.xlsx', bytes: xlsx(worksheet(rows.map((r, k) => r.replace('</row>', `<c r="ZZZZ${k + 1}"><v>1</v></c></row>`)))), code: 'E_LIMIT', message: /CYCLEKIT_MAX_SHEET_COLUMNS/ },
    {
      name: 'unclosed-row.xlsx',
      // 1.2 MB of varied cells in a row that never closes, against a 1 MiB line limit (set below).
      bytes: xlsx(worksheet([...rows.slice(0, 10), `<row r="11">${Array.from({ length: 70_000 }, (_, k) => `<c><v>${(k * 7919) % 100_003}</v></c>`).join('')}`], false)),
      code: 'E_LIMIT',
      message: /length of one line or spreadsheet row.*CYCLEKIT_MAX_LINE_BYTES/,
    },
    { name: 'bomb-honest.xlsx', bytes: xlsx(worksheet(rows), { members: [{ name: 'xl/media/zeros.bin', data: Buffer.alloc(0), compressed: zeros50, declaredSize: 50 * MiB }] }), code: 'E_LIMIT', message: /CYCLEKIT_MAX_INFLATE_RATIO/ },
    { name: 'bomb-lying.xlsx', bytes: xlsx(worksheet(rows), { sheetMember: { compressed: zeros50, declaredSize: 40_000 } }), code: 'E_CORRUPT', message: /inflates to more than the 40000 bytes/ },
    { name: 'bad-crc.xlsx', bytes: xlsx(worksheet(rows), { sheetMember: { crc: 0x12345678 } }), code: 'E_CORRUPT', message: /CRC-32/ },
    { name: 'sheet-cut-short.xlsx', bytes: xlsx(worksheet(rows.slice(0, 40), false)), code: 'E_CORRUPT', message: /ends before its <\/sheetData>/ },
    { name: 'bad-codepoint.xlsx', bytes: xlsx(worksheet(rows), { sharedStrings: '<sst><si><t>&#x110000;</t></si></sst>' }), code: 'E_CORRUPT', message: /not a character/ },
    {
      name: 'two-workbooks.xlsx',
      bytes: xlsx(worksheet(rows), { members: [{ name: 'xl/workbook.xml', data: Buffer.from('<workbook><sheets><sheet name="Other" r:id="rId9"/></sheets></workbook>') }] }),
      code: 'E_CORRUPT',
      message: /two members named 'xl\/workbook.xml'/,
    },
    {
      name: 'bomb.ndax',
      bytes: zip([
        { name: 'Step.xml', data: Buffer.from('<root/>') },
        ...[1, 2, 3, 4].map((k) => ({ name: k === 1 ? 'data.ndc' : `data_${k}.ndc`, data: Buffer.alloc(0), compressed: zeros50, declaredSize: 50 * MiB })),
      ]),
      code: 'E_LIMIT',
      message: /CYCLEKIT_MAX_INFLATE_RATIO/,
    },
    { name: 'dimensions.xls', bytes: xls, code: 'E_LIMIT', message: /declares 2450000000 rows.*CYCLEKIT_MAX_SHEET_ROWS/ },
    { name: 'self-page.res', bytes: res, code: 'E_CORRUPT', message: /loops back to page 2/ },
  ];
}

const sha = (path: string): string => createHash('sha256').update(readFileSync(path)).digest('hex');


withWorkerIsolation();

describe('hostile containers (issue #17, cases 1–5, 9, 15, 16)', () => {
  let dir: string;
  let list: Case[];
  let good: string;
  beforeAll(() => {
    dir = tempDir('cyclekit-hostile-');
    list = cases();
    good = join(dir, 'a-good.xlsx');
    writeFileSync(good, xlsx(worksheet(rows)));
    for (const c of list) writeFileSync(join(dir, c.name), c.bytes);
  });

  it('each is refused in one line beside a good workbook; bounded time and memory; nothing changed or left', () => {
    // Generated on disk small: the bombs are tens of KB.
    for (const c of list) if (!c.name.endsWith('.res')) expect(c.bytes.length, c.name).toBeLessThan(700_000);
    const before = new Map(readdirSync(dir).map((f) => [f, sha(join(dir, f))]));
    const started = performance.now();
    // Its own process: the memory bound is that process's peak (the worker threads included).
    const r = cliMeasured(['summary', '--json', '-j', '1', good, ...list.map((c) => join(dir, c.name))], { env: { CYCLEKIT_MAX_LINE_BYTES: String(MiB), CYCLEKIT_ISOLATE: 'on' } });
    const seconds = (performance.now() - started) / 1000;
    expect(r.code).toBe(2);
    const doc = JSON.parse(r.stdout) as { results: ({ file: string; error?: { code: string; message: string }; cycles?: { dischargeCapacityMAh: number }[] })[] };
    // The good workbook: 2 cycles, 200 s at 1 mA each discharge = 0.0556 mAh.
    const ok = doc.results[0]!;
    expect(ok.error).toBeUndefined();
    expect(ok.cycles).toHaveLength(2);
    for (const c of ok.cycles!) expect(c.dischargeCapacityMAh).toBeCloseTo((200 * 1) / 3600, 6);
    for (const [k, c] of list.entries()) {
      const res = doc.results[k + 1]!;
      expect(res.file.endsWith(c.name), c.name).toBe(true);
      expect(res.error?.code, `${c.name}: ${res.error?.message}`).toBe(c.code);
      expect(res.error?.message, c.name).toMatch(c.message);
    }
    // One line per refused file on stderr, each naming its file; no stack, no library noise.
    const lines = r.stderr.trimEnd().split('\n').filter((l) => !l.includes(': warning: '));
    expect(lines).toHaveLength(list.length);
    for (const [k, c] of list.entries()) expect(lines[k]).toMatch(new RegExp(`^cyclekit: ${join(dir, c.name).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: `));
    expect(seconds).toBeLessThan(30);
    expect(r.peakRssMB).toBeLessThan(500);
    expect(new Map(readdirSync(dir).map((f) => [f, sha(join(dir, f))]))).toEqual(before);
  });

  it('a file that exhausts its worker fails alone, at -j 1 too, and the batch goes on', () => {
    const xls = join(REAL, 'neware', 'custom_data_003.xls');
    const csv = join(REAL, 'arbin', 'arbin_example.csv');
    const timed = cli(['summary', '--json', '-j', '1', '--no-cache', xls, csv], { env: { CYCLEKIT_MAX_SECONDS: '0.001' } });
    expect(timed.code).toBe(2);
    const doc = JSON.parse(timed.stdout) as { results: { error?: { code: string; message: string }; cycles?: unknown[] }[] };
    expect(doc.results[0]!.error?.code).toBe('E_LIMIT');
    expect(doc.results[0]!.error?.message).toMatch(/time for reading one file.*CYCLEKIT_MAX_SECONDS/);
    // MANIFEST: arbin_example.csv holds 2 cycles (a text file: read in this thread, no cap).
    expect(doc.results[1]!.cycles).toHaveLength(2);
    const heap = cli(['summary', '-j', '1', '--no-cache', xls, csv], { env: { CYCLEKIT_MAX_HEAP_MB: '16' } });
    expect(heap.code).toBe(2);
    expect(heap.stderr.trimEnd().split('\n').filter((l) => !l.includes(': warning: '))).toEqual([
      `cyclekit: ${xls}: reading the file needed more memory than allowed: over the limit on the memory for reading one file (16 MB); if the file is genuine, raise it with CYCLEKIT_MAX_HEAP_MB=N`,
    ]);
    // MANIFEST: arbin_example.csv holds 2 cycles.
    expect(heap.stdout).toContain('arbin-csv · 2 cycles');
  });

  it('small helpers stay honest: inlineRow writes what the sheet reader reads', () => {
    expect(inlineRow(3, [1, 'x'])).toBe('<row r="3"><c r="A3"><v>1</v></c><c r="B3" t="inlineStr"><is><t>x</t></is></c></row>');
  });
});
