import { describe, expect, it } from 'vitest';
import { ByteCells, StringCells, type CellUse } from '../../../src/ingest/text/cells.js';
import { mulberry32 } from '../../../src/sim/random.js';

/**
 * ByteCells parses the planned cells while splitting and the others on demand; StringCells
 * parses decoded text with the general parsers. Every read must agree bit for bit, whatever
 * the plan, the cell's form, or the row before it.
 */
const CELL_FORMS = [
  '', '-', '+', '.', '.5', '5.', '-.5', '1e', '1e5', '1E+5', '2.54E-11', '1e22', '1e23', '1e-23', '1e400',
  '12345678901234567', '9007199254740993', '0.1', '-0', '-0.000', '3.4512', ' 1.5', '1.5 ', '1.5\r', '0x1f',
  'NaN', 'Infinity', '1.2.3', 'CC Chg', 'Rest', '00:00:00.067', '1:02:03', '123:45:06.5', '01:02:3.',
  '1d 01:02:03', '2-01:02:03', '01:02', '01:02:03,5', ' 01:02:03 ', '2025-01-06 09:00:00', 'é', '10.0000',
];

/**
 * Compare every read of one line; mismatches are collected, not asserted one by one (an
 * `expect` per cell made this the slowest test of the suite without testing more).
 */
function compare(line: string, plan: CellUse[], bytes: ByteCells, strings: StringCells, problems: string[]): void {
  const buf = Buffer.from(line, 'utf8');
  if (!bytes.load(buf, 0, buf.length, true)) problems.push(`not loaded: '${line}'`);
  strings.set(line.split(','));
  if (!(bytes.length <= strings.length)) problems.push(`length ${bytes.length} > ${strings.length}: '${line}'`);
  for (let i = 0; i < strings.length + 2; i++) {
    const where = (): string => `cell ${i} (${plan[i] ?? 'unplanned'}) of '${line}'`;
    if (!Object.is(bytes.number(i), strings.number(i))) problems.push(`number ${where()}: ${bytes.number(i)} vs ${strings.number(i)}`);
    if (!Object.is(bytes.duration(i), strings.duration(i))) problems.push(`duration ${where()}: ${bytes.duration(i)} vs ${strings.duration(i)}`);
    if (bytes.text(i) !== strings.text(i)) problems.push(`text ${where()}: '${bytes.text(i)}' vs '${strings.text(i)}'`);
  }
  if (bytes.length !== strings.length) problems.push(`length ${bytes.length} vs ${strings.length}: '${line}'`);
}

function agree(line: string, plan: CellUse[], bytes: ByteCells, strings: StringCells): void {
  const problems: string[] = [];
  compare(line, plan, bytes, strings, problems);
  expect(problems).toEqual([]);
}

describe('ByteCells ≡ StringCells', () => {
  it('on 20,000 random rows of every cell form, plan and row length', () => {
    const r = mulberry32(11);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
    const problems: string[] = [];
    let rows = 0;
    for (let file = 0; file < 200; file++) {
      const plan = Array.from({ length: 1 + Math.floor(r() * 6) }, () => pick<CellUse>(['number', 'duration', 'other']));
      const bytes = new ByteCells(44, plan);
      const strings = new StringCells(false);
      for (let row = 0; row < 100; row++) {
        const cells = Array.from({ length: 1 + Math.floor(r() * 9) }, () => pick(CELL_FORMS));
        compare(cells.join(','), plan, bytes, strings, problems);
        rows++;
      }
    }
    expect(rows).toBe(20_000);
    expect(problems.slice(0, 20)).toEqual([]);
  });

  it('forgets a longer row: a short row after it has no value in the missing cells', () => {
    const bytes = new ByteCells(44, ['number', 'number', 'duration']);
    const strings = new StringCells(false);
    agree('1,2,00:00:01', ['number', 'number', 'duration'], bytes, strings);
    agree('3', ['number', 'number', 'duration'], bytes, strings);
    expect(Number.isNaN(bytes.number(1))).toBe(true);
    expect(Number.isNaN(bytes.duration(2))).toBe(true);
  });

  it('reads cells past the plan only when asked, and the last cell of the line', () => {
    const bytes = new ByteCells(44, ['number']);
    const buf = Buffer.from('1.5,x,00:00:02.5,7e1');
    expect(bytes.load(buf, 0, buf.length, false)).toBe(true);
    expect(bytes.length).toBe(1);
    expect(bytes.number(0)).toBe(1.5);
    expect(bytes.number(3)).toBe(70);
    expect(bytes.length).toBe(4);
    expect(bytes.duration(2)).toBe(2.5);
    expect(bytes.text(1)).toBe('x');
  });

  it('leaves a line with a quote to the string path', () => {
    const bytes = new ByteCells(44, ['number', 'other']);
    const buf = Buffer.from('1,"CC, Chg"');
    expect(bytes.load(buf, 0, buf.length, true)).toBe(false);
  });

  it('parses a line within a larger buffer without reading past its end', () => {
    const bytes = new ByteCells(44, ['number', 'duration']);
    const buf = Buffer.from('9,9\n2.5,00:00:03\n7');
    expect(bytes.load(buf, 4, 16, false)).toBe(true);
    expect(bytes.number(0)).toBe(2.5);
    expect(bytes.duration(1)).toBe(3);
    expect(bytes.length).toBe(2);
  });
});
