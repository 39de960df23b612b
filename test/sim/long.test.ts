import { beforeAll, describe, expect, it } from 'vitest';
import type { CycleSummary } from '../../src/analysis/summary.js';
import { summariseFile } from '../../src/pipeline/summarise.js';
import { loadOptions } from '../../src/cli/options.js';
import { longFile } from '../helpers/long-file.js';

/**
 * The paper's long test at full scale: 10,000 cycles at 50C, generated on demand (never
 * committed), logged every 20 s or 200 mV: a quarter of the default rule's records with the
 * same per-cycle figures. The default's 1.17 M records are timed in `npm run bench`.
 */
describe('10,000 cycles at 50C', () => {
  let cycles: CycleSummary[] = [];
  let records = 0;
  beforeAll(async () => {
    const long = longFile();
    const file = long.file;
    records = long.records;
    const s = await summariseFile(file, loadOptions({ col: [], cycleRule: 'auto', restCurrent: '1e-7' }));
    cycles = s.cycles;
    records = Math.min(records, s.dataset.stats.rows);
  }, 300_000);

  it('has 10,000 cycles in over 250,000 records', () => {
    expect(records).toBeGreaterThan(250_000);
    expect(cycles).toHaveLength(10000);
  });

  it('keeps 95.2 ± 0.3 % after 5000 cycles and 88.8 ± 0.3 % after 10,000 (vs cycle 1)', () => {
    const q = (n: number): number => cycles.find((c) => c.cycle === n)!.dischargeCapacityMAh!;
    expect(Math.abs((q(5000) / q(1)) * 100 - 95.2)).toBeLessThan(0.3);
    expect(Math.abs((q(10000) / q(1)) * 100 - 88.8)).toBeLessThan(0.3);
    expect(Math.abs((q(10000) / q(5000)) * 100 - 93.3)).toBeLessThan(0.3);
  });
});
