import { describe, expect, it } from 'vitest';
import { chooseCycles } from '../../src/pipeline/plot-cycles.js';
import { segmentEndsFor } from '../../src/pipeline/retention.js';
import { parseCycleSelection } from '../../src/segment/selection.js';
import type { Cycle } from '../../src/segment/cycles.js';

/** Cycles numbered as a file numbers them; chooseCycles reads only the numbers. */
const cycles = (numbers: number[]): Cycle[] => numbers.map((number) => ({ number, steps: [] }) as unknown as Cycle);
const numbersOf = (chosen: Cycle[]): number[] => chosen.map((c) => c.number);
const ten = cycles([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);

describe("plot's cycle choice", () => {
  it('every N: the first, every N-th and the last', () => {
    expect(numbersOf(chooseCycles(ten, { kind: 'every', n: 4 }, () => [], 'f.csv', new Set()))).toEqual([1, 4, 8, 10]);
    expect(numbersOf(chooseCycles(cycles([0, 1, 2, 3]), { kind: 'every', n: 2 }, () => [], 'f.csv', new Set()))).toEqual([0, 2, 3]);
  });

  it('a list keeps the cycles in its ranges; all keeps every cycle; last is the last complete one; the default asks the kind', () => {
    const list = (text: string, partial: number[] = []): number[] => numbersOf(chooseCycles(ten, { kind: 'list', selection: parseCycleSelection(text) }, () => [], 'f.csv', new Set(partial)));
    expect(list('2-3,9-12')).toEqual([2, 3, 9, 10]);
    expect(list('all')).toHaveLength(10);
    expect(list('8-last', [10])).toEqual([8, 9]);
    expect(list('last')).toEqual([10]);
    expect(numbersOf(chooseCycles(ten, { kind: 'default' }, () => [7, 99], 'f.csv', new Set()))).toEqual([7]);
  });

  it('no cycle left is one error naming the file and its cycles', () => {
    expect(() => chooseCycles(ten, { kind: 'list', selection: parseCycleSelection('20-30') }, () => [], 'f.csv', new Set())).toThrow(/no such cycle in this file \(cycles 1–10\)/);
    expect(() => chooseCycles([], { kind: 'default' }, () => [], 'f.csv', new Set())).toThrow(/cycles none/);
  });
});

describe("plot retention's segment ends", () => {
  it('every N up to the first end at or past the last cycle; a list as given; none', () => {
    expect(segmentEndsFor({ every: 100 }, 250)).toEqual([100, 200, 300]);
    expect(segmentEndsFor({ every: 100 }, 200)).toEqual([100, 200]);
    expect(segmentEndsFor({ ends: [5, 50] }, 10)).toEqual([5, 50]);
    expect(segmentEndsFor(null, 10)).toEqual([]);
  });
});
