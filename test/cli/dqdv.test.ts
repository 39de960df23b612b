import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, REAL } from '../helpers/cli.js';

interface Peak { voltageV: number; heightMAhPerV: number; prominence: number; fwhmV: number; areaMAh: number }
interface Half { cycle: number; direction: 'charge' | 'discharge'; peaks: Peak[] }
interface Couple { cycle: number; oxidationV: number; reductionV: number; meanVoltageV: number; polarizationV: number; label: string | null }

function dqdv(args: string[]): { method: string; halfCycles: Half[]; couples: Couple[] } {
  const r = cli(['dqdv', '--json', ...args]);
  expect(r.code, r.stderr).toBe(0);
  const doc = JSON.parse(r.stdout);
  expect(doc.command).toBe('dqdv');
  return doc.results[0];
}
const main = (h: Half | undefined): Peak => [...h!.peaks].sort((a, b) => b.prominence - a.prominence)[0]!;
const half = (res: { halfCycles: Half[] }, cycle: number, direction: string): Half | undefined => res.halfCycles.find((h) => h.cycle === cycle && h.direction === direction);

describe('dqdv on real files: the peaks the chemistry implies', () => {
  // PEC export of a SAFT VL43EFe cell (LiFePO4 / graphite, regime "dQdV C/25"): the LFP
  // two-phase plateau (3.43 V vs Li) minus the graphite staging plateaus gives a cluster of
  // peaks at 3.2–3.4 V; the main one (graphite stage 2 → 1 against LFP) near 3.33 V on
  // charge and 3.27 V on discharge, with tens of mV of polarisation at C/25.
  const pec = join(REAL, 'pec', 'pec.csv');
  it('LFP/graphite (pec.csv): peaks at 3.2–3.4 V, main couple 3.33/3.27 V', () => {
    for (const method of ['interp-sg', 'binning']) {
      const res = dqdv(['--cycle', '1', '--method', method, pec]);
      expect(res.method).toBe(method);
      const ox = half(res, 1, 'charge');
      const red = half(res, 1, 'discharge');
      for (const p of [...ox!.peaks, ...red!.peaks]) {
        expect(p.voltageV).toBeGreaterThan(3.1);
        expect(p.voltageV).toBeLessThan(3.45);
      }
      expect(Math.abs(main(ox).voltageV - 3.33)).toBeLessThan(0.02);
      expect(Math.abs(main(red).voltageV - 3.27)).toBeLessThan(0.02);
      expect(res.couples.length).toBeGreaterThanOrEqual(1);
      for (const c of res.couples) {
        expect(c.polarizationV).toBeGreaterThan(0);
        expect(c.polarizationV).toBeLessThan(0.1);
      }
    }
  });

  // BioLogic GCPL of a carbon electrode against Li (0.005–1.6 V, mean ~0.15 V): the Li
  // insertion plateau of the carbon gives one dominant peak just below 0.1 V in both
  // directions, a few mV apart at this slow rate.
  const mpt = join(REAL, 'biologic', 'gcpl.pr_182.1.mpt');
  it('carbon vs Li (gcpl.pr_182.1.mpt): insertion plateau near 0.08 V', () => {
    const res = dqdv(['--cycle', '1', mpt]);
    const ox = half(res, 1, 'charge')!.peaks.filter((p) => p.voltageV > 0.04);
    const red = half(res, 1, 'discharge')!.peaks;
    expect(main({ ...half(res, 1, 'discharge')!, peaks: red }).voltageV).toBeGreaterThan(0.05);
    expect(main({ ...half(res, 1, 'discharge')!, peaks: red }).voltageV).toBeLessThan(0.12);
    expect(ox.some((p) => p.voltageV > 0.05 && p.voltageV < 0.12)).toBe(true);
    const plateau = res.couples.find((c) => c.meanVoltageV > 0.05 && c.meanVoltageV < 0.12)!;
    expect(plateau.polarizationV).toBeGreaterThanOrEqual(0);
    expect(plateau.polarizationV).toBeLessThan(0.03);
  });

  // Neware CSV of a Si/graphite composite vs Li (0.05–1 V): amorphous LixSi lithiates in
  // two broad steps near 0.25 V and below 0.1 V (with graphite staging at ~0.09 V) and
  // delithiates near 0.3 V and 0.48 V.
  const nw = join(REAL, 'neware', 'neware_uio.csv');
  it('Si/graphite vs Li (neware_uio.csv): Si peaks near 0.25 V (red) and 0.48 V (ox)', () => {
    const res = dqdv(['--cycle', '2', nw]);
    const red = half(res, 2, 'discharge')!.peaks.map((p) => p.voltageV);
    const ox = half(res, 2, 'charge')!.peaks.map((p) => p.voltageV);
    expect(red.some((v) => v > 0.2 && v < 0.3)).toBe(true);
    expect(red.some((v) => v > 0.06 && v < 0.11)).toBe(true);
    expect(ox.some((v) => v > 0.42 && v < 0.52)).toBe(true);
  });
});

describe('dqdv output contract', () => {
  const nw = join(REAL, 'neware', 'neware_uio.csv');
  it('JSON keys per CLI.md; CSV is the curve with per-gram values when the mass is known', () => {
    const res = dqdv(['--cycle', '2', '--reference', 'he-v', nw]);
    expect(Object.keys(res)).toEqual(expect.arrayContaining(['method', 'halfCycles', 'couples']));
    expect(Object.keys(res.halfCycles[0]!)).toEqual(expect.arrayContaining(['cycle', 'direction', 'peaks']));
    expect(Object.keys(res.halfCycles[0]!.peaks[0]!).sort()).toEqual(['areaMAh', 'fwhmV', 'heightMAhPerV', 'prominence', 'voltageV']);
    expect(Object.keys(res.couples[0]!)).toEqual(expect.arrayContaining(['cycle', 'oxidationV', 'reductionV', 'meanVoltageV', 'polarizationV', 'label']));
    const csv = cli(['dqdv', '--csv', '--cycle', '2', nw]);
    expect(csv.code).toBe(0);
    const lines = csv.stdout.trim().split('\n');
    expect(lines[0]).toBe('file,cycle,direction,voltageV,dqdvMAhPerV,dqdvMAhPerVG');
    const row = lines[1]!.split(',');
    expect(Number(row[5]) / Number(row[4])).toBeCloseTo(1 / 0.00208, 0);
    expect(lines.some((l) => l.includes(',discharge,') && Number(l.split(',')[4]) < 0)).toBe(true);
  });

  it('table with a chart and peak marks', () => {
    const r = cli(['dqdv', '--cycle', '2', nw]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/redox couples/);
    expect(r.stdout).toMatch(/▲/);
    expect(r.stdout).toMatch(/dQ\/dV, cycle 2/);
  });

  it('bad options exit 2 with a message that says what to pass', () => {
    for (const [args, msg] of [
      [['--step-mv', '0'], /--step-mv 0: expected a positive step/],
      [['--window', '6'], /--window 6: expected an odd number/],
      [['--ce', 'bogus'], /--ce: expected discharge-over-charge, charge-over-discharge or auto, got 'bogus'/],
      // 2–4 points smooth nothing (Savitzky–Golay needs 5): the output must not claim they did.
      [['--window', '3'], /--window 3: expected an odd number of points ≥ 5, or 1/],
      [['--min-prominence', 'lots'], /--min-prominence lots: expected a percentage/],
      [['--reference', 'xyz'], /--reference xyz: expected he-v, nvp/],
      [['--cycle', '3-1'], /--cycle 3-1: range 3-1 at position 1 runs backwards/],
    ] as const) {
      const r = cli(['dqdv', ...args, 'fixtures/demo/cc-demo.csv']);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(msg);
    }
  });

  it('a cycle the file does not have is an error for that file', () => {
    const r = cli(['dqdv', '--cycle', '999', 'fixtures/demo/cc-demo.csv']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--cycle 999: no such cycle in this file/);
  });
});
