import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, REAL } from '../../helpers/cli.js';

/**
 * The instrument's own CE: LAND's Cycle-Tab says 90.6072 % for cycle 1 of this graphite/Si half
 * anode (fixtures/real/MANIFEST.md, INSTRUMENT; expected/custom_data_002.xlsx.Cycle-Tab.csv).
 * cyclekit keeps it and says so when its own CE disagrees by more than 0.1 point.
 */
describe('LAND Cycle-Tab efficiency cross-check', () => {
  const file = join(REAL, 'lanhe', 'custom_data_002.xlsx');
  const summary = (...args: string[]) => JSON.parse(cli(['summary', '--json', '-q', ...args, file]).stdout).results[0] as { cycles: { cycle: number; coulombicEfficiency: number }[]; warnings: string[] };

  it('kept in the metadata, and cyclekit agrees within 0.1 point (charge over discharge for an anode)', () => {
    const inspect = JSON.parse(cli(['inspect', '--json', '-q', file]).stdout).results[0];
    expect(inspect.metadata.instrumentFirstCycleCe).toBeCloseTo(0.906072, 9);
    const s = summary();
    expect(s.cycles[0]!.cycle).toBe(1);
    expect(Math.abs(s.cycles[0]!.coulombicEfficiency - 0.906072)).toBeLessThan(0.001);
    expect(s.warnings.filter((w) => w.includes("the file's own CE"))).toEqual([]);
  });

  it('a CE convention that disagrees with the instrument is said, with both figures', () => {
    const s = summary('--ce', 'discharge-over-charge');
    expect(s.warnings.filter((w) => w.includes("the file's own CE"))).toEqual([
      "the file's own CE for cycle 1 is 90.61 %, cyclekit's 110.37 % (discharge-over-charge): check --cell-type or --ce",
    ]);
  });
});
