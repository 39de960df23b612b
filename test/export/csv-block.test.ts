import { describe, expect, it } from 'vitest';
import { CsvBlock } from '../../src/export/csv-block.js';

/** What convert wrote before the block writer: String(x) per number, empty for absent or non-finite. */
function expectedLine(cells: (number | string | null)[]): string {
  return cells.map((v) => (typeof v === 'number' ? (Number.isFinite(v) ? String(v) : '') : v ?? '')).join(',') + '\n';
}

function write(block: CsvBlock, cells: (number | string | null)[]): void {
  for (const v of cells) {
    if (typeof v === 'string') block.text(v);
    else block.number(v);
  }
  block.endRow();
}

const text = (bytes: Uint8Array): string => Buffer.from(bytes).toString('utf8');

describe('CsvBlock', () => {
  it('writes every number as String(x) does, absent and non-finite values as empty cells, text as is', () => {
    // A fixed pseudo-random walk over magnitudes and signs (no Math.random: a failure must repeat).
    let seed = 12345;
    const next = (): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const rows: (number | string | null)[][] = [
      [0, -0, 1, -1, 1e21, 1e-7, 5e-324, -Number.MAX_VALUE, 2 ** 53 + 2, 123456789.125],
      [NaN, Infinity, -Infinity, null, 3.0044, 'CC_CHG', null, 'ε Ω', 0.1 + 0.2],
      [null],
      ['only text'],
    ];
    for (let i = 0; i < 300; i++) rows.push([next() * 10 ** Math.floor(next() * 40 - 20), -next(), Math.round(next() * 1e6) / 1e4, 'REST', i, null, next() / 3]);
    // Columns that repeat the row above (their digits are reused), ±0, and a column that is text in some rows.
    for (let i = 0; i < 40; i++) rows.push([0.01, i % 3 === 0 ? -0 : 0, Math.floor(i / 10) / 7, i % 4 === 0 ? 'CC_DCH' : 12.5, i % 5 === 0 ? null : 1e-7, 1 / 3]);
    const block = new CsvBlock();
    for (const r of rows) write(block, r);
    expect(text(block.take())).toBe(rows.map(expectedLine).join(''));
  });

  it('is full at its size, hands on whole rows only, and its takes join to every row once', () => {
    const block = new CsvBlock(100);
    const rows = Array.from({ length: 50 }, (_, i) => [i / 7, i, 'CV_DCH', i * 1e-9]);
    const takes: string[] = [];
    for (const r of rows) {
      write(block, r);
      if (block.full) {
        expect(block.length).toBeGreaterThanOrEqual(100);
        takes.push(text(block.take()));
        expect(block.length).toBe(0);
      }
    }
    takes.push(text(block.take()));
    expect(takes.length).toBeGreaterThan(5);
    for (const t of takes) expect(t.endsWith('\n')).toBe(true);
    expect(takes.join('')).toBe(rows.map(expectedLine).join(''));
  });

  it('grows for a row longer than the block instead of cutting it', () => {
    const block = new CsvBlock(16);
    const long = 'x'.repeat(10_000);
    write(block, [1.5, long, 2.5]);
    expect(text(block.take())).toBe(`1.5,${long},2.5\n`);
  });
});
