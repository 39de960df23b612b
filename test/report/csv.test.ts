import { describe, expect, it } from 'vitest';
import { csvPieces, toCsv } from '../../src/report/csv.js';

describe('CSV in pieces', () => {
  const header = ['cycle', 'label', 'capacityMAh'];
  const rowOf = (i: number): (string | number | null)[] => [i + 1, i % 3 === 0 ? '=1+1' : i % 3 === 1 ? 'a;"b"' : null, i / 7];

  it('joined, the bytes of toCsv whatever the piece size and dialect', () => {
    const rows = Array.from({ length: 500 }, (_, i) => rowOf(i));
    for (const dialect of [{ sep: ',', decimal: '.' as const }, { sep: ';', decimal: ',' as const }]) {
      const whole = toCsv(header, rows, dialect);
      expect(whole.split('\n')).toHaveLength(502); // header, 500 rows, the final newline
      for (const pieceChars of [1, 37, 4096, 1 << 16]) expect([...csvPieces(header, rows, dialect, pieceChars)].join('')).toBe(whole);
    }
  });

  it('makes rows only as its pieces are taken', () => {
    let made = 0;
    function* rows(): Generator<(string | number | null)[]> {
      for (let i = 0; i < 10_000; i++) {
        made++;
        yield rowOf(i);
      }
    }
    const pieces = csvPieces(header, rows(), undefined, 1000);
    const first = pieces.next().value as string;
    expect(first.length).toBeGreaterThanOrEqual(1000);
    expect(first.length).toBeLessThan(1100);
    expect(made).toBeLessThan(100);
  });
});
