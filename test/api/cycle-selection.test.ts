import { describe, expect, it } from 'vitest';
import { CyclekitError, dqdv, loadFile } from '../../src/index.js';
import { writeTemp } from '../helpers/cli.js';
import { cathodeCycle, ccCsv } from '../helpers/synthetic-cell.js';

/** The library's dqdv takes cycle numbers or the --cycle grammar (src/segment/selection.ts). */
describe('library: cycles in the --cycle grammar', () => {
  // Cycle 4's discharge stops at 30 % of its charge: partial, so `last` is cycle 3.
  const steps = [...[1, 2, 3].flatMap((n) => cathodeCycle(n, 3.4e-4, 7200, 0.97)), ...cathodeCycle(4, 3.4e-4, 7200, 0.3)];
  const file = writeTemp('library-unfinished.csv', ccCsv(steps));

  it('last and 2-last end at the last complete cycle; numbers are taken as given', async () => {
    const data = await loadFile(file);
    const cyclesOf = (cycles: number[] | string): number[] => [...new Set(dqdv(data, { cycles, directions: ['charge'] }).halfCycles.map((h) => h.cycle))];
    expect(cyclesOf('last')).toEqual([3]);
    expect(cyclesOf('2-last')).toEqual([2, 3]);
    expect(cyclesOf([4])).toEqual([4]);
    let caught: unknown;
    try {
      dqdv(data, { cycles: '3-1' });
    } catch (err) {
      caught = err;
    }
    expect(caught instanceof CyclekitError && [caught.field, caught.message]).toEqual(['cycles', 'cycles 3-1: range 3-1 at position 1 runs backwards']);
  });
});

describe('library: errors name the option field, the CLI the flag', () => {
  it('an unreadable reference says `reference`, not `--reference`', async () => {
    const { loadReference } = await import('../../src/index.js');
    const caught = await loadReference('no-such-reference.json').then(
      () => null,
      (err: unknown) => err,
    );
    expect(caught instanceof CyclekitError && [caught.field, caught.message]).toEqual([
      'reference',
      'reference no-such-reference.json: not a built-in reference (he-v, nvp) and cannot read it as a file (ENOENT)',
    ]);
  });
});
