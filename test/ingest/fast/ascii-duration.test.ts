import { describe, expect, it } from 'vitest';
import { NO_DELIMITER } from '../../../src/ingest/fast/ascii-number.js';
import { scanAsciiDuration } from '../../../src/ingest/fast/ascii-duration.js';
import { parseDuration } from '../../../src/ingest/text/values.js';
import { mulberry32 } from '../../../src/sim/random.js';

const enc = new TextEncoder();
const out = new Float64Array(1);

/** Seconds for `cell` alone, or NaN when the scanner leaves it to parseDuration. */
const seconds = (cell: string): number => {
  const b = enc.encode(cell);
  const end = scanAsciiDuration(b, 0, b.length, NO_DELIMITER, out, 0);
  expect(end, `end of '${cell}'`).toBe(b.length);
  return out[0]!;
};

describe('scanAsciiDuration', () => {
  it('reads h:mm:ss(.fff) with known answers', () => {
    expect(seconds('00:00:00.000')).toBe(0);
    expect(seconds('00:00:00.067')).toBe(0.067);
    expect(seconds('1:02:03')).toBe(3723);
    expect(seconds('12:34:56.5')).toBe(45296.5);
    // Hours past 24 and past two digits, as long tests write them.
    expect(seconds('123:45:06.5')).toBe(445506.5);
    expect(seconds('468:47:28.573')).toBe(468 * 3600 + 47 * 60 + 28.573);
    expect(seconds('999999999:00:00')).toBe(999999999 * 3600);
  });

  it('leaves every other form to parseDuration (NaN here)', () => {
    for (const cell of ['', ':', '1:2', '1:02', '01:02:', '01:02:3.', '01:002:03', '01:02:003', '1234567890:00:00', ' 01:02:03', '01:02:03 ', '01:02:03\r', '-01:02:03', '01:02:03e1', '1d 01:02:03', '1-01:02:03', '01:02:03,5', 'abc']) {
      expect(Number.isNaN(seconds(cell)), cell).toBe(true);
    }
  });

  it('finds the end of its cell on a line and parses cells at the end of the line', () => {
    const b = enc.encode('00:01:02.5,x,10:00:00');
    expect(scanAsciiDuration(b, 0, b.length, 44, out, 0)).toBe(10);
    expect(out[0]).toBe(62.5);
    expect(scanAsciiDuration(b, 11, b.length, 44, out, 0)).toBe(12);
    expect(Number.isNaN(out[0]!)).toBe(true);
    expect(scanAsciiDuration(b, 13, b.length, 44, out, 0)).toBe(b.length);
    expect(out[0]).toBe(36000);
  });

  it('agrees bit for bit with parseDuration on 100,000 random stamps', () => {
    const r = mulberry32(7);
    const wrong: string[] = [];
    let parsed = 0;
    for (let k = 0; k < 100_000; k++) {
      const h = String(Math.floor(r() * 10 ** (1 + Math.floor(r() * 5))));
      const m = String(Math.floor(r() * 60)).padStart(r() < 0.8 ? 2 : 1, '0');
      const s = String(Math.floor(r() * 60)).padStart(r() < 0.8 ? 2 : 1, '0');
      const fracDigits = Math.floor(r() * 8);
      const frac = fracDigits === 0 ? '' : '.' + String(Math.floor(r() * 10 ** fracDigits)).padStart(fracDigits, '0');
      const cell = `${h}:${m}:${s}${frac}`;
      const got = seconds(cell);
      if (Number.isNaN(got)) continue;
      parsed++;
      if (!Object.is(got, parseDuration(cell))) wrong.push(cell);
    }
    expect(wrong).toEqual([]);
    // Every stamp here is in the plain form, so every one must take the fast path.
    expect(parsed).toBe(100_000);
  });
});
