import { describe, expect, it } from 'vitest';
import { formatDuration } from '../../src/report/numbers.js';

describe('the one duration formatter', () => {
  it("brief for the report, exact for inspect, each with its table's placeholder", () => {
    expect([45, 750, 200_000, 1_062_720].map((s) => formatDuration(s))).toEqual(['45 s', '12.5 min', '55.6 h', '12.3 d (295 h)']);
    expect(formatDuration(null)).toBe('–');
    expect(formatDuration(295_123, 'exact')).toBe('295123.000 s (81 h 58 min 43.0 s)');
    expect(formatDuration(null, 'exact')).toBe('—');
  });
});
