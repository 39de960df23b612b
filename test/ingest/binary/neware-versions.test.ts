import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliDecompressSync } from 'node:zlib';
import { parquetReadObjects } from 'hyparquet';
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeNda } from '../../../src/ingest/formats/neware-nda.js';
import { decodeNdaxFile } from '../../../src/ingest/formats/neware-ndax.js';
import type { NewareTable } from '../../../src/ingest/binary/neware-table.js';
import { cli, REAL, tempDir } from '../../helpers/cli.js';
import { programmeRuleBreaks } from './neware-reference.js';

/**
 * Every Neware binary layout in fixtures/real against the cycler software's own export
 * (BTSDA, `expected/*.btsda_reference.parquet`, record by record) and its per-cycle table
 * (`expected/*.btsda_cycles.csv`): row count, cycle numbering, per-cycle capacities.
 * Facts and their sources: fixtures/real/MANIFEST.md, development set 2.
 */
const DIR = join(REAL, 'neware');

type Row = Record<string, number | string | Date>;

async function btsda(stem: string): Promise<Row[]> {
  const buf = readFileSync(join(DIR, 'expected', `${stem}.btsda_reference.parquet`));
  const file = buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.length);
  // The references are Brotli-compressed; Node's zlib decompresses them.
  return (await parquetReadObjects({ file, columns: COLUMNS, compressors: { BROTLI: (input: Uint8Array) => new Uint8Array(brotliDecompressSync(input)) } })) as Row[];
}

function cyclesCsv(stem: string): { cycle: number; records: number; chargeMAh: number; dischargeMAh: number }[] {
  const lines = readFileSync(join(DIR, 'expected', `${stem}.btsda_cycles.csv`), 'utf8').split('\n').filter((l) => l.trim().length > 0);
  if (lines.length === 0) return [];
  const head = lines[0]!.split(',');
  const col = (name: string): number => head.indexOf(name);
  return lines.slice(1).map((l) => {
    const c = l.split(',');
    return { cycle: Number(c[col('cycle')]), records: Number(c[col('records')]), chargeMAh: Number(c[col('charge_mAh')]), dischargeMAh: Number(c[col('discharge_mAh')]) };
  });
}

function decode(file: string): NewareTable {
  const bytes = new Uint8Array(readFileSync(join(DIR, file)));
  return (file.endsWith('.nda') ? decodeNda : decodeNdaxFile)(bytes, file).table;
}

/** One file per layout version the repository holds (MANIFEST, set 2). */
const FILES = [
  { file: 'nda_v22.nda', stem: 'nda_v22', version: '.nda 22', rows: 1380, cycles: 1 },
  { file: 'SIM.nda', stem: 'SIM', version: '.nda 29', rows: 108642, cycles: 100 },
  { file: 'SINTEF__G20M7_BTS91.nda', stem: 'SINTEF__G20M7_BTS91', version: '.nda 130 (BTS 9.1)', rows: 17587, cycles: 1 },
  { file: '46_1_5_60_bts16.ndax', stem: '46_1_5_60_bts16', version: '.ndc 16', rows: 84, cycles: 1 },
  { file: 'scrubbed_ndc2.ndax', stem: 'scrubbed_ndc2', version: '.ndc 2', rows: 28, cycles: 1 },
  { file: 'nw4-120-1-6-53.ndax', stem: 'nw4-120-1-6-53', version: '.ndc 14, multi-part', rows: 18700, cycles: 150 },
  { file: 'empty.ndax', stem: 'empty', version: '.ndc 14, no records', rows: 0, cycles: 0 },
];

/** What the record-by-record comparison reads of each BTSDA export. */
const COLUMNS = ['Cycle Index', 'Step Index', 'Step Count', 'Time', 'Voltage(mV)', 'Current(uA)', 'Capacity(mAs)'];

describe('Neware binaries read as BTSDA exports them, record by record', () => {
  // SIM.nda (108,642 rows) is left to the per-cycle record counts below, to keep the suite fast.
  for (const f of FILES.filter((x) => x.file !== 'SIM.nda')) {
    it(`${f.file} (${f.version}): ${f.rows} rows, cycle and step index, time, V, I, capacity`, async () => {
      const t = decode(f.file);
      const ref = await btsda(f.stem);
      expect(ref).toHaveLength(f.rows);
      expect(t.index).toHaveLength(f.rows);
      const bad: string[] = [];
      const near = (got: number, want: number, abs: number, rel: number): boolean => Math.abs(got - want) <= abs + rel * Math.abs(want);
      ref.forEach((r, i) => {
        if (t.cycle[i] !== r['Cycle Index']) bad.push(`row ${i + 1} cycle ${t.cycle[i]} vs ${r['Cycle Index']}`);
        if (t.stepIndex[i] !== r['Step Index']) bad.push(`row ${i + 1} step index ${t.stepIndex[i]} vs ${r['Step Index']}`);
        if (t.step[i] !== r['Step Count']) bad.push(`row ${i + 1} step count ${t.step[i]} vs ${r['Step Count']}`);
        if (!near(t.timeS[i]!, r.Time as number, 1e-3, 1e-9)) bad.push(`row ${i + 1} time ${t.timeS[i]} vs ${r.Time}`);
        if (!near(t.voltageV[i]! * 1000, r['Voltage(mV)'] as number, 0.051, 1e-6)) bad.push(`row ${i + 1} voltage ${t.voltageV[i]} vs ${r['Voltage(mV)']} mV`);
        // BTSDA prints voltage in 0.1 mV, current in whole µA and capacity in whole mAs.
        if (!near(t.currentMA[i]! * 1000, r['Current(uA)'] as number, 0.5, 1e-6)) bad.push(`row ${i + 1} current ${t.currentMA[i]} mA vs ${r['Current(uA)']} µA`);
        const capMAs = Math.abs(t.chargeMAh[i]! - t.dischargeMAh[i]!) * 3600;
        if (!near(capMAs, Math.abs(r['Capacity(mAs)'] as number), 0.5, 1e-5)) bad.push(`row ${i + 1} capacity ${capMAs} vs ${r['Capacity(mAs)']} mAs`);
      });
      expect(bad.slice(0, 5)).toEqual([]);
      expect(new Set(t.cycle).size).toBe(f.cycles);
      // BTSDA's cycle follows the test programme: a new cycle exactly where the step index does not rise.
      expect(programmeRuleBreaks(t).slice(0, 5)).toEqual([]);
    });
  }
});

describe('Neware cycles are the cycler\'s own index, and the summary uses them', () => {
  let results: Record<string, { cycleRule: string; cycles: { cycle: number; records: number; chargeCapacityMAh: number | null; dischargeCapacityMAh: number | null }[]; warnings: string[] }>;
  let code: number;
  beforeAll(() => {
    const r = cli(['summary', '--json', ...FILES.map((f) => join(DIR, f.file))]);
    code = r.code;
    results = {};
    for (const res of JSON.parse(r.stdout).results) results[String(res.file).slice(DIR.length + 1)] = res;
  });

  it('every file reads (exit 0), numbered by the file\'s cycle index', () => {
    expect(code).toBe(0);
    for (const f of FILES.filter((x) => x.rows > 0)) {
      expect(results[f.file]!.cycleRule, f.file).toMatch(/^file: the cycler's own cycle index/);
    }
  });

  // SIM.nda is checked by its throughput below: its BTSDA table counts Chg/DChg step types only.
  for (const f of FILES.filter((x) => x.rows > 0 && x.file !== 'SIM.nda')) {
    it(`${f.file}: cycles, records and charge/discharge per cycle within 0.1 % of BTSDA`, () => {
      const want = cyclesCsv(f.stem);
      const got = results[f.file]!.cycles;
      expect(want.length).toBe(f.cycles);
      expect(got.map((c) => c.cycle)).toEqual(want.map((c) => c.cycle));
      expect(got.map((c) => c.records)).toEqual(want.map((c) => c.records));
      const off: string[] = [];
      want.forEach((w, k) => {
        const g = got[k]!;
        for (const [ours, theirs, what] of [[g.chargeCapacityMAh ?? 0, w.chargeMAh, 'charge'], [g.dischargeCapacityMAh ?? 0, w.dischargeMAh, 'discharge']] as const) {
          if (Math.abs(ours - theirs) > 1e-9 + 1e-3 * Math.abs(theirs)) off.push(`cycle ${w.cycle} ${what} ${ours} vs ${theirs} mAh`);
        }
      });
      expect(off.slice(0, 5)).toEqual([]);
    });
  }

  it('nw4-120-1-6-53.ndax: 150 cycles; cycle 15 holds two charge/discharge pairs (MANIFEST)', () => {
    const cycles = results['nw4-120-1-6-53.ndax']!.cycles;
    expect(cycles).toHaveLength(150);
    expect(cycles[14]!.chargeCapacityMAh).toBeCloseTo(cyclesCsv('nw4-120-1-6-53')[14]!.chargeMAh, 6);
  });

  it('SIM.nda: 100 cycles; drive-cycle steps split by current sign give +6381.1 / −4792.5 mAh (MANIFEST DERIVED ∫I dt)', () => {
    const sim = results['SIM.nda']!;
    expect(sim.cycles.map((c) => c.cycle)).toEqual(Array.from({ length: 100 }, (_, k) => k + 1));
    expect(sim.cycles.map((c) => c.records)).toEqual(cyclesCsv('SIM').map((c) => c.records));
    const sum = (pick: (c: (typeof sim.cycles)[number]) => number | null): number => sim.cycles.reduce((a, c) => a + (pick(c) ?? 0), 0);
    expect(Math.abs(sum((c) => c.chargeCapacityMAh) - 6381.14)).toBeLessThan(6381.14 * 1e-3);
    expect(Math.abs(sum((c) => c.dischargeCapacityMAh) - 4792.54)).toBeLessThan(4792.54 * 1e-3);
    expect(sim.warnings.join('\n')).toMatch(/100 step\(s\) with no direction of their own \(SIM, pulse\) change current sign/);
  });

  it('empty.ndax: a valid test with no records reads as 0 cycles with a warning, not as damage', () => {
    const e = results['empty.ndax']!;
    expect(e.cycles).toEqual([]);
    expect(e.warnings.join('\n')).toMatch(/the test holds no records/);
  });
});

describe('Neware versions without a public layout are refused with E_VERSION naming them', () => {
  const dir = tempDir('cyclekit-neware-');
  it('.nda 21 (a number Neware never used) and an unknown sub-layout of 130', () => {
    const v22 = readFileSync(join(DIR, 'nda_v22.nda'));
    const v21 = Buffer.from(v22);
    v21[14] = 21;
    writeFileSync(join(dir, 'v21.nda'), v21);
    const sub77 = Buffer.from(readFileSync(join(DIR, 'SINTEF__G20M7_BTS91.nda')));
    sub77[1024] = 77;
    writeFileSync(join(dir, 'sub77.nda'), sub77);
    const r = cli(['summary', '--json', join(dir, 'v21.nda'), join(dir, 'sub77.nda')]);
    expect(r.code).toBe(2);
    const [a, b] = JSON.parse(r.stdout).results.map((x: { error: { code: string; message: string } }) => x.error);
    expect(a.code).toBe('E_VERSION');
    expect(a.message).toMatch(/Neware \.nda layout version 21 is not supported/);
    expect(b.code).toBe('E_VERSION');
    expect(b.message).toMatch(/version 130 \(sub-layout 77 at byte 1024/);
  });
});
