/**
 * Issue 16, "any cell, any protocol", on synthetic constant-current files whose answers are exact
 * (test/helpers/synthetic-cell.ts: capacity = current × time, voltage linear in time).
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli, REAL, tempDir, writeTemp } from '../helpers/cli.js';
import { anodeCycle, cathodeCycle, ccCsv, type CcStep } from '../helpers/synthetic-cell.js';

interface Cycle { cycle: number; partial: boolean; coulombicEfficiency: number | null; chargeCapacityMAh: number | null; dischargeCapacityMAh: number | null; meanDischargeVoltageV: number | null }
interface SummaryFile { cellType: string; cellTypeSource: string; cycleRule: string; cycles: Cycle[]; warnings: string[] }

const summary = (file: string, ...flags: string[]): SummaryFile => {
  const r = cli(['summary', '--json', '-q', ...flags, file]);
  expect(r.code, r.stderr).toBe(0);
  return (JSON.parse(r.stdout) as { results: SummaryFile[] }).results[0]!;
};

// 0.5 mA for 2 h lithiates 1.0 mAh; delithiation for 90 % of that time returns 0.9 mAh.
const ANODE = writeTemp('anode-vs-li.csv', ccCsv([1, 2, 3].flatMap((n) => anodeCycle(n, 5e-4, 7200, 0.9))));

describe('cell type from the data', () => {
  it('an anode vs Li (0.05–1.0 V, lithiation first) is half-anode: CE = delithiation / lithiation = 0.9', () => {
    const s = summary(ANODE);
    expect(s.cellType).toBe('half-anode');
    expect(s.cellTypeSource).toBe('inferred from the data');
    expect(s.cycles).toHaveLength(3);
    for (const c of s.cycles) {
      expect(c.dischargeCapacityMAh!).toBeCloseTo(1.0, 9);
      expect(c.chargeCapacityMAh!).toBeCloseTo(0.9, 9);
      expect(c.coulombicEfficiency!).toBeCloseTo(0.9, 9);
      expect(c.meanDischargeVoltageV!).toBeCloseTo(0.525, 9);
      expect(c.partial).toBe(false);
    }
  });

  it('--cell-type wins over the data, and says so', () => {
    const s = summary(ANODE, '--cell-type', 'half-cathode');
    expect(s.cellType).toBe('half-cathode');
    expect(s.cellTypeSource).toBe('--cell-type');
    expect(s.cycles[0]!.coulombicEfficiency!).toBeCloseTo(1 / 0.9, 9);
  });

  it('inspect gives the evidence; report drops the energy density and any Na-rich note for an anode', () => {
    const i = JSON.parse(cli(['inspect', '--json', '-q', ANODE]).stdout).results[0];
    expect(i.cellType).toBe('half-anode');
    expect(i.cellTypeEvidence.minVoltageV).toBeCloseTo(0.05, 9);
    expect(i.cellTypeEvidence.maxVoltageV).toBeCloseTo(1.0, 9);
    expect(i.cellTypeEvidence.firstDirection).toBe('discharge');
    const r = cli(['report', '--no-charts', '--mass', '1mg', ANODE]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/cell\s+half-anode \(inferred from the data\)/);
    expect(r.stdout).toMatch(/not applicable: half-anode: /);
    expect(r.stdout + r.stderr).not.toMatch(/Na-rich/);
  });

  it('a cathode between 2.5 and 4.2 V stays half-cathode; more than 15 mAh in one step is a full cell', () => {
    const small = writeTemp('cathode.csv', ccCsv([1, 2].flatMap((n) => cathodeCycle(n, 3.4e-4, 7200, 0.97))));
    expect(summary(small).cellType).toBe('half-cathode');
    const big = writeTemp('commercial.csv', ccCsv([1, 2].flatMap((n) => cathodeCycle(n, 3.0, 3600, 0.97))));
    const s = summary(big);
    expect(s.cellType).toBe('full');
    expect(s.cycles[0]!.coulombicEfficiency!).toBeCloseTo(0.97, 9);
  });
});

describe('sanity checks that speak up', () => {
  const DEMO = 'fixtures/demo/cc-demo.csv';
  it('a mass that makes the capacity impossible is named with its source', () => {
    // 0.68 mAh over 0.1 mg would be 6,800 mAh g⁻¹; over 3.4 g, 0.2 mAh g⁻¹.
    expect(cli(['summary', '--mass', '0.1mg', DEMO]).stderr).toMatch(/warning: specific capacity 6800 mAh g⁻¹ \(cycle 1\) is above any known electrode .*: check the active mass 0.1000 mg \(--mass\)/);
    expect(cli(['summary', '--mass', '3.4g', DEMO]).stderr).toMatch(/warning: specific capacity at most 0.200 mAh g⁻¹ \(cycle 1\) is implausibly small .*: check the active mass 3400 mg \(--mass\)/);
    expect(cli(['summary', '--mass', '3.4mg', DEMO]).stderr).not.toMatch(/specific capacity/);
  });
});

describe('partial and formation cycles', () => {
  // 0.34 mA: an opening discharge from open circuit of 10 min (0.0567 mAh), then 3 cycles of a
  // 2 h charge (0.68 mAh) and a discharge of 97 % of it.
  const opening: CcStep[] = [
    { currentA: -3.4e-4, seconds: 600, fromV: 3.0, toV: 2.5 },
    { currentA: 0, seconds: 600, fromV: 2.5, toV: 2.5 },
    ...[1, 2, 3].flatMap((n) => cathodeCycle(n, 3.4e-4, 7200, 0.97)),
  ];

  it('a short opening discharge is cycle 0, partial; cycle 1 pairs the first charge with its discharge', () => {
    const s = summary(writeTemp('opening.csv', ccCsv(opening, false)));
    expect(s.cycles.map((c) => c.cycle)).toEqual([0, 1, 2, 3]);
    expect(s.cycles.map((c) => c.partial)).toEqual([true, false, false, false]);
    expect(s.cycles[0]!.dischargeCapacityMAh!).toBeCloseTo(0.34 / 6, 9);
    for (const c of s.cycles.slice(1)) expect(c.coulombicEfficiency!).toBeCloseTo(0.97, 9);
    expect(s.cycleRule).toMatch(/short discharge from open circuit .* cycle 0/);
  });

  it('an unfinished last cycle is partial and `2-last` ends before it', () => {
    // Cycle 4's discharge stops after 30 % of its charge: far below its neighbours.
    const steps = [...[1, 2, 3].flatMap((n) => cathodeCycle(n, 3.4e-4, 7200, 0.97)), ...cathodeCycle(4, 3.4e-4, 7200, 0.3)];
    const data = writeTemp('unfinished.csv', ccCsv(steps));
    const s = summary(data);
    expect(s.cycles.map((c) => c.partial)).toEqual([false, false, false, true]);
    const spec = writeTemp('ce-spec.yaml', 'rules:\n  - metric: coulombicEfficiency\n    cycles: 2-last\n    aggregate: min\n    min: 0.9\n');
    const r = cli(['check', '--spec', spec, '--report', 'json', data]);
    expect(r.code, r.stdout).toBe(0);
    const rule = JSON.parse(r.stdout).results[0].rules[0];
    expect(rule.status).toBe('pass');
    expect(rule.cycles).toEqual([2, 3]);
    expect(rule.measured).toBeCloseTo(0.97, 9);
    // --cycle takes the same grammar: `last` and `2-last` end at cycle 3, the last complete one.
    const windows = (sel: string): number[] => JSON.parse(cli(['windows', '--json', '-q', '--edges', '3.5', '--cycle', sel, data]).stdout).results[0].cycles.map((c: { cycle: number }) => c.cycle);
    expect(windows('last')).toEqual([3]);
    expect(windows('2-last')).toEqual([2, 3]);
    expect(windows('1,4')).toEqual([1, 4]);
    const bad = cli(['windows', '--cycle', '1,4-2', data]);
    expect([bad.code, bad.stderr]).toEqual([2, 'cyclekit: --cycle 1,4-2: range 4-2 at position 3 runs backwards\n']);
  });
});

describe('retention and rate share one view of the protocol', () => {
  // No 1C basis: 3 cycles each at 0.1, 0.2 and 0.5 mA, then 12 at 1 mA, each 1 % below the one before.
  const steps: CcStep[] = [];
  let n = 1;
  for (const mA of [0.1, 0.2, 0.5]) for (let k = 0; k < 3; k++, n++) steps.push(...cathodeCycle(n, mA / 1000, 7200 / mA, 0.97));
  // Whole seconds, so that the time column holds them exactly.
  const dischargeS = Array.from({ length: 12 }, (_, k) => Math.round(6984 * 0.99 ** k));
  for (let k = 0; k < 12; k++, n++) steps.push(...cathodeCycle(n, 1e-3, 7200, dischargeS[k]! / 7200));
  const data = writeTemp('rate-then-cycling.csv', ccCsv(steps));

  it('rate labels its groups by current; retention runs at the long-cycling current and says which cycles it left out', () => {
    const rate = JSON.parse(cli(['rate', '--json', '-q', data]).stdout).results[0];
    expect(rate.groups.map((g: { label: string }) => g.label)).toEqual(['0.1 mA', '0.2 mA', '0.5 mA', '1 mA']);
    const ret = JSON.parse(cli(['retention', '--json', '-q', data]).stdout).results[0];
    expect(ret.referenceCycle).toBe(10);
    expect(ret.longCyclingLevel).toBe('1 mA');
    expect(ret.otherRateCycles).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(ret.overall.retention).toBeCloseTo(dischargeS[11]! / dischargeS[0]!, 9);
    expect(ret.fadePerCycle).toBeCloseTo(0.01, 4);
    expect(ret.cyclesToThreshold).toBe(Math.ceil(Math.log(0.8) / Math.log(0.99)));
    expect(ret.thresholdExtrapolated).toBe(true);
  });

  it('a pure rate test has no fade line', () => {
    const rateOnly: CcStep[] = [];
    let c = 1;
    for (const mA of [0.1, 0.2, 0.5, 1, 0.1]) for (let k = 0; k < 3; k++, c++) rateOnly.push(...cathodeCycle(c, mA / 1000, 7200 / mA, mA === 1 ? 0.6 : 0.97));
    const file = writeTemp('rate-only.csv', ccCsv(rateOnly));
    const report = JSON.parse(cli(['report', '--json', '-q', file]).stdout).results[0];
    expect(report.retention).toBeNull();
    expect(report.notApplicable.retention).toMatch(/^at most 6 cycles at any one discharge current/);
    const ret = JSON.parse(cli(['retention', '--json', '-q', file]).stdout).results[0];
    expect(ret.fit).toBeNull();
    expect(ret.fadePer1000Cycles).toBeNull();
  });
});

describe('signs of voltages are kept', () => {
  it('new_nda_file.nda, measured at negative voltage (MANIFEST: first row −0.0911 V): mean voltages are negative', () => {
    const s = summary(join(REAL, 'neware', 'new_nda_file.nda'));
    const withDischarge = s.cycles.filter((c) => c.meanDischargeVoltageV !== null);
    expect(withDischarge.length).toBeGreaterThan(0);
    for (const c of withDischarge) {
      expect(c.meanDischargeVoltageV!).toBeLessThan(-0.08);
      expect(c.meanDischargeVoltageV!).toBeGreaterThan(-0.11);
    }
  });
});

describe('neutral defaults when comparing with a reference', () => {
  const HEV = join('fixtures', 'he-v', 'he-v-0.2C.csv');

  it("the reference's own 1C basis (HE-V paper: 100 mA/g) is used when the data name none, and said", () => {
    const dir = tempDir();
    const data = writeTemp('he-v-no-basis.csv', readFileSync(HEV), dir);
    writeTemp('he-v-no-basis.csv.cell.yaml', 'massMg: 2\nreference: he-v\ncellType: half-cathode\n', dir);
    const r = cli(['compare', '--json', data]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/1C = 100mA\/g, the reference's own basis \(he-v\)/);
    const rows = JSON.parse(r.stdout).results[0].rows as { quantity: string; verdict: string; measured: number }[];
    const plateau = rows.find((x) => x.quantity === 'plateau V⁴⁺/V³⁺')!;
    expect(plateau.verdict).toBe('pass');
    expect(rows.find((x) => x.quantity === 'reversible capacity at 0.2C')!.measured).toBeCloseTo(170, 0);
  });

  it('a C-rate within ±15 % matches a reference line: 0.179C counts as 0.2C', () => {
    // 0.04 mA on 2 mg is 0.2C at 100 mA/g, 0.1792C at 111.6 mA/g (snaps to no standard rate).
    const r = cli(['compare', '--json', '-q', '--c-rate-basis', '111.6mA/g', HEV]);
    expect(r.code).toBe(0);
    const rows = JSON.parse(r.stdout).results[0].rows as { quantity: string; verdict: string; note: string }[];
    const capacity = rows.find((x) => x.quantity === 'reversible capacity at 0.2C')!;
    expect(capacity.verdict).toBe('pass');
    expect(capacity.note).toMatch(/measured 0\.179C, within ±15 %/);
  });
});

describe('window edges: the reference\'s own, else the valleys between dQ/dV couples', () => {
  it("HE-V with its reference keeps the paper's 3.0/3.6 V and says so; without one, each window holds one couple", () => {
    const withRef = JSON.parse(cli(['windows', '--json', '-q', join('fixtures', 'he-v', 'he-v-0.2C.csv')]).stdout).results[0];
    expect(withRef.edgesV).toEqual([3.0, 3.6]);
    expect(withRef.edgesSource).toBe("the reference's own (he-v)");
    // The valley rule on the same data: flat floors between the couples, bottoms at their middles
    // (2.55, 3.72 V), not at 3.0/3.6 V; both paper edges lie on those floors.
    expect(withRef.edgesNote).toBe(
      'the valleys between the dQ/dV couples of cycle 2 (1.67 V, 3.43 V, 4.03 V) bottom out at 2.55, 3.72 V (floors 1.79–3.32 V, 3.54–3.91 V), not within 0.05 V of 3.00, 3.60 V: those are kept; each lies on a valley floor, so every window still holds whole couples',
    );
    const dir = tempDir();
    const data = writeTemp('he-v-bare.csv', readFileSync(join('fixtures', 'he-v', 'he-v-0.2C.csv')), dir);
    const bare = JSON.parse(cli(['windows', '--json', '-q', data]).stdout).results[0];
    expect(bare.edgesSource).toMatch(/^valleys between the dQ\/dV couples of cycle 2 \(1\.67 V, 3\.43 V, 4\.03 V\)$/);
    // The couples sit at 1.67, 3.43 and 4.03 V (src/references/he-v.json): one edge in each gap.
    expect(bare.edgesV).toEqual([2.55, 3.72]);
    expect(bare.edgesNote).toBeNull();
    expect(bare.edgesV[0]).toBeGreaterThan(1.8);
    expect(bare.edgesV[0]).toBeLessThan(3.3);
    expect(bare.edgesV[1]).toBeGreaterThan(3.5);
    expect(bare.edgesV[1]).toBeLessThan(3.95);
    expect(cli(['windows', '--json', '-q', '--edges', '3.1', data]).stdout).toMatch(/"edgesSource": "--edges"/);
  });
});

describe('dV/dQ beside dQ/dV', () => {
  it('a voltage linear in capacity has a constant dV/dQ: 1.7 V over 0.68 mAh on charge, over 0.6596 mAh on discharge', () => {
    const file = writeTemp('linear.csv', ccCsv(cathodeCycle(1, 3.4e-4, 7200, 0.97)));
    const r = cli(['dvdq', '--json', '-q', '--points', '200', file]);
    expect(r.code, r.stderr).toBe(0);
    const res = JSON.parse(r.stdout).results[0];
    expect(res.parameters).toEqual({ points: 200, window: 9, polynomial: 3 });
    const [chg, dis] = res.halfCycles as { direction: string; totalMAh: number; capacityMAh: number[]; dvdqVPerMAh: number[] }[];
    expect(chg!.direction).toBe('charge');
    expect(chg!.totalMAh).toBeCloseTo(0.68, 9);
    expect(chg!.capacityMAh).toHaveLength(200);
    expect(chg!.capacityMAh[199]).toBeCloseTo(0.68, 9);
    expect(chg!.dvdqVPerMAh.length).toBe(200);
    for (const y of chg!.dvdqVPerMAh) expect(Math.abs(y - 1.7 / 0.68)).toBeLessThan(1e-3);
    expect(dis!.direction).toBe('discharge');
    for (const y of dis!.dvdqVPerMAh) expect(Math.abs(y + 1.7 / 0.6596)).toBeLessThan(1e-3);
    const csv = cli(['dvdq', '--csv', '-q', '--points', '200', file]).stdout.trimEnd().split('\n');
    expect(csv[0]).toBe('file,cycle,direction,capacityMAh,voltageV,dvdqVPerMAh');
    expect(csv).toHaveLength(401);
    expect(cli(['dvdq', '--points', '3', file]).code).toBe(2);
  });
});

describe('peak tracking over cycles', () => {
  it('HE-V at 0.2C: the three couples followed cycle by cycle at 1.67, 3.43 and 4.03 V (src/references/he-v.json), labelled', () => {
    const HEV = join('fixtures', 'he-v', 'he-v-0.2C.csv');
    const r = cli(['peaks', '--json', '-q', HEV]);
    expect(r.code, r.stderr).toBe(0);
    const res = JSON.parse(r.stdout).results[0];
    expect(res.every).toBe(1);
    expect(res.analysedCycles).toEqual([1, 2, 3, 4]);
    const tracks = res.couples as { label: string; cycles: { cycle: number; meanVoltageV: number; polarizationV: number; oxidationAreaMAh: number }[] }[];
    expect(tracks.map((t) => t.label)).toEqual(['V³⁺/V²⁺', 'V⁴⁺/V³⁺', 'V⁵⁺/V⁴⁺']);
    const potentials = [1.67, 3.43, 4.03];
    tracks.forEach((t, i) => {
      expect(t.cycles.length).toBeGreaterThanOrEqual(3);
      for (const c of t.cycles) {
        expect(Math.abs(c.meanVoltageV - potentials[i]!)).toBeLessThan(0.01);
        expect(c.polarizationV).toBeGreaterThan(0);
        expect(c.polarizationV).toBeLessThan(0.05);
        expect(c.oxidationAreaMAh).toBeGreaterThan(0);
      }
    });
    const sparse = JSON.parse(cli(['peaks', '--json', '-q', '--every', '2', HEV]).stdout).results[0];
    expect(sparse.analysedCycles).toEqual([1, 3, 4]);
    expect(cli(['peaks', '--every', '0', HEV]).code).toBe(2);
  });
});

describe('a test split over several files, joined', () => {
  it('the demo cut after cycle 1, its second part counting time and cycles from 0 and 1 again, joins back to the whole', () => {
    // fixtures/demo/cc-demo.csv: cycle 2 starts at 14784 s.
    const lines = readFileSync(join('fixtures', 'demo', 'cc-demo.csv'), 'utf8').trimEnd().split('\n');
    const cut = lines.findIndex((l, i) => i > 0 && l.split(',')[3] === '2');
    const second = lines.slice(cut).map((l) => {
      const f = l.split(',');
      return [(Number(f[0]) - 14784).toFixed(1), f[1], f[2], String(Number(f[3]) - 1), f[4]].join(',');
    });
    const dir = tempDir();
    const a = writeTemp('demo_01.csv', `${lines.slice(0, cut).join('\n')}\n`, dir);
    const b = writeTemp('demo_02.csv', `${[lines[0], ...second].join('\n')}\n`, dir);
    const r = cli(['summary', '--json', '--join', a, b]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/2 files joined as one test: .*demo_02\.csv from step 3, time \+14784\.0 s, cycles \+1/);
    const res = JSON.parse(r.stdout).results;
    expect(res).toHaveLength(1);
    const whole = summary(join('fixtures', 'demo', 'cc-demo.csv'));
    expect(res[0].cycles.map((c: Cycle) => c.cycle)).toEqual([1, 2, 3]);
    res[0].cycles.forEach((c: Cycle & { durationS: number }, i: number) => {
      expect(c.chargeCapacityMAh!).toBeCloseTo(whole.cycles[i]!.chargeCapacityMAh!, 9);
      expect(c.dischargeCapacityMAh!).toBeCloseTo(whole.cycles[i]!.dischargeCapacityMAh!, 9);
    });
    expect(res[0].join.seams.map((s: { timeOffsetS: number; cycleOffset: number }) => [s.timeOffsetS, s.cycleOffset])).toEqual([[0, 0], [14784, 1]]);
    // Without --join the parts are two files of 1 and 2 cycles.
    expect(JSON.parse(cli(['summary', '--json', '-q', a, b]).stdout).results.map((x: SummaryFile) => x.cycles.length)).toEqual([1, 2]);
  });
});

describe('simulate: hard-carbon and graphite half-anodes', () => {
  it.each([['hc', 300], ['graphite', 350]])('%s is written discharge first, calibrated to %d mAh/g at 0.2C, and read back as a half-anode from the data alone', (material, target) => {
    const dir = tempDir();
    const out = join(dir, `${material}.csv`);
    const w = cli(['simulate', '--material', String(material), '--dt', '60', '--no-sidecar', '-o', out]);
    expect(w.code, w.stderr).toBe(0);
    const s = summary(out, '--mass', '2mg');
    expect(s.cellType).toBe('half-anode');
    expect(s.cellTypeSource).toBe('inferred from the data');
    expect(s.cycles).toHaveLength(4);
    // Cycles after the first start from the state the model was calibrated on (src/sim/calibrate.ts).
    for (const c of s.cycles.slice(1) as (Cycle & { dischargeSpecificCapacityMAhG: number })[]) {
      expect(c.dischargeSpecificCapacityMAhG).toBeCloseTo(Number(target), 6);
      expect(c.coulombicEfficiency!).toBeCloseTo(1, 6);
      expect(c.meanDischargeVoltageV!).toBeLessThan(0.3);
    }
  });
});
