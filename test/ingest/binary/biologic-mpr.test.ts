import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeMpr, mprToRecords } from '../../../src/ingest/formats/biologic-mpr.js';
import { REAL } from '../../helpers/cli.js';

const DIR = join(REAL, 'biologic');

/** The .mpt twin: "Nb header lines : N", the column header on line N, tab-separated rows (decimal comma in de_DE exports). */
function readMpt(file: string): Map<string, number[]> {
  const lines = readFileSync(join(DIR, file)).toString('latin1').split(/\r?\n/);
  const n = Number(/Nb header lines\s*:\s*(\d+)/.exec(lines[1]!)![1]);
  const names = lines[n - 1]!.split('\t');
  const cols = new Map<string, number[]>(names.filter((x) => x.length > 0).map((x) => [x, []]));
  for (const line of lines.slice(n)) {
    if (line.trim() === '') continue;
    const cells = line.split('\t');
    names.forEach((name, k) => {
      if (name) cols.get(name)!.push(Number(cells[k]!.replace(',', '.')));
    });
  }
  return cols;
}

const TWINS = [
  ['gcpl.issue_149.mpr', 'gcpl.issue_149.mpt'],
  ['gcpl.pr_182.1.mpr', 'gcpl.pr_182.1.mpt'],
  ['mb.issue_95.mpr', 'mb.issue_95.mpt'],
  ['mb.issue_95.mpr', 'mb.issue_95.de.mpt'],
  // yadg tests/test_x_eclab.py:46, :53, :75 (test_eclab_consistency) hold these pairs equal too.
  ['bcd.issue_241.mpr', 'bcd.issue_241.mpt'],
  ['cp.issue_61.mpr', 'cp.issue_61.mpt'],
  ['mb.issue_149.mpr', 'mb.issue_149.mpt'],
] as const;

describe('BioLogic .mpr equals its .mpt twin (yadg tolerance: atol 1e-8, rtol 1e-5)', () => {
  for (const [mprFile, mptFile] of TWINS) {
    it(`${mprFile} ≡ ${mptFile} on every shared column`, () => {
      const mpr = decodeMpr(new Uint8Array(readFileSync(join(DIR, mprFile))), mprFile);
      const mpt = readMpt(mptFile);
      const shared = mpr.columns.filter((c) => mpt.has(c.name));
      expect(shared.length).toBeGreaterThanOrEqual(12);
      expect(mpr.warnings).toEqual([]);
      for (const c of shared) {
        const want = mpt.get(c.name)!;
        expect(c.values.length, c.name).toBe(want.length);
        let bad = 0;
        let first = '';
        want.forEach((w, i) => {
          const got = c.values[i]!;
          if (!(Math.abs(got - w) <= 1e-8 + 1e-5 * Math.abs(w))) {
            if (bad++ === 0) first = `${c.name} row ${i + 1}: ${got} vs ${w}`;
          }
        });
        expect(bad, first).toBe(0);
      }
      // Canonical records: time, voltage and current agree with the text export.
      const { records } = mprToRecords(mpr, mprFile);
      const t = mpt.get('time/s')!;
      const v = (mpt.get('Ewe/V') ?? mpt.get('Ecell/V') ?? mpt.get('<Ewe>/V'))!;
      const iMA = mpt.get('I/mA') ?? mpt.get('<I>/mA')!;
      records.forEach((r, k) => {
        expect(Math.abs(r.timeS - t[k]!)).toBeLessThanOrEqual(1e-8 + 1e-5 * Math.abs(t[k]!));
        expect(Math.abs(r.voltageV - v[k]!)).toBeLessThanOrEqual(1e-8 + 1e-5 * Math.abs(v[k]!));
      });
      // Where the file stores a current it is used as is; otherwise the set point / dq÷Δt stands in for <I>.
      // EC-Lab's <I> averages over the interval, so the first point of a galvanostatic step differs from the set point.
      const stored = mpr.columns.some((c) => c.name === 'I/mA');
      const close = records.filter((r, k) => Math.abs(r.currentA * 1000 - iMA[k]!) <= (stored ? 1e-6 : 0.02) * Math.abs(iMA[k]!) + 1e-9).length;
      expect(close / records.length).toBeGreaterThanOrEqual(stored ? 1 : 0.9);
    });
  }

  it('jdb11-1 (navani GOLD): 46102 rows with the columns navani lists', () => {
    const file = 'jdb11-1_c3_gcpl_5cycles_2V-3p8V_C-24_data_C09.mpr';
    const mpr = decodeMpr(new Uint8Array(readFileSync(join(DIR, file))), file);
    expect(mpr.points).toBe(46102);
    const names = mpr.columns.map((c) => c.name);
    for (const n of ['Q charge/discharge/mA.h', '(Q-Qo)/mA.h', 'control/V/mA', 'I Range', 'Ns', 'time/s', 'Ewe/V']) expect(names).toContain(n);
    expect(mprToRecords(mpr, file).records).toHaveLength(46102);
  });

  it('an unknown column id is kept as unknown_N with a warning when its width is clear', () => {
    const file = 'mb.issue_95.mpr';
    const bytes = new Uint8Array(readFileSync(join(DIR, file)));
    // Rewrite the id of "|Energy|/W.h" (74, f64) to an id nobody knows.
    const b = Buffer.from(bytes);
    const at = b.indexOf(Buffer.from([74, 0, 0xd3, 0x01]), 0); // 74 followed by 467 in the id list
    expect(at).toBeGreaterThan(0);
    b.writeUInt16LE(999, at);
    const mpr = decodeMpr(new Uint8Array(b), file);
    expect(mpr.columns.map((c) => c.name)).toContain('unknown_999');
    expect(mpr.warnings.join(' ')).toMatch(/column id 999 not known to cyclekit; kept as unknown_999/);
  });

  /** mb.issue_95.mpr with two column ids rewritten to ids nobody knows. */
  function withUnknownIds(pairs: [number, number, number][]): Uint8Array {
    const b = Buffer.from(readFileSync(join(DIR, 'mb.issue_95.mpr')));
    for (const [from, next, to] of pairs) {
      // The id list is u16 little-endian; find the id followed by its neighbour in the list.
      const at = b.indexOf(Buffer.from([from & 0xff, from >> 8, next & 0xff, next >> 8]), 0);
      expect(at, `id ${from}`).toBeGreaterThan(0);
      b.writeUInt16LE(to, at);
    }
    return new Uint8Array(b);
  }

  it('several unknown ids are kept when the row length leaves one choice (all 8-byte, like 883/884 in EC-Lab 11.62)', () => {
    // |Energy|/W.h (74) and Energy charge/W.h (123) are both f64: 16 bytes for two unknown columns → 8 each.
    const mpr = decodeMpr(withUnknownIds([[74, 467, 990], [123, 124, 991]]), 'mb.issue_95.mpr');
    expect(mpr.columns.map((c) => c.name)).toEqual(expect.arrayContaining(['unknown_990', 'unknown_991']));
    expect(mpr.warnings.join(' ')).toMatch(/column ids 990, 991 not known to cyclekit/);
  });

  it('unknown ids whose widths the row cannot tell are refused with E_VERSION naming them', () => {
    // control/mA (20, f32) and |Energy|/W.h (74, f64): 12 bytes for two columns could be 4+8 or 8+4.
    let err: unknown;
    try {
      decodeMpr(withUnknownIds([[20, 6, 990], [74, 467, 991]]), 'mb.issue_95.mpr');
    } catch (e) {
      err = e;
    }
    expect(err).toMatchObject({ code: 'E_VERSION' });
    expect(String((err as Error).message)).toMatch(/column ids 990, 991 not known to cyclekit/);
  });

  it('EC-Lab ≥ 11.50 files with the ids older readers refused: every column decoded, none unknown', () => {
    for (const [file, points, ids] of [
      ['gcpl.issue_230.mpr', 19025, [16, 438, 883, 884]],
      ['mb.issue_149.mpr', 564, [469, 486, 491, 492, 497]],
      ['cp.issue_61.mpr', 312, [174]],
    ] as const) {
      const mpr = decodeMpr(new Uint8Array(readFileSync(join(DIR, file))), file);
      expect(mpr.points, file).toBe(points);
      expect(mpr.warnings, file).toEqual([]);
      for (const id of ids) expect(mpr.columns.some((c) => c.id === id), `${file} id ${id}`).toBe(true);
    }
  });
});
