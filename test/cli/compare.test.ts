import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, ROOT, writeTemp } from '../helpers/cli.js';

const HEV = join(ROOT, 'fixtures', 'he-v');
type Row = { quantity: string; verdict: string; measured: number | null; reported: number | null };
const rowsOf = (stdout: string): Row[] => JSON.parse(stdout).results[0].rows;

describe('cyclekit compare', () => {
  for (const f of ['he-v-0.2C.csv', 'he-v-0.2C.neware.csv', 'he-v-rate.csv', 'hc-he-v-full-0.2C.csv', 'he-v-long-50C-200.csv']) {
    it(`HE-V fixture ${f}: no line fails`, () => {
      const r = cli(['compare', '--json', '-q', '--fail-on-mismatch', join(HEV, f)]);
      expect(r.code).toBe(0);
      const doc = JSON.parse(r.stdout);
      expect(doc.results[0].reference.id).toBe('he-v');
      const rows = rowsOf(r.stdout);
      expect(rows.filter((x) => x.verdict === 'fail')).toEqual([]);
      expect(rows.some((x) => x.verdict === 'pass')).toBe(true);
    });
  }

  it('0.2C half cell and full cell pass their own lines', () => {
    const half = rowsOf(cli(['compare', '--json', '-q', join(HEV, 'he-v-0.2C.csv')]).stdout);
    for (const q of ['reversible capacity at 0.2C', 'plateau V³⁺/V²⁺', 'plateau V⁴⁺/V³⁺', 'plateau V⁵⁺/V⁴⁺', 'utilisation of theoretical capacity at 0.2C']) {
      expect(half.find((x) => x.quantity === q)!.verdict).toBe('pass');
    }
    const full = rowsOf(cli(['compare', '--json', '-q', join(HEV, 'hc-he-v-full-0.2C.csv')]).stdout);
    expect(full.find((x) => x.quantity.includes('energy density'))!.verdict).toBe('pass');
  });

  it('NVP against HE-V falls short; against its own reference it passes', () => {
    const r = cli(['compare', '--json', '-q', '--reference', 'he-v', '--fail-on-mismatch', join(HEV, 'nvp-0.2C.csv')]);
    expect(r.code).toBe(1);
    const rows = rowsOf(r.stdout);
    const cap = rows.find((x) => x.quantity === 'reversible capacity at 0.2C')!;
    expect(cap.verdict).toBe('fail');
    expect(cap.measured!).toBeCloseTo(155.2, 0);
    expect(rows.find((x) => x.quantity === 'plateau V⁵⁺/V⁴⁺')!.verdict).toBe('fail');
    const own = cli(['compare', '--json', '-q', '--fail-on-mismatch', join(HEV, 'nvp-0.2C.csv')]);
    expect(own.code).toBe(0);
    expect(rowsOf(own.stdout).every((x) => x.verdict === 'pass')).toBe(true);
  });

  it('a user reference is validated with a clear one-line error', () => {
    const bad = writeTemp('ref.json', JSON.stringify({ id: 'x', name: 'X', quantities: [{ quantity: 'q', metric: 'capacityAtRate', cRate: 0.2, unit: 'mAh/g', reported: 100, tolerance: { percent: 2 } }] }));
    const r = cli(['compare', '--reference', bad, join(HEV, 'he-v-0.2C.csv')]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/quantities\[0\]\.tolerance: expected \{"absolute": number ≥ 0\} or \{"relative": number ≥ 0\}/);
    const good = writeTemp('ref.json', JSON.stringify({ id: 'mine', name: 'Mine', quantities: [{ quantity: 'cap', metric: 'capacityAtRate', cRate: 0.2, unit: 'mAh/g', reported: 165, min: 160 }] }));
    const ok = cli(['compare', '--json', '-q', '--reference', good, join(HEV, 'he-v-0.2C.csv')]);
    expect(ok.code).toBe(0);
    expect(rowsOf(ok.stdout)[0]!.verdict).toBe('pass');
    expect(cli(['compare', '--reference', 'nosuch', join(HEV, 'he-v-0.2C.csv')]).stderr).toMatch(/not a built-in reference \(he-v, nvp\)/);
    const plateau = writeTemp('ref.json', JSON.stringify({ id: 'p', name: 'P', quantities: [{ quantity: 'plateau', metric: 'plateau', unit: 'V', min: 3.3, max: 3.5 }] }));
    const noPotential = cli(['compare', '--reference', plateau, join(HEV, 'he-v-0.2C.csv')]);
    expect(noPotential.code).toBe(2);
    expect(noPotential.stderr).toMatch(/quantities\[0\]\.reported: expected the plateau potential in V for metric plateau/);
  });
});
