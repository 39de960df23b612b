/**
 * A test split over several files is joined without --join when the names are consecutive
 * parts (run.001/.002/.003, run_1/run_2) and the contents continue each other; --no-join reads
 * them apart; two channels recorded side by side are never joined. Synthetic parts of the
 * bundled demo (fixtures/demo/cc-demo.csv: 3 cycles, cycle 2 starts at 14784 s, cycle 3 at
 * 29568 s), whose whole-file summary is the exact answer.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, tempDir, writeTemp } from '../helpers/cli.js';

interface Cycle { cycle: number; chargeCapacityMAh: number; dischargeCapacityMAh: number }
interface Seam { file: string; startTimeS: number; timeOffsetS: number; cycleOffset: number; firstStep: number }
interface Result { file: string; cycles: Cycle[]; warnings: string[]; join?: { parts: string[]; seams: Seam[]; detected: string[] | null } }

const DEMO = join('fixtures', 'demo', 'cc-demo.csv');
const lines = readFileSync(DEMO, 'utf8').trimEnd().split('\n');
const header = lines[0]!;
const rows = lines.slice(1);
const cycleOf = (l: string): number => Number(l.split(',')[3]);
const at2 = rows.findIndex((l) => cycleOf(l) === 2);
const at3 = rows.findIndex((l) => cycleOf(l) === 3);
const parts = [rows.slice(0, at2), rows.slice(at2, at3), rows.slice(at3)];
const file = (rowsOf: string[]): string => `${[header, ...rowsOf].join('\n')}\n`;

const results = (...args: string[]): Result[] => {
  const r = cli(['summary', '--json', ...args]);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout).results;
};
const whole = results('-q', DEMO)[0]!;

function expectWhole(r: Result): void {
  expect(r.cycles.map((c) => c.cycle)).toEqual([1, 2, 3]);
  r.cycles.forEach((c, i) => {
    expect(c.chargeCapacityMAh).toBeCloseTo(whole.cycles[i]!.chargeCapacityMAh, 9);
    expect(c.dischargeCapacityMAh).toBeCloseTo(whole.cycles[i]!.dischargeCapacityMAh, 9);
  });
}

describe('a split test joined by detection', () => {
  const dir = tempDir();
  const maccor = parts.map((p, k) => writeTemp(`demo.00${k + 1}`, file(p), dir));

  it('demo.001/.002/.003 whose clock runs on: one result, the seams exact, the join said to be detected and how to turn it off', () => {
    const [r, ...rest] = results(...[...maccor].reverse());
    expect(rest).toEqual([]);
    expect(r!.file).toBe(maccor[0]);
    expectWhole(r!);
    expect(r!.join!.parts).toEqual(maccor);
    // Each part is a cycle of three steps (charge, rest, discharge): parts start at steps 0, 3 and 6, on their own clock.
    expect(r!.join!.seams.map((s) => [s.firstStep, s.startTimeS, s.timeOffsetS, s.cycleOffset])).toEqual([[0, 0, 0, 0], [3, 14784, 0, 0], [6, 29568, 0, 0]]);
    const lastOf = (p: string[]): string => Number(p[p.length - 1]!.split(',')[0]).toFixed(1);
    expect(r!.join!.detected).toEqual([
      `its clock runs on (it starts at 14784.0 s; the part before ends at ${lastOf(parts[0]!)} s)`,
      `its clock runs on (it starts at 29568.0 s; the part before ends at ${lastOf(parts[1]!)} s)`,
    ]);
    expect(r!.warnings).toContain(
      `the join was detected, not asked for: the names are consecutive parts of one test and each part continues the one before (${maccor[1]}: ${r!.join!.detected![0]}; ${maccor[2]}: ${r!.join!.detected![1]}); pass --no-join to read them as separate files`,
    );
  });

  it('compare reads the split test whole too, as the other commands do (it used to compare each part alone)', () => {
    const run = (...flags: string[]) => cli(['compare', '--json', '-q', '--reference', 'he-v', ...flags, ...maccor]);
    const joined = run();
    expect(joined.code, joined.stderr).toBe(0);
    expect(JSON.parse(joined.stdout).results.map((r: { file: string }) => r.file)).toEqual([maccor[0]]);
    expect(JSON.parse(run('--no-join').stdout).results).toHaveLength(3);
  });

  it('--no-join reads the parts as three files; --join still joins them in the order given', () => {
    expect(results('-q', '--no-join', ...maccor).map((r) => [r.cycles.length, r.join])).toEqual([[1, undefined], [1, undefined], [1, undefined]]);
    const asked = results('-q', '--join', ...maccor)[0]!;
    expectWhole(asked);
    expect(asked.join!.detected).toBeNull();
  });

  it('continuation files whose clock starts again but whose cycle numbers run on (run_1.csv, run_2.csv): joined, time carried on', () => {
    const second = [...parts[1]!, ...parts[2]!].map((l) => {
      const f = l.split(',');
      return [(Number(f[0]) - 14784).toFixed(1), ...f.slice(1)].join(',');
    });
    const a = writeTemp('run_1.csv', file(parts[0]!), dir);
    const b = writeTemp('run_2.csv', file(second), dir);
    const [r, ...rest] = results('-q', a, b);
    expect(rest).toEqual([]);
    expectWhole(r!);
    expect(r!.join!.seams.map((s) => [s.firstStep, s.timeOffsetS, s.cycleOffset])).toEqual([[0, 0, 0], [3, 14784, 0]]);
    expect(r!.join!.detected).toEqual(['its cycle numbers run on (it starts at cycle 2; the part before ends at cycle 1)']);
  });

  it('two cells recorded side by side (cell_1.csv, cell_2.csv: both clocks from 0, both counts from 1) stay two results', () => {
    const a = writeTemp('cell_1.csv', file(rows), dir);
    const b = writeTemp('cell_2.csv', file(rows), dir);
    const r = results('-q', a, b);
    expect(r.map((x) => [x.file, x.cycles.length, x.join])).toEqual([[a, 3, undefined], [b, 3, undefined]]);
  });
});

describe('a real export cut in two, joined by detection', () => {
  it("arbin_example.csv cut where cycle 2 begins (Test_Time runs on): one test, both parts' own per-cycle capacities (cycle 2 1.072532 / 1.072909 Ah, MANIFEST DERIVED)", () => {
    const dir = tempDir();
    const all = readFileSync(join('fixtures', 'real', 'arbin', 'arbin_example.csv'), 'utf8').trimEnd().split('\n');
    const cut = all.findIndex((l, i) => i > 0 && l.split(',')[5] === '2');
    const a = writeTemp('arbin.001', `${all.slice(0, cut).join('\n')}\n`, dir);
    const b = writeTemp('arbin.002', `${[all[0], ...all.slice(cut)].join('\n')}\n`, dir);
    type WithInstrument = Result & { instrumentCycles: { source: string; cycles: { cycle: number; instrumentChargeCapacityMAh: number; instrumentDischargeCapacityMAh: number }[]; disagreeing: number[] } };
    const [r, ...rest] = results('-q', a, b) as WithInstrument[];
    expect(rest).toEqual([]);
    expect(r!.join!.seams.map((s) => [s.file, s.timeOffsetS, s.cycleOffset])).toEqual([[a, 0, 0], [b, 0, 0]]);
    // Data_Point 861, the first of cycle 2, is at 2700.1583 s; Data_Point 860 at 2700.1358 s.
    expect(r!.join!.detected).toEqual(['its clock runs on (it starts at 2700.2 s; the part before ends at 2700.1 s)']);
    const ic = r!.instrumentCycles;
    expect(ic.source).toBe("'Charge_Capacity' and 'Discharge_Capacity', each cycle's largest value (the counters restart with every cycle) (2 of 2 parts)");
    expect(ic.cycles.map((c) => c.cycle)).toEqual([1, 2]);
    expect(ic.cycles[1]!.instrumentChargeCapacityMAh).toBeCloseTo(1072.532, 3);
    expect(ic.cycles[1]!.instrumentDischargeCapacityMAh).toBeCloseTo(1072.909, 3);
    expect(ic.disagreeing).toEqual([]);
  });
});
