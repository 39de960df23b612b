import { describe, expect, it } from 'vitest';
import { oleDateToIso } from '../../src/ingest/ole-date.js';

describe('oleDateToIso', () => {
  it('counts days from 1899-12-30: day 25569 is the Unix epoch, 45000 is 2023-03-15', () => {
    expect(oleDateToIso(25569)).toBe('1970-01-01T00:00:00');
    expect(oleDateToIso(45000)).toBe('2023-03-15T00:00:00');
    expect(oleDateToIso(45000.5, ' ')).toBe('2023-03-15 12:00:00');
    // 1/8 day = 3 h; a millisecond part is kept when there is one.
    expect(oleDateToIso(45000.125)).toBe('2023-03-15T03:00:00');
    expect(oleDateToIso(45000 + 1.5 / 86400)).toBe('2023-03-15T00:00:01.500');
  });

  it('a value no date can hold (a damaged header) gives undefined, not an exception', () => {
    expect(oleDateToIso(1e20)).toBeUndefined();
    expect(oleDateToIso(Number.NaN)).toBeUndefined();
  });
});
