import { describe, expect, it } from 'vitest';
import { parseAsciiNumber, scanAsciiNumber } from '../../../src/ingest/fast/ascii-number.js';
import { mulberry32 } from '../../../src/sim/random.js';

const enc = new TextEncoder();
const fast = (s: string): number | undefined => {
  const b = enc.encode(`,${s},`);
  return parseAsciiNumber(b, 1, b.length - 1);
};

describe('parseAsciiNumber agrees bit for bit with Number()', () => {
  it('on the forms cyclers write', () => {
    for (const s of ['0', '-0', '-0.000', '3.4512', '-0.00024859', '2.54E-11', '1.0999289', '+12', '737792.442372685', '1e5', '4.2e+00', '0.1', '0.3', '123456789012345']) {
      expect(Object.is(fast(s), Number(s)), s).toBe(true);
    }
  });

  it('on 200,000 random decimals of every length and exponent', () => {
    const r = mulberry32(42);
    const wrong: string[] = [];
    let parsed = 0;
    for (let k = 0; k < 200_000; k++) {
      const intDigits = Math.floor(r() * 8);
      const fracDigits = Math.floor(r() * 10);
      let s = r() < 0.3 ? '-' : '';
      s += intDigits === 0 ? '0' : String(Math.floor(r() * 10 ** intDigits));
      if (fracDigits > 0) s += '.' + String(Math.floor(r() * 10 ** fracDigits)).padStart(fracDigits, '0');
      if (r() < 0.2) s += `e${r() < 0.5 ? '-' : ''}${Math.floor(r() * 12)}`;
      const got = fast(s);
      if (got === undefined) continue;
      parsed++;
      if (!Object.is(got, Number(s))) wrong.push(s);
    }
    expect(wrong).toEqual([]);
    // Only mantissas past 2^53 or exponents past 22 are declined: a scanner declining
    // everything would otherwise pass. (199,753 with this seed.)
    expect(parsed).toBeGreaterThan(190_000);
  });

  it('declines what it cannot do exactly, so the general parser decides', () => {
    for (const s of ['', '-', '.', 'abc', '1,5', ' 1', '1 ', '0x1f', '12:00:00', '1e', '1e400', '12345678901234567890', 'NaN', 'Infinity', '1.2.3']) {
      expect(fast(s), s).toBeUndefined();
    }
  });
});

describe('scanAsciiNumber finds the end of its cell while parsing it', () => {
  const out = new Float64Array(1);
  /** [value or NaN, end index] for the cell at byte `start` of `line`, split on ','. */
  const scan = (line: string, start: number): [number, number] => {
    const b = enc.encode(line);
    const end = scanAsciiNumber(b, start, b.length, 44, out, 0);
    return [out[0]!, end];
  };

  it('parses the simple forms and stops at the delimiter or the end of the line', () => {
    expect(scan('3.4512,x', 0)).toEqual([3.4512, 6]);
    expect(scan('x,-0.00024859', 2)).toEqual([-0.00024859, 13]);
    expect(scan('.5,', 0)).toEqual([0.5, 2]);
    expect(scan('5.,', 0)).toEqual([5, 2]);
    expect(scan('+12,', 0)).toEqual([12, 3]);
    expect(scan('2.54E-11,1', 0)).toEqual([2.54e-11, 8]);
    expect(scan('1e22', 0)).toEqual([1e22, 4]);
    expect(Object.is(scan('-0,', 0)[0], -0)).toBe(true);
  });

  it('marks other cells NaN, for the general parser, and still finds their end', () => {
    for (const [line, end] of [
      [',1', 0],
      ['-,1', 1],
      ['+,1', 1],
      ['.,1', 1],
      ['1e,1', 2],
      ['1e+,1', 3],
      ['1e23,1', 4],
      ['1e-23,1', 5],
      ['1e401,1', 5],
      ['12345678901234567,1', 17],
      ['123456789012345678901234,1', 24],
      [' 1.5,1', 4],
      ['1.5 ,1', 4],
      ['1.5\r', 4],
      ['0x1f,1', 4],
      ['1.2.3,1', 5],
    ] as const) {
      const [value, got] = scan(line, 0);
      expect(Number.isNaN(value), line).toBe(true);
      expect(got, line).toBe(end);
    }
  });

  it('accepts 2^53 − 1 and declines 2^53 + 1, whose digits no longer fit', () => {
    expect(scan('9007199254740991,', 0)[0]).toBe(9007199254740991);
    expect(Number.isNaN(scan('9007199254740993,', 0)[0])).toBe(true);
    expect(scan('0000000000000000000001.5,', 0)[0]).toBe(1.5);
  });
});
