#!/usr/bin/env node
// Full-size reproductions of issue #17 (GB-scale inputs), too slow and too large for `npm test`
// (test/hostile/ runs small versions). Each case is generated in a temporary folder, run as its
// own process under GNU time, and reported with its exit code, wall time, peak RSS and stderr's
// first line. Acceptance: exit 2 with one line (or exit 0), < 30 s, < 500 MB.
// Usage: node bench/hostile.mjs [case-name ...]   (the folder is removed at the end)
import { spawn } from 'node:child_process';
import { createWriteStream, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { once } from 'node:events';
import { createDeflateRaw, deflateRawSync } from 'node:zlib';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const BIN = join(ROOT, 'bin', 'cyclekit.js');
const DIR = mkdtempSync(join(tmpdir(), 'cyclekit-hostile-bench-'));
const MiB = 1024 * 1024;
const GiB = 1024 * MiB;

/** A minimal ZIP writer (no zip64): members given as already-deflated bodies with their real size and CRC. */
function zip(members) {
  const parts = [];
  const central = [];
  let offset = 0;
  for (const m of members) {
    const name = Buffer.from(m.name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(m.crc, 14);
    local.writeUInt32LE(m.body.length, 18);
    local.writeUInt32LE(m.size, 22);
    local.writeUInt16LE(name.length, 26);
    const c = Buffer.alloc(46);
    c.writeUInt32LE(0x02014b50, 0);
    c.writeUInt16LE(20, 4);
    c.writeUInt16LE(20, 6);
    c.writeUInt16LE(8, 10);
    c.writeUInt32LE(m.crc, 16);
    c.writeUInt32LE(m.body.length, 20);
    c.writeUInt32LE(m.size, 24);
    c.writeUInt16LE(name.length, 28);
    c.writeUInt32LE(offset, 42);
    parts.push(local, name, m.body);
    central.push(c, name);
    offset += 30 + name.length + m.body.length;
  }
  const cd = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(members.length, 8);
  end.writeUInt16LE(members.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...parts, cd, end]);
}

/** `repeat` copies of `unit` deflated as a stream (never held inflated), with the CRC of the whole. */
async function deflatedRepeat(unit, repeat, prefix = Buffer.alloc(0), suffix = Buffer.alloc(0)) {
  const { crc32 } = await import('node:zlib');
  const chunks = [];
  const d = createDeflateRaw({ level: 9 });
  d.on('data', (c) => chunks.push(c));
  let crc = crc32(prefix);
  d.write(prefix);
  const block = Buffer.concat(Array.from({ length: Math.max(1, Math.floor(MiB / unit.length)) }, () => unit));
  const perBlock = block.length / unit.length;
  let left = repeat;
  while (left > 0) {
    const n = Math.min(left, perBlock);
    const piece = n === perBlock ? block : block.subarray(0, n * unit.length);
    crc = crc32(piece, crc);
    if (!d.write(piece)) await once(d, 'drain');
    left -= n;
  }
  crc = crc32(suffix, crc);
  d.end(suffix);
  await once(d, 'end');
  return { body: Buffer.concat(chunks), size: prefix.length + repeat * unit.length + suffix.length, crc };
}

function member(name, text) {
  const data = Buffer.from(text);
  return { name, body: deflateRawSync(data), size: data.length, crc: crcOf(data) };
}

let crcOf;

const WORKBOOK = '<workbook xmlns:r="r"><sheets><sheet name="Channel_1_1" sheetId="1" r:id="rId1"/></sheets></workbook>';
const RELS = '<Relationships><Relationship Id="rId1" Target="worksheets/sheet1.xml"/></Relationships>';
const HEADER_ROW = '<row r="1"><c r="A1" t="inlineStr"><is><t>Test_Time(s)</t></is></c><c r="B1" t="inlineStr"><is><t>Voltage(V)</t></is></c><c r="C1" t="inlineStr"><is><t>Current(A)</t></is></c><c r="D1" t="inlineStr"><is><t>Cycle_Index</t></is></c></row>';

const CASES = {
  async 'xlsx-column-ZZZZZZ'() {
    const sheet = `<worksheet><sheetData>${HEADER_ROW}<row r="2"><c r="ZZZZZZ2"><v>1</v></c></row></sheetData></worksheet>`;
    writeFileSync(join(DIR, 'zz.xlsx'), zip([member('xl/workbook.xml', WORKBOOK), member('xl/_rels/workbook.xml.rels', RELS), member('xl/worksheets/sheet1.xml', sheet)]));
    return ['summary', join(DIR, 'zz.xlsx')];
  },
  async 'xlsx-unclosed-row-800MB'() {
    const sheet = await deflatedRepeat(Buffer.from('<c><v>1</v></c>'), Math.floor((3 * GiB) / 15 / 4), Buffer.from(`<worksheet><sheetData>${HEADER_ROW}<row r="2">`));
    writeFileSync(join(DIR, 'unclosed.xlsx'), zip([member('xl/workbook.xml', WORKBOOK), member('xl/_rels/workbook.xml.rels', RELS), { name: 'xl/worksheets/sheet1.xml', ...sheet }]));
    return ['summary', join(DIR, 'unclosed.xlsx')];
  },
  async 'xlsx-sharedStrings-2GiB'() {
    const strings = await deflatedRepeat(Buffer.from('<si><t>aaaaaaaa</t></si>'), Math.floor((2 * GiB - 64) / 25), Buffer.from('<sst>'), Buffer.from('</sst>'));
    const sheet = `<worksheet><sheetData>${HEADER_ROW}</sheetData></worksheet>`;
    writeFileSync(join(DIR, 'sst.xlsx'), zip([member('xl/workbook.xml', WORKBOOK), member('xl/_rels/workbook.xml.rels', RELS), { name: 'xl/sharedStrings.xml', ...strings }, member('xl/worksheets/sheet1.xml', sheet)]));
    return ['summary', join(DIR, 'sst.xlsx')];
  },
  async 'ndax-bomb-4x1GiB'() {
    const zeros = await deflatedRepeat(Buffer.alloc(4096), GiB / 4096);
    writeFileSync(join(DIR, 'bomb.ndax'), zip([member('Step.xml', '<root/>'), ...['data.ndc', 'data_runInfo.ndc', 'data_step.ndc', 'data_AUX_1_1_1.ndc'].map((name) => ({ name, ...zeros }))]));
    return ['summary', join(DIR, 'bomb.ndax')];
  },
  async 'csv-line-256MiB'() {
    const out = createWriteStream(join(DIR, 'long.csv'));
    out.write('Test Time (s),Voltage (V),Current (A)\n0,3.0,0.001\n1,');
    const block = Buffer.alloc(MiB, 0x37);
    for (let k = 0; k < 256; k++) if (!out.write(block)) await once(out, 'drain');
    out.end('\n');
    await once(out, 'finish');
    return ['summary', join(DIR, 'long.csv')];
  },
  async 'stdin-1GiB-one-line'() {
    return { args: ['summary', '-'], stdinBytes: GiB };
  },
  async 'sidecar-100MB'() {
    writeFileSync(join(DIR, 'a.csv'), 'Test Time (s),Voltage (V),Current (A)\n0,3.0,0.001\n10,3.1,0.001\n');
    writeFileSync(join(DIR, 'cell.json'), `{"formula": "${'x'.repeat(100 * 1000 * 1000)}"}`);
    return ['summary', join(DIR, 'a.csv')];
  },
  async 'spec-50MB'() {
    writeFileSync(join(DIR, 'spec.yaml'), `# ${'x'.repeat(50 * 1000 * 1000)}\nrules: []\n`);
    return ['check', '--spec', join(DIR, 'spec.yaml'), join(ROOT, 'fixtures', 'demo', 'cc-demo.csv')];
  },
};

async function run(name) {
  const made = await CASES[name]();
  const { args, stdinBytes } = Array.isArray(made) ? { args: made } : made;
  const child = spawn('/usr/bin/time', ['-f', '%e %M', process.execPath, BIN, ...args], { stdio: [stdinBytes ? 'pipe' : 'ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (c) => (stderr += c));
  if (stdinBytes) {
    const block = Buffer.alloc(MiB, 0x37);
    child.stdin.on('error', () => {});
    child.stdin.write('Test Time (s),Voltage (V),Current (A)\n0,');
    for (let k = 0; k < stdinBytes / MiB && child.exitCode === null; k++) if (!child.stdin.write(block)) await once(child.stdin, 'drain');
    child.stdin.end();
  }
  const [code] = await once(child, 'exit');
  const lines = stderr.trimEnd().split('\n');
  const [seconds, kb] = lines.pop().split(' ').map(Number);
  const first = lines.find((l) => !l.includes('Command exited')) ?? '';
  console.log(`${name.padEnd(24)} exit ${String(code).padEnd(3)} ${seconds.toFixed(1).padStart(6)} s ${(kb / 1024).toFixed(0).padStart(5)} MB  ${lines.filter((l) => !l.includes('Command exited')).length} line(s)  ${first.slice(0, 160)}`);
}

crcOf = (await import('node:zlib')).crc32;
if (!crcOf) throw new Error('needs Node ≥ 20.15 (zlib.crc32)');
try {
  for (const name of process.argv.length > 2 ? process.argv.slice(2) : Object.keys(CASES)) await run(name);
} finally {
  rmSync(DIR, { recursive: true, force: true });
}
