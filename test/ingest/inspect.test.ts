/** `cyclekit inspect` end to end: the JSON keys CLI.md promises, and a plain-language table. */
import { describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.js';
import { real } from './read.js';

describe('cyclekit inspect', () => {
  it('--json gives the CLI.md keys for a Neware CSV, with the inferred mass and start time', () => {
    const r = cli(['inspect', '--json', real('neware/neware_uio.csv')]);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as { command: string; results: Record<string, unknown>[] };
    expect(doc.command).toBe('inspect');
    const x = doc.results[0]!;
    for (const key of ['format', 'encoding', 'delimiter', 'decimalMark', 'columns', 'rows', 'cycles', 'cycleRule', 'timeSpanS', 'metadata', 'warnings']) {
      expect(x, key).toHaveProperty(key);
    }
    expect(x).toMatchObject({ format: 'neware-csv', encoding: 'utf-8', delimiter: ',', decimalMark: '.', rows: 9065, cycles: 4, timeSpanS: 518538 });
    expect(x.columns).toContainEqual({ source: 'Current(A)', field: 'currentA', unit: 'A', scale: 1 });
    expect(x.columns).toContainEqual({ source: 'Cumulative Time', field: 'timeS', unit: 's', scale: 1 });
    expect((x.metadata as Record<string, unknown>).startTime).toBe('2022-05-18 16:27:52');
    expect(String(x.cycleRule)).toMatch(/^file:/);
    expect(String(x.formatReason)).toMatch(/Neware/);
  });

  it('shows the derived cycle rule, the magnitude-current convention and the metadata for a Maccor text file', () => {
    const r = cli(['inspect', '--json', real('maccor/maccor_001.txt')]);
    const x = (JSON.parse(r.stdout) as { results: Record<string, unknown>[] }).results[0]!;
    expect(x).toMatchObject({ format: 'maccor', delimiter: '\t', rows: 6704, cycles: 5 });
    // The file opens with a short discharge from open circuit: cycle 0, then charge-first cycles (issue 16).
    expect(String(x.cycleRule)).toMatch(/^charge-first: .*constant \(0\).*short discharge from open circuit .*cycle 0/);
    expect(x.cycleNumbers).toEqual({ first: 0, last: 4 });
    expect(String(x.currentSign)).toMatch(/magnitude/);
    expect(x.metadata).toMatchObject({ channel: '1', cellName: 'M50_Validation_0deg_01' });
  });

  it('prints a readable table, and reads a per-cycle summary file with its warning', () => {
    const ok = cli(['inspect', real('biologic/gcpl.issue_149.mpt')]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/biologic-mpt — BioLogic: first line 'EC-Lab ASCII FILE'/);
    expect(ok.stdout).toMatch(/decimal mark ,/);
    expect(ok.stdout).toMatch(/<I>\/mA\s+currentA\s+mA\s+0\.001/);
    const table = cli(['inspect', real('batterydata/p492-13-summary.csv')]);
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/batterydata-summary/);
    expect(table.stderr).toMatch(/per-cycle summary table: no time series/);
  });
});
