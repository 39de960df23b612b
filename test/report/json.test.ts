import { describe, expect, it } from 'vitest';
import { envelope, envelopeOutput, envelopePieces, PIECES_FROM_CHARS } from '../../src/report/json.js';
import { LazyItems } from '../../src/util/lazy-items.js';

/** A seeded generator, so a failure names a value that can be made again. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** Values of every kind JSON.stringify treats specially, nested, with arrays long enough to be split. */
function value(rnd: () => number, depth: number): unknown {
  const pick = Math.floor(rnd() * (depth > 3 ? 9 : 13));
  switch (pick) {
    case 0: return null;
    case 1: return rnd() * 1e6 - 5e5;
    case 2: return [Number.NaN, Number.POSITIVE_INFINITY, -0, 1e-300][Math.floor(rnd() * 4)];
    case 3: return ['', 'plain', 'quote " and \\ back', 'line\nbreak', '∫I dt', 'µAh · °C'][Math.floor(rnd() * 6)];
    case 4: return rnd() < 0.5;
    case 5: return undefined;
    case 6: return () => 1;
    case 7: return new Date(Math.floor(rnd() * 1e12));
    case 8: return new Float64Array([1.5, 2]);
    case 9:
    case 10: {
      const n = depth <= 1 && rnd() < 0.4 ? 64 + Math.floor(rnd() * 10) : Math.floor(rnd() * 4);
      return Array.from({ length: n }, () => value(rnd, depth + 1));
    }
    default: {
      const o: Record<string, unknown> = {};
      const n = Math.floor(rnd() * 6);
      for (let k = 0; k < n; k++) o[['a', 'cycles', 'windows', '2', 'é key', 'x"y'][Math.floor(rnd() * 6)]! + k] = value(rnd, depth + 1);
      return o;
    }
  }
}

describe('the JSON envelope written in pieces', () => {
  it('gives the bytes of the one-string envelope on 60 random documents, whatever the piece size', () => {
    for (let seed = 1; seed <= 60; seed++) {
      const rnd = random(seed);
      const results = Array.from({ length: seed % 7 === 0 ? 64 + (seed % 3) : seed % 5 }, () => value(rnd, 0));
      const pieces = [...envelopePieces('test', results, 1 + (seed % 5) * 200)];
      const whole = envelope('test', results);
      const joined = pieces.join('');
      if (joined !== whole) {
        const at = [...joined].findIndex((c, i) => c !== whole[i]);
        expect(joined.slice(Math.max(0, at - 80), at + 80), `seed ${seed}`).toBe(whole.slice(Math.max(0, at - 80), at + 80));
      }
    }
  });

  it('never holds the whole document: a 3,000-cycle result arrives in pieces near the piece size', () => {
    const cycles = Array.from({ length: 3_000 }, (_, i) => ({ cycle: i + 1, chargeCapacityMAh: 1 / (i + 1), windows: [{ fromV: 2.5, toV: 3.4, mAh: i }] }));
    const pieces = [...envelopePieces('report', [{ file: 'a.csv', cycles }], 1 << 14)];
    expect(pieces.join('')).toBe(envelope('report', [{ file: 'a.csv', cycles }]));
    expect(pieces.length).toBeGreaterThan(10);
    expect(Math.max(...pieces.map((p) => p.length))).toBeLessThan(1 << 16); // the piece size and at most one run of items
  });

  it('one string for a small document, pieces from about PIECES_FROM_CHARS', () => {
    const item = { cycle: 1, windows: Array.from({ length: 10 }, (_, k) => ({ fromV: k, toV: k + 1, chargeMAh: 0.123456789 })) };
    const itemChars = JSON.stringify(item, null, 2).length;
    const small = [{ file: 'a', cycles: new Array(1000).fill(item) }];
    const large = [{ file: 'a', cycles: new Array(Math.ceil((PIECES_FROM_CHARS / itemChars) * 1.1)).fill(item) }];
    expect(typeof envelopeOutput('report', small)).toBe('string');
    expect(typeof envelopeOutput('report', large)).not.toBe('string');
  });

  it('a long array whose first item is smaller than the rest is estimated from more than its first item', () => {
    // dqdv --cycle all: the first half cycle has one peak, the others two.
    const peak = { voltageV: 3.5366380372316675, heightMAhPerV: 1.7207846525432466 };
    const other = { cycle: 2, peaks: Array.from({ length: 6 }, () => peak) };
    const count = Math.ceil((PIECES_FROM_CHARS / JSON.stringify(other, null, 2).length) * 1.1);
    const halfCycles = [{ cycle: 1, peaks: [] }, ...new Array(count - 1).fill(other)];
    expect(typeof envelopeOutput('dqdv', [{ file: 'a', halfCycles }])).not.toBe('string');
  });
});

describe('lazy items in the JSON envelope', () => {
  it('write the bytes of the plain array, whole or in pieces, making each item a run at a time', () => {
    const item = (i: number): object => ({ cycle: i + 1, chargeMAh: 1 / (i + 1), windows: i % 50 === 0 ? Array.from({ length: 70 }, (_, k) => k / 3) : [i] });
    const count = 5_000;
    const plain = [{ file: 'a.csv', cycles: Array.from({ length: count }, (_, i) => item(i)), empty: [] }];
    let made = 0;
    let live = 0;
    let mostLive = 0;
    const lazy = (n: number): LazyItems<object> =>
      new LazyItems(n, (i) => {
        made++;
        mostLive = Math.max(mostLive, ++live);
        return item(i);
      });
    const lazyDoc = [{ file: 'a.csv', cycles: lazy(count), empty: lazy(0) }];
    expect(envelope('report', lazyDoc)).toBe(envelope('report', plain));
    made = 0;
    live = 0;
    mostLive = 0;
    const pieces: string[] = [];
    for (const p of envelopePieces('report', lazyDoc, 1 << 14)) {
      pieces.push(p);
      live = 0; // what was made before this piece is no longer referenced by the writer
    }
    expect(pieces.join('')).toBe(envelope('report', plain));
    expect(made).toBeLessThan(count * 1.1); // each item about once: a large item is looked at twice
    expect(mostLive).toBeLessThanOrEqual(257); // at most one run of items (256) and the one that ended it
  });
});
