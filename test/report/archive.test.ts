import { describe, expect, it } from 'vitest';
import { indexSummaryText, queryCsv, queryTable } from '../../src/report/archive.js';
import { makeStyle } from '../../src/report/style.js';

const answer = { archive: 'a', columns: ['path', 'retention', 'extra'], rows: [{ path: 'x.csv', retention: 0.123456789, extra: { k: 1 } }, { path: 'y.csv', retention: null, extra: null }] };

describe('archive output', () => {
  it('query CSV: numbers unrounded, objects as JSON, null empty', () => {
    expect(queryCsv(answer)).toBe('path,retention,extra\nx.csv,0.123456789,"{""k"":1}"\ny.csv,,\n');
  });

  it('query table: 6 significant digits, – for null, numeric columns right-aligned, the row count', () => {
    const text = queryTable(answer, makeStyle(process.stdout, { COLUMNS: '80' }, false));
    const lines = text.split('\n');
    expect(lines[0]).toMatch(/^path\s+retention\s+extra$/);
    expect(lines[2]).toMatch(/^x\.csv\s+0\.123457\s+\{"k":1\}$/);
    expect(lines[3]).toMatch(/^y\.csv\s+–\s+–$/);
    // right-aligned: the number ends where its header ends
    expect(lines[2]!.indexOf('0.123457') + '0.123457'.length).toBe(lines[0]!.indexOf('retention') + 'retention'.length);
    expect(text.endsWith('(2 rows)\n')).toBe(true);
  });

  it("index's line names other shards only when sharded", () => {
    const s = { indexed: 2, unchanged: 1, errors: 1, otherShard: 3 };
    expect(indexSummaryText(s, 'arch', false)).toBe('indexed 2, unchanged 1, unreadable 1 → arch\n');
    expect(indexSummaryText(s, 'arch', true)).toBe('indexed 2, unchanged 1, unreadable 1, other shards 3 → arch\n');
  });
});
