import { describe, expect, it } from 'vitest';
import { isCyclekitError } from '../../src/model/errors.js';
import { describeCycleSelection, parseCycleSelection, pointCyclesOf, readCycleSelection, resolveCycleRanges, selectCycles } from '../../src/segment/selection.js';

/** One grammar for --cycle and a spec's cycles: (src/segment/selection.ts). */
describe('cycle selection', () => {
  const ranges = (text: string | number): unknown => {
    const s = parseCycleSelection(text);
    return s.all ? 'all' : s.ranges.map((r) => [r.from, r.to]);
  };

  it('parses every form of the grammar', () => {
    const table: [string | number, unknown][] = [
      ['all', 'all'],
      [' ALL ', 'all'],
      ['3', [[3, 3]]],
      [3, [[3, 3]]],
      ['0', [[0, 0]]],
      ['2-5', [[2, 5]]],
      ['2 - 5', [[2, 5]]],
      ['2..5', [[2, 5]]],
      ['2–5', [[2, 5]]],
      ['first', [['first', 'first']]],
      ['last', [['last', 'last']]],
      ['Last', [['last', 'last']]],
      ['2-last', [[2, 'last']]],
      ['first-5', [['first', 5]]],
      ['1,5,10-20', [[1, 1], [5, 5], [10, 20]]],
      ['1, 3-last', [[1, 1], [3, 'last']]],
    ];
    for (const [text, expected] of table) expect([text, ranges(text)]).toEqual([text, expected]);
  });

  it('errors name the text and the position of what is wrong', () => {
    const table: [string | number, string][] = [
      ['3-1', 'cycles 3-1: range 3-1 at position 1 runs backwards'],
      ['1,5-2', 'cycles 1,5-2: range 5-2 at position 3 runs backwards'],
      ['1, x', "cycles 1, x: 'x' at position 4 is not a cycle; expected all, first, last, a cycle number (3), a range (2-5, 2-last) or a list (1,3,7-9)"],
      ['1,,2', 'cycles 1,,2: nothing at position 3; expected all, first, last, a cycle number (3), a range (2-5, 2-last) or a list (1,3,7-9)'],
      ['2,all', "cycles 2,all: 'all' at position 3 stands alone, not in a list"],
      ['last-3', 'cycles last-3: range last-3 at position 1 runs backwards (it starts at the last cycle)'],
      [-1, 'cycles -1: expected all, first, last, a cycle number (3), a range (2-5, 2-last) or a list (1,3,7-9); a cycle number is a whole number from 0'],
      [1.5, 'cycles 1.5: expected all, first, last, a cycle number (3), a range (2-5, 2-last) or a list (1,3,7-9); a cycle number is a whole number from 0'],
    ];
    for (const [text, message] of table) {
      let caught: unknown = null;
      try {
        parseCycleSelection(text);
      } catch (err) {
        caught = err;
      }
      expect(isCyclekitError(caught) && [caught.code, caught.field, caught.message]).toEqual(['E_USAGE', 'cycles', message]);
    }
    expect(readCycleSelection('5-2')).toEqual({ problem: 'range 5-2 at position 1 runs backwards' });
  });

  it('last and A-last end at the last complete cycle; first starts at the first complete one', () => {
    const numbers = [0, 1, 2, 3, 4];
    const partial = new Set([0, 4]);
    expect(resolveCycleRanges(parseCycleSelection('last'), numbers)).toEqual([[4, 4]]);
    expect(resolveCycleRanges(parseCycleSelection('last'), numbers, { partial })).toEqual([[3, 3]]);
    expect(resolveCycleRanges(parseCycleSelection('2-last'), numbers, { partial })).toEqual([[2, 3]]);
    expect(resolveCycleRanges(parseCycleSelection('first,4'), numbers, { partial })).toEqual([[1, 1], [4, 4]]);
    // Nothing complete: first and last name no cycle.
    expect(resolveCycleRanges(parseCycleSelection('last'), [7], { partial: new Set([7]) })).toEqual([]);
  });

  it('selects cycles in file order, or says which cycles the file has', () => {
    const cycles = [1, 2, 3, 4, 5].map((number) => ({ number }));
    expect(selectCycles(cycles, parseCycleSelection('5,1-2'), 'f.csv').map((c) => c.number)).toEqual([1, 2, 5]);
    expect(selectCycles(cycles, parseCycleSelection('last'), 'f.csv', { partial: new Set([5]) }).map((c) => c.number)).toEqual([4]);
    expect(() => selectCycles(cycles, parseCycleSelection('9'), 'f.csv')).toThrow('cycles 9: no such cycle in this file (cycles 1–5); pass cycles all to list them');
  });

  it('points are kept for numbered cycles only when no bound waits for the file', () => {
    expect(pointCyclesOf(parseCycleSelection('2-3,7'))).toEqual([[2, 3], [7, 7]]);
    expect(pointCyclesOf(parseCycleSelection('2-last'))).toBeUndefined();
    expect(pointCyclesOf(parseCycleSelection('all'))).toBeUndefined();
  });

  it('describes a selection as reports name it', () => {
    expect(['all', '3', '2-5', '2-last', 'last', 'first', '1,5,10-20'].map((t) => describeCycleSelection(parseCycleSelection(t)))).toEqual([
      'all cycles',
      'cycle 3',
      'cycles 2-5',
      'cycles 2-last',
      'last cycle',
      'first cycle',
      'cycles 1, 5, 10-20',
    ]);
  });
});
