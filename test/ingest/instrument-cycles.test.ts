/**
 * The cycler's own per-cycle figures (JSON `instrumentCycles`), read by every reader whose file
 * carries them, beside cyclekit's CE. Facts from fixtures/real/MANIFEST.md (INSTRUMENT: the
 * Neware Cycle sheet; DERIVED: the EC-Lab per-cycle maxima) and from the files' own columns.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, REAL } from '../helpers/cli.js';

interface Row { cycle: number; instrumentChargeCapacityMAh: number | null; instrumentDischargeCapacityMAh: number | null; instrumentCoulombicEfficiency: number | null; instrumentCeBasis: string | null; coulombicEfficiency: number | null; differencePoints: number | null }
interface Result { cellType: string; warnings: string[]; instrumentCycles: { source: string; tolerancePoints: number; compared: boolean; notComparedReason: string | null; cycles: Row[]; disagreeing: number[] } | null }

const summary = (file: string, ...args: string[]): Result => {
  const r = cli(['summary', '--json', ...args, file]);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout).results[0];
};
const own = (r: Result): string[] => r.warnings.filter((w) => w.startsWith("the file's own CE"));

describe("EC-Lab .mpt: Q charge/Q discharge/Efficiency per cycle number", () => {
  it('gcpl.pr_182.1.mpt (half-anode): EC-Lab\'s Q dis/Q chg column inverted to charge/discharge agrees in cycles 1–3', () => {
    const r = summary(join(REAL, 'biologic', 'gcpl.pr_182.1.mpt'));
    expect(r.cellType).toBe('half-anode');
    const ic = r.instrumentCycles!;
    expect(ic.source).toBe("EC-Lab's per-cycle columns (Q charge/mA.h, Q discharge/mA.h, Efficiency/%) by cycle number");
    expect(ic.cycles.map((c) => c.cycle)).toEqual([0, 1, 2, 3, 4]);
    const c1 = ic.cycles[1]!;
    // MANIFEST DERIVED (expected/gcpl.pr_182.1.mpt.derived_cycles.csv): cycle 1 max Q charge 2.616072, Q discharge 2.2524341 mAh.
    expect(c1.instrumentChargeCapacityMAh).toBeCloseTo(2.616072, 6);
    expect(c1.instrumentDischargeCapacityMAh).toBeCloseTo(2.2524341, 6);
    // The file's Efficiency/% in cycle 1 is 86.099854 (= Q dis / Q chg); charge/discharge is its inverse.
    expect(c1.instrumentCeBasis).toBe('CE column, inverted');
    expect(c1.instrumentCoulombicEfficiency).toBeCloseTo(100 / 86.099854, 9);
    expect(ic.cycles.filter((c) => c.differencePoints !== null).map((c) => c.cycle)).toEqual([1, 2, 3]);
    expect(ic.disagreeing).toEqual([]);
    expect(own(r)).toEqual([]);
  });

  it('mb.old.mpt: cycle 2 differs (EC-Lab Efficiency/% 103.63553, cyclekit 103.42 % from the Q columns): a warning names both', () => {
    const r = summary(join(REAL, 'biologic', 'mb.old.mpt'));
    expect(r.instrumentCycles!.disagreeing).toEqual([2]);
    expect(r.instrumentCycles!.cycles[2]!.instrumentCoulombicEfficiency).toBeCloseTo(1.0363553, 9);
    expect(own(r)).toEqual([
      "the file's own CE (EC-Lab's per-cycle columns (Q charge/mA.h, Q discharge/mA.h, Efficiency/%) by cycle number) and cyclekit's (discharge-over-charge) differ by more than 0.1 point in 1 of 4 cycle(s): " +
        "cycle 2: the file's 103.64 %, cyclekit's 103.42 %; the two count the cycle's capacity differently (rest, EIS or CV steps inside the cycle?): the table gives cyclekit's, JSON instrumentCycles the file's",
    ]);
  });

  it('an .mpr stores none of them (EC-Lab computes them on export): instrumentCycles is null', () => {
    expect(summary(join(REAL, 'biologic', 'jdb11-1_c3_gcpl_5cycles_2V-3p8V_C-24_data_C09.mpr'), '-q').instrumentCycles).toBeNull();
  });
});

describe('Neware .xls: the Cycle sheet\'s capacities', () => {
  it('custom_data_003.xls: cycle 2 3.119684 / 2.833252 mAh, cycle 14 1.209321 / 1.210669 mAh (MANIFEST INSTRUMENT); CE from them agrees', () => {
    const r = summary(join(REAL, 'neware', 'custom_data_003.xls'), '-q');
    const ic = r.instrumentCycles!;
    expect(ic.source).toBe('Cycle_14_1_3 sheet (Capacity of charge(mAh), Capacity of discharge(mAh))');
    expect(ic.cycles).toHaveLength(14);
    const at = (n: number): Row => ic.cycles.find((c) => c.cycle === n)!;
    expect(at(2).instrumentChargeCapacityMAh).toBeCloseTo(3.119684, 6);
    expect(at(2).instrumentDischargeCapacityMAh).toBeCloseTo(2.833252, 6);
    expect(at(14).instrumentChargeCapacityMAh).toBeCloseTo(1.209321, 6);
    expect(at(14).instrumentDischargeCapacityMAh).toBeCloseTo(1.210669, 6);
    // Cycle 1 has no charge (0 mAh): no CE to compare.
    expect(at(1).instrumentCoulombicEfficiency).toBeNull();
    expect(at(2).instrumentCeBasis).toBe('capacities');
    expect(at(2).instrumentCoulombicEfficiency).toBeCloseTo(3.119684 / 2.833252, 5);
    expect(ic.disagreeing).toEqual([]);
  });
});

describe('not compared when cyclekit numbers the cycles itself', () => {
  it('LAND with --cycle-rule charge-first: the Cycle-Tab is reported, not compared, and says why', () => {
    const r = summary(join(REAL, 'lanhe', 'custom_data_002.xlsx'), '-q', '--cycle-rule', 'charge-first');
    const ic = r.instrumentCycles!;
    expect(ic.compared).toBe(false);
    expect(ic.notComparedReason).toBe("cyclekit numbered the cycles itself (charge-first), so its cycle numbers are not the cycler's");
    expect(ic.cycles.every((c) => c.differencePoints === null && c.coulombicEfficiency === null)).toBe(true);
    expect(ic.cycles[0]!.instrumentCoulombicEfficiency).toBeCloseTo(0.906072, 9);
  });
});

describe('counters that restart with every cycle: Arbin .res/.csv/.xlsx and PEC', () => {
  it('Arbin .res Si half-anode: 17 complete cycles, each CE within 0.1 point of the counters\' own (cellpy GOLD cycles 1, 2, 18)', () => {
    const r = summary(join(REAL, 'arbin', '20160805_test001_45_cc_01.res'), '-q');
    expect(r.cellType).toBe('half-anode');
    const ic = r.instrumentCycles!;
    expect(ic.source).toBe("Channel_Normal_Table's Charge_Capacity and Discharge_Capacity, each cycle's largest value (the counters restart with every cycle)");
    expect(ic.cycles.map((c) => c.cycle)).toEqual(Array.from({ length: 18 }, (_, k) => k + 1));
    const at = (n: number): Row => ic.cycles.find((c) => c.cycle === n)!;
    // MANIFEST GOLD (cellpy golden summary): cycle 1 charge 0.001625406 Ah, discharge 0.001755094 Ah, CE 92.61 % (anode: charge/discharge).
    expect(at(1).instrumentChargeCapacityMAh).toBeCloseTo(1.625406, 6);
    expect(at(1).instrumentDischargeCapacityMAh).toBeCloseTo(1.755094, 6);
    expect(at(1).instrumentCoulombicEfficiency! * 100).toBeCloseTo(92.61, 2);
    // cycle 2 0.001699564 / 0.001567475 Ah; cycle 18 partial (discharge 0.000239 Ah only).
    expect(at(2).instrumentChargeCapacityMAh).toBeCloseTo(1.699564, 6);
    expect(at(2).instrumentDischargeCapacityMAh).toBeCloseTo(1.567475, 6);
    expect(at(18).instrumentChargeCapacityMAh).toBe(0);
    expect(at(18).instrumentDischargeCapacityMAh).toBeCloseTo(0.239, 3);
    const compared = ic.cycles.filter((c) => c.differencePoints !== null);
    expect(compared.map((c) => c.cycle)).toEqual(Array.from({ length: 17 }, (_, k) => k + 1));
    expect(Math.max(...compared.map((c) => Math.abs(c.differencePoints!)))).toBeLessThan(0.1);
    expect(ic.disagreeing).toEqual([]);
    expect(own(r)).toEqual([]);
  });

  it('arbin_example.csv: cycle 2 1.072532 / 1.072909 Ah (MANIFEST DERIVED); cycle 1 includes the 0.880005 Ah counted before the file starts', () => {
    const r = summary(join(REAL, 'arbin', 'arbin_example.csv'), '-q');
    const ic = r.instrumentCycles!;
    expect(ic.source).toBe("'Charge_Capacity' and 'Discharge_Capacity', each cycle's largest value (the counters restart with every cycle)");
    expect(ic.cycles[1]!.instrumentChargeCapacityMAh).toBeCloseTo(1072.532, 3);
    expect(ic.cycles[1]!.instrumentDischargeCapacityMAh).toBeCloseTo(1072.909, 3);
    expect(ic.cycles[0]!.instrumentChargeCapacityMAh).toBeGreaterThan(880.005);
    expect(ic.disagreeing).toEqual([]);
  });

  it("pec.csv: the file's Charge/Discharge Capacity (mAh) per cycle 0–2; cycle 1 CE agrees exactly", () => {
    const ic = summary(join(REAL, 'pec', 'pec.csv'), '-q').instrumentCycles!;
    // The file's own columns: cycle 0 discharge only (11634.168 mAh), cycle 1 44424.915 / 44351.991 mAh, cycle 2 charge only.
    expect(ic.cycles.map((c) => [c.cycle, c.instrumentChargeCapacityMAh, c.instrumentDischargeCapacityMAh])).toEqual([
      [0, 0, expect.closeTo(11634.168, 6)],
      [1, expect.closeTo(44424.915, 6), expect.closeTo(44351.991, 6)],
      [2, expect.closeTo(44258.93, 6), 0],
    ]);
    expect(ic.cycles[1]!.differencePoints).toBeCloseTo(0, 9);
  });

  it('bs542 .xlsx: Arbin counted the whole test as its cycle 1; cyclekit numbers its own cycles, so nothing is compared', () => {
    const ic = summary(join(REAL, 'arbin', 'bs542_004_gr_li_50ua_50mv_1v_191020_Channel_11.xlsx'), '-q').instrumentCycles!;
    expect(ic.cycles.map((c) => c.cycle)).toEqual([1]);
    expect(ic.compared).toBe(false);
    expect(ic.notComparedReason).toMatch(/^cyclekit numbered the cycles itself \(discharge-first\)/);
  });
});
