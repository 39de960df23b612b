import { describe, expect, it } from 'vitest';
import { parseAsciiNumber } from '../../src/ingest/fast/ascii-number.js';
import { mulberry32 } from '../../src/sim/random.js';

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
    for (let k = 0; k < 200_000; k++) {
      const intDigits = Math.floor(r() * 8);
      const fracDigits = Math.floor(r() * 10);
      let s = r() < 0.3 ? '-' : '';
      s += intDigits === 0 ? '0' : String(Math.floor(r() * 10 ** intDigits));
      if (fracDigits > 0) s += '.' + String(Math.floor(r() * 10 ** fracDigits)).padStart(fracDigits, '0');
      if (r() < 0.2) s += `e${r() < 0.5 ? '-' : ''}${Math.floor(r() * 12)}`;
      const got = fast(s);
      if (got !== undefined) expect(Object.is(got, Number(s)), s).toBe(true);
    }
  });

  it('declines what it cannot do exactly, so the general parser decides', () => {
    for (const s of ['', '-', '.', 'abc', '1,5', ' 1', '1 ', '0x1f', '12:00:00', '1e', '1e400', '12345678901234567890', 'NaN', 'Infinity', '1.2.3']) {
      expect(fast(s), s).toBeUndefined();
    }
  });
});
