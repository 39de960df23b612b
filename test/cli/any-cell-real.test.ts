/**
 * Issue 16 on real exports (facts from fixtures/real/MANIFEST.md): anodes read as anodes,
 * partial cycles kept out of the statistics, retention and rate agreeing on a rate test.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, REAL } from '../helpers/cli.js';

interface Cycle { cycle: number; partial: boolean; coulombicEfficiency: number | null }

const json = (args: string[]): Record<string, any> => {
  const r = cli([...args, '--json', '-q']);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout).results[0];
};

describe('Si and graphite half cells are half-anodes, CE as the instrument states it', () => {
  it('Arbin .res Si anode: cycle 1 CE 92.61 % (cellpy golden summary, anode mode)', () => {
    const s = json(['summary', join(REAL, 'arbin', '20160805_test001_45_cc_01.res')]);
    expect(s.cellType).toBe('half-anode');
    expect(s.cellTypeSource).toBe('inferred from the data');
    expect(Math.abs(s.cycles[0].coulombicEfficiency * 100 - 92.61079093)).toBeLessThan(0.1);
    // cycle 18 holds a discharge only (MANIFEST: "cycle 18 partial").
    expect(s.cycles.filter((c: Cycle) => c.partial).map((c: Cycle) => c.cycle)).toEqual([18]);
  });

  it('LAND Si anode: CE 90.6072 / 93.7384 / 99.8921 % in cycles 1, 2, 14 (INSTRUMENT Cycle-Tab); rate and retention agree on the groups, no fade line', () => {
    const r = json(['report', '--no-charts', join(REAL, 'lanhe', 'custom_data_002.xlsx')]);
    expect(r.cellType).toBe('half-anode');
    const ce = (n: number): number => r.cycles.find((c: Cycle) => c.cycle === n).coulombicEfficiency * 100;
    expect(Math.abs(ce(1) - 90.6072)).toBeLessThan(0.1);
    expect(Math.abs(ce(2) - 93.7384)).toBeLessThan(0.1);
    expect(Math.abs(ce(14) - 99.8921)).toBeLessThan(0.1);
    // One view of the protocol: rate's groups by current, and retention refuses a fade line
    // because no current holds 10 cycles (the largest group, 6–14, has 9).
    expect(r.rate.groups.map((g: { cycles: number[] }) => g.cycles)).toEqual([[1], [2, 3], [4, 5], [6, 7, 8, 9, 10, 11, 12, 13, 14]]);
    expect(r.rate.groups.every((g: { label: string }) => / mA$/.test(g.label))).toBe(true);
    expect(r.retention).toBeNull();
    expect(r.notApplicable.retention).toMatch(/^at most 9 cycles at any one discharge current \(14 in all, at 4 currents\)/);
    expect(r.energy).toBeNull();
    expect(r.notApplicable.energy).toMatch(/^half-anode: /);
  });

  it('bs542 graphite/Li: half-anode, the cut-short cycle 2 marked partial, no CE above 200 % anywhere', () => {
    const r = json(['report', '--no-charts', join(REAL, 'arbin', 'bs542_004_gr_li_50ua_50mv_1v_191020_Channel_11.xlsx')]);
    expect(r.cellType).toBe('half-anode');
    expect(r.cycles.map((c: Cycle) => c.partial)).toEqual([false, true]);
    const ce = r.coulombicEfficiency;
    expect(ce.firstCycle).toBe(1);
    expect(ce.partialCycles).toEqual([2]);
    for (const v of [ce.firstCycleValue, ce.meanAfterFirst, ce.minAfterFirst]) if (v !== null) expect(v).toBeLessThan(2);
    expect(r.cycles.every((c: Cycle) => c.coulombicEfficiency === null || c.coulombicEfficiency < 2)).toBe(true);
  });
});

describe('a file that opens with a short discharge from open circuit', () => {
  it('maccor_001.txt: that discharge is cycle 0; cycle 1 CE is a cycle\'s, not 14 %', () => {
    const s = json(['summary', join(REAL, 'maccor', 'maccor_001.txt')]);
    expect(s.cycles[0].cycle).toBe(0);
    expect(s.cycles[0].partial).toBe(true);
    const ce1 = s.cycles[1].coulombicEfficiency;
    expect(s.cycles[1].cycle).toBe(1);
    expect(ce1).toBeGreaterThan(0.95);
    expect(ce1).toBeLessThan(1.01);
  });
});
