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
      "the file's own CE (Cycle-Tab sheet (CapC/mAh, CapD/mAh, Efficiency/%)) and cyclekit's (discharge-over-charge) differ by more than 0.1 point in 14 of 14 cycle(s): " +
        "cycle 1: the file's 90.61 %, cyclekit's 110.37 %; cycle 2: the file's 93.74 %, cyclekit's 106.68 %; cycle 3: the file's 94.68 %, cyclekit's 105.62 %; 11 more; the other convention agrees: check --cell-type or --ce",
    ]);
  });

  it('every cycle of the Cycle-Tab is in JSON instrumentCycles beside cyclekit\'s (cycles 1, 2, 14: 90.6072, 93.7384, 99.8921 %)', () => {
    const s = summary() as unknown as { instrumentCycles: { source: string; compared: boolean; disagreeing: number[]; cycles: { cycle: number; instrumentCoulombicEfficiency: number; instrumentChargeCapacityMAh: number; instrumentDischargeCapacityMAh: number; instrumentCeBasis: string; differencePoints: number }[] } };
    const ic = s.instrumentCycles;
    expect(ic.source).toBe('Cycle-Tab sheet (CapC/mAh, CapD/mAh, Efficiency/%)');
    expect(ic.compared).toBe(true);
    expect(ic.disagreeing).toEqual([]);
    expect(ic.cycles).toHaveLength(14);
    const at = (n: number) => ic.cycles.find((c) => c.cycle === n)!;
    expect(at(1).instrumentCoulombicEfficiency).toBeCloseTo(0.906072, 9);
    expect(at(1).instrumentChargeCapacityMAh).toBeCloseTo(2.74823, 9);
    expect(at(1).instrumentDischargeCapacityMAh).toBeCloseTo(3.03312, 9);
    expect(at(2).instrumentCoulombicEfficiency).toBeCloseTo(0.937384, 9);
    expect(at(14).instrumentCoulombicEfficiency).toBeCloseTo(0.998921, 9);
    expect(at(1).instrumentCeBasis).toBe('CE column');
    for (const c of ic.cycles) expect(Math.abs(c.differencePoints)).toBeLessThan(0.1);
  });
});
