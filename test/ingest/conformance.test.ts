/**
 * Every reader on every real text export in fixtures/real, asserting the facts MANIFEST.md
 * records for it: GOLD (the origin project's own tests), INSTRUMENT (the cycler's own tables)
 * and, where nothing stronger exists, DERIVED cross-checks. Values quoted from PyProBE, cellpy
 * or battdat tests are in those libraries' conventions; where they differ from the raw column
 * the comment says why the raw value is asserted instead.
 */
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Dataset } from '../../src/pipeline/load.js';
import { REAL } from '../helpers/cli.js';
import { load, readAll, real, summaryByCycle, type ReadAll } from './read.js';

/** Relative closeness; 1e-3 is the 0.1 % the acceptance criteria allow for per-cycle capacities. */
function near(actual: number | null | undefined, expected: number, rel = 1e-3): void {
  expect(actual, `expected ≈ ${expected}`).not.toBeNull();
  expect(actual).toBeDefined();
  const tol = Math.max(Math.abs(expected) * rel, 1e-12);
  expect(Math.abs((actual as number) - expected), `${actual} vs ${expected}`).toBeLessThanOrEqual(tol);
}

interface Case {
  reader: string;
  rows: number;
  check(r: ReadAll, ds: Dataset): void;
}

const last = <T>(a: T[]): T => a[a.length - 1]!;
const mAh = (ds: Dataset, cycle: number) => summaryByCycle(ds).get(cycle)!;

const CASES: Record<string, Case> = {
  'arbin/arbin_example.csv': {
    reader: 'arbin-csv',
    rows: 2142, // DERIVED
    check(r, ds) {
      expect(r.records[0]!.timeS).toBe(0);
      near(last(r.records).timeS, 6308.48, 1e-6); // DERIVED Test_Time 0–6308.48 s
      expect(ds.cycles.cycles.map((c) => c.number)).toEqual([1, 2]);
      // DERIVED: capacities reset at cycle 2; its max Charge/Discharge_Capacity are one step each.
      near(mAh(ds, 2).chargeCapacityMAh, 1072.532);
      near(mAh(ds, 2).dischargeCapacityMAh, 1072.909);
      expect(r.header.metadata.startTime).toBe('2017-07-02T14:39:13.000Z'); // DateTime 1499006353 (Unix s)
    },
  },
  'arbin/sample_data_arbin.csv': {
    reader: 'arbin-csv',
    rows: 13, // GOLD PyProBE test_arbin.py: 13 data rows
    check(r) {
      const z = last(r.records);
      // GOLD PyProBE test_arbin.py:12-35, last row.
      near(z.timeS, 301.214, 1e-9);
      expect(z.step).toBe(3);
      near(z.currentA, 2.650138, 1e-9);
      near(z.voltageV, 3.599601, 1e-9);
      near(z.temperatureC, 24.68785, 1e-9);
      expect(new Set(r.records.map((x) => x.step)).size).toBe(3); // PyProBE events {0,1,2}
      expect(r.header.metadata.startTime).toBe('09/20/2024 08:32:34.558');
    },
  },
  'basytec/sample_data_basytec.txt': {
    reader: 'basytec',
    rows: 74,
    check(r) {
      const z = last(r.records);
      // GOLD PyProBE test_basytec.py:22-44, last row; Capacity is the per-step Ah-Step counter.
      near(z.timeS, 70.235804, 1e-8);
      expect(z.step).toBe(4);
      near(z.currentA, 0.449602, 1e-5);
      near(z.voltageV, 3.53285, 1e-5);
      near(z.capacityAh, 0.001248917, 1e-6);
      near(z.temperatureC, 25.47953, 1e-8);
      // GOLD test_basytec.py:12-19: Date[2] = start 17:56:53 + 1.002823 s.
      expect(r.header.metadata.startTime).toBe('19.06.2023 17:56:53');
      near(r.records[2]!.timeS, 1.002823, 1e-9);
    },
  },
  'batterydata/p492-13-raw.csv': {
    reader: 'batterydata-csv',
    rows: 2021,
    check(r, ds) {
      // GOLD battdat test_batterydata.py: max cycle_number 8 is its 0-based renumbering of Cycle_Index 1–9;
      // cyclekit keeps the file's numbers.
      expect(ds.cycles.cycles.map((c) => c.number)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
      // Datenum_d 737792.44 is 2020-01-02 10:37 in MATLAB's calendar; battdat's "day 3" comes from
      // its own conversion (local time and epoch offset), so only the year is asserted.
      expect(String(r.header.metadata.startTime)).toMatch(/^2020-01-0[23]T/);
      // SOURCE SUMMARY p492-13-summary.csv, cycle 2 ("Capacity check"): Q_chg 0.02187029 Ah, Q_dis 0.02173834 Ah.
      near(mAh(ds, 2).chargeCapacityMAh, 21.87029);
      near(mAh(ds, 2).dischargeCapacityMAh, 21.73834);
      // Cycle 4 holds two charges (steps 106+108 to 0.01112004 Ah, steps 116+118 to 0.0196421 Ah); the
      // source summary's Q_chg is the maximum, cyclekit sums the cycle's charge steps.
      near(mAh(ds, 4).chargeCapacityMAh, 11.12004 + 19.6421);
      near(mAh(ds, 4).dischargeCapacityMAh, 19.62057);
    },
  },
  'bdf/SINTEF__SLPBA842124HV__2024-10-23__Rate_25degC__Neware__Time_Bug.bdf.csv': {
    reader: 'bdf',
    // DERIVED: 13086 data rows from line 2; the 19 rows whose test_time_second falls back to 0 at a
    // step's start (the "Time_Bug" of the file's name) repeat the next row and are dropped.
    rows: 13086 - 19,
    check(r, ds) {
      expect(r.header.columns.map((c) => `${c.source}→${c.field}`)).toEqual([
        'test_time_second→timeS', 'voltage_volt→voltageV', 'current_ampere→currentA', 'cycle_count→cycle',
        'step_index→step', 'temperature_t1_celsius→temperatureC',
      ]);
      expect(r.header.warnings.join('\n')).toMatch(/dropped 19 row\(s\) whose test time fell back to 0 .*first at line 724/);
      // Time never runs backwards once those rows are gone (line 2 starts at 0 s, line 13087 ends at 125628.17 s).
      for (let k = 1; k < r.records.length; k++) expect(r.records[k]!.timeS).toBeGreaterThanOrEqual(r.records[k - 1]!.timeS);
      expect(r.records[0]!.timeS).toBe(0);
      near(last(r.records).timeS, 125628.17, 1e-9);
      near(last(r.records).currentA, -59.4591, 1e-9);
      near(last(r.records).voltageV, 2.9995, 1e-9);
      expect(r.records[0]!.temperatureC).toBe(26.5); // temperature_t1_celsius, line 2
      // The file's step_index is the programme step (steps 1–21 without 18), cycle_count is 1 throughout.
      expect(new Set(r.records.map((x) => x.step))).toEqual(new Set([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 19, 20, 21]));
      expect(new Set(r.records.map((x) => x.cycle))).toEqual(new Set([1]));
      // DERIVED (trapezoidal ∫I dt per step_index over the kept rows): step 2 charge 4042.795 mAh,
      // step 4 discharge 7279.748 mAh, step 21 discharge 7192.958 mAh. The file has no capacity column.
      const steps = ds.cycles.cycles.flatMap((c) => c.steps);
      const byStep = (n: number) => steps.find((s) => s.fileStep === n)!;
      near(Math.abs(byStep(2).integratedAh) * 1000, 4042.795);
      near(Math.abs(byStep(4).integratedAh) * 1000, 7279.748);
      near(Math.abs(byStep(21).integratedAh) * 1000, 7192.958);
    },
  },
  'biologic/Sample_data_biologic_no_header.mpt': {
    reader: 'biologic-mpt',
    rows: 13, // GOLD PyProBE: 13 data rows
    check(r) {
      const z = last(r.records);
      // GOLD PyProBE test_biologic.py:150-180, last row ("°" in Windows-1252 → temperature still mapped).
      near(z.timeS, 281792.50213, 1e-10);
      expect(z.step).toBe(0);
      expect(z.currentA).toBe(0);
      near(z.voltageV, 2.9814022, 1e-9);
      near(z.temperatureC, 24.506462, 1e-9);
      expect(z.cycle).toBe(0); // EC-Lab's cycle number starts at 0 and is kept
    },
  },
  'biologic/Sample_data_biologic_timestamped.txt': {
    reader: 'biologic-mpt',
    rows: 8,
    check(r) {
      // GOLD PyProBE test_biologic.py:50-66: absolute time/s parsed to seconds from the first stamp.
      const want = [0, 6.464, 7.464, 8.464, 9.464, 10.464, 11.464, 12.464];
      // Stamps are written to the millisecond; differences of epoch seconds keep ~1e-7 s of rounding.
      r.records.forEach((x, i) => expect(Math.abs(x.timeS - want[i]!)).toBeLessThan(1e-6));
      expect(r.header.metadata.startTime).toBe('11/20/2024 11:38:41.707');
      // "Characteristic mass : 0.001 g" and "Mass of active material : 0.001 mg" are EC-Lab's defaults, not masses (issue #14.9).
      expect(r.header.metadata.activeMassG).toBeUndefined();
    },
  },
  'biologic/gcpl.issue_149.mpt': {
    reader: 'biologic-mpt',
    rows: 132, // DERIVED 132 rows
    check(r, ds) {
      expect(r.header.decimalMark).toBe(',');
      expect(r.header.encoding).toBe('windows-1252');
      // "Characteristic mass : 0,001 g" is EC-Lab's default, not a mass (issue #14.9).
      expect(r.header.metadata.activeMassG).toBeUndefined();
      expect(ds.massSource).toBeNull();
      // DERIVED gcpl.issue_149.mpt.derived_cycles.csv (per cycle number 0–3, max Q charge / Q discharge).
      const derived: [number, number, number][] = [
        [0, 8.3361629e-5, 8.3314833e-5],
        [1, 8.3356434e-5, 8.3322254e-5],
        [2, 8.334833e-5, 8.3329386e-5],
        [3, 8.3351842e-5, 8.3324098e-5],
      ];
      for (const [cycle, chg, dis] of derived) {
        near(mAh(ds, cycle).chargeCapacityMAh, chg);
        near(mAh(ds, cycle).dischargeCapacityMAh, dis);
      }
    },
  },
  'biologic/gcpl.pr_182.1.mpt': {
    reader: 'biologic-mpt',
    rows: 2533, // DERIVED 2533 data rows
    check(_r, ds) {
      // DERIVED gcpl.pr_182.1.mpt.derived_cycles.csv; cycle 0 is EC-Lab's formation half cycle.
      expect(ds.cycles.cycles.map((c) => c.number)).toEqual([0, 1, 2, 3, 4]);
      near(mAh(ds, 0).dischargeCapacityMAh, 3.2519601);
      const derived: [number, number, number][] = [
        [1, 2.616072, 2.2524341],
        [2, 2.0926329, 2.1195122],
        [3, 1.9881629, 2.0882785],
      ];
      for (const [cycle, chg, dis] of derived) {
        near(mAh(ds, cycle).chargeCapacityMAh, chg);
        near(mAh(ds, cycle).dischargeCapacityMAh, dis);
      }
      near(mAh(ds, 4).chargeCapacityMAh, 1.978895);
    },
  },
  'biologic/mb.issue_95.mpt': {
    reader: 'biologic-mpt',
    rows: 33, // DERIVED 33 rows
    check(r) {
      expect(r.header.decimalMark).toBe('.');
      expect(r.header.metadata.startTime).toBe('12/08/2022 14:36:53.355');
    },
  },
  'biologic/mb.issue_95.de.mpt': {
    reader: 'biologic-mpt',
    rows: 33,
    check(r) {
      expect(r.header.decimalMark).toBe(',');
    },
  },
  'maccor/maccor_001.txt': {
    reader: 'maccor',
    rows: 6704, // GOLD cellpy test_maccor.py: 6704 raw rows
    check(r, ds) {
      expect(r.records.every((x) => x.cycle === 0)).toBe(true);
      // Cyc# is 0 throughout: cycles come from the state column. The file opens with a short
      // discharge from open circuit (637.81 mAh, 14 % of the next ones): cycle 0, then charge-first (issue 16).
      expect(ds.cycles.rule).toBe('charge-first');
      expect(ds.cycles.cycles.map((c) => c.number)).toEqual([0, 1, 2, 3, 4]);
      // Amps is a magnitude; D rows must come out negative.
      const d = r.records.find((x) => x.stepKind === 'discharge' && x.currentA !== 0)!;
      expect(d.currentA).toBeLessThan(0);
      // DERIVED max Amp-hr: 3.36871 (C, the CC step of the first charge) and 4.54403 (D, cycle 2's discharge).
      // Amp-hr restarts every step, so a charge is CC + CV: 3.36871 + 1.15388 Ah.
      near(mAh(ds, 0).dischargeCapacityMAh, 637.81);
      near(mAh(ds, 1).chargeCapacityMAh, 3368.71 + 1153.88);
      near(mAh(ds, 1).dischargeCapacityMAh, 4544.03);
      near(mAh(ds, 2).chargeCapacityMAh, 3356.64 + 1159.91);
      // GOLD cellpy meta.json start_datetime 2020-12-11T12:22:12.
      expect(r.header.metadata.startTime).toBe('11 December 2020, 12:22:12 PM');
      expect(r.header.metadata.channel).toBe('1');
    },
  },
  'maccor/maccor_two.txt': {
    reader: 'maccor',
    rows: 213,
    check(r) {
      // DERIVED 214 data rows: the excerpt's last row is cut after Ener. and has no current or voltage,
      // so it is counted as a bad row, not read.
      expect(r.stats.rows + r.stats.badRows).toBe(214);
      expect(r.header.decimalMark).toBe(',');
      expect(r.records.every((x) => x.stepKind === 'rest')).toBe(true);
      // TestTime (no unit) advances 1 per minute of DPT Time: read as minutes, with a warning.
      near(last(r.records).timeS, 212 * 60, 1e-9);
      expect(r.header.warnings.join('\n')).toMatch(/read as min/);
      expect(r.header.metadata.channel).toBe('81');
    },
  },
  'maccor/sample_data_maccor.csv': {
    reader: 'maccor',
    rows: 15, // GOLD PyProBE: 15 data rows
    check(r) {
      const z = last(r.records);
      // GOLD PyProBE test_maccor.py:12-34, last row. PyProBE's "Capacity 0.048 Ah" is its own running
      // capacity; the file's Capacity column reads 0.024 Ah on that row, which is asserted.
      near(z.timeS, 13.06, 1e-9);
      expect(z.step).toBe(2);
      near(z.currentA, 28.798, 1e-9);
      near(z.voltageV, 3.716, 1e-9);
      near(z.capacityAh, 0.024, 1e-9);
      near(z.temperatureC, 22.2591, 1e-9);
      expect(new Set(r.records.map((x) => x.step)).size).toBe(2); // PyProBE events {0,1}
    },
  },
  'maccor/PredictionDiagnostics_000151_test.052': {
    reader: 'maccor',
    rows: 333, // GOLD beep test_cyclerpaths.py: raw_data shape (333, 44)
    check(r) {
      // An excerpt from mid-test: Cyc# 37 on every row, a discharge (State D) with signed Amps.
      expect(r.records.every((x) => x.cycle === 37)).toBe(true);
      near(r.records[0]!.currentA, -4.8400091554, 1e-9);
      near(r.records[0]!.timeS, 769267.24, 1e-12);
    },
  },
  'neware/neware_uio.csv': {
    reader: 'neware-csv',
    rows: 9065, // GOLD cellpy test_neware.py:29
    check(r, ds) {
      expect(ds.cycles.cycles).toHaveLength(4); // GOLD cellpy: 4-cycle summary
      // GOLD cellpy test_neware.py reads it with mass 2.08 mg; the file states none, but its
      // Capacity(Ah) / Spec. Cap.(mAh/g) pair gives it.
      near(r.header.metadata.activeMassG, 0.00208, 1e-4);
      expect(r.header.warnings.join('\n')).toMatch(/inferred from 'Capacity\(Ah\)' \/ 'Spec\. Cap\.\(mAh\/g\)'/);
      expect(r.header.metadata.startTime).toBe('2022-05-18 16:27:52'); // cellpy meta.json start_datetime
      // DERIVED cycle 1: max Chg. Cap. 0.00424934 Ah = the one charge step.
      near(mAh(ds, 1).chargeCapacityMAh, 4.24934);
      // Neware counters restart every step, and cycle 1 has three discharge steps (at 250, 100 and
      // 50 µA). DERIVED takes the cycle's maximum, 4.68031 mAh, which is the first step alone;
      // cyclekit sums the steps: 4.68031 + 0.28183 + 0.12414 mAh.
      const discharges = ds.cycles.cycles[0]!.steps.filter((s) => s.kind === 'discharge').map((s) => s.fileCapacityAh! * 1000);
      expect(discharges).toHaveLength(3);
      near(discharges[0]!, 4.68031);
      near(discharges[1]!, 0.28183);
      near(discharges[2]!, 0.12414);
      near(mAh(ds, 1).dischargeCapacityMAh, 4.68031 + 0.28183 + 0.12414);
      // First current step is a discharge (Step Type CC DChg), written with a negative current.
      const firstActive = r.records.find((x) => x.currentA !== 0)!;
      expect(firstActive.stepKind).toBe('discharge');
      expect(firstActive.currentA).toBeLessThan(0);
    },
  },
  'novonix/sample_data_novonix.csv': {
    reader: 'novonix',
    rows: 207, // GOLD PyProBE: 207 data rows
    check(r) {
      const z = last(r.records);
      // GOLD PyProBE test_novonix.py:21-43, last row (Run Time 3.4131889 h).
      near(z.timeS, 12287.48004, 1e-9);
      expect(z.step).toBe(1);
      near(z.currentA, 0.49999387, 1e-9);
      near(z.voltageV, 4.12864581, 1e-9);
      near(z.capacityAh, 1.70652976, 1e-9);
      near(z.temperatureC, 24.792, 1e-9);
      // "Mass (g): 1.000" with "Area (cm2): 1.000" is the software's untouched default.
      expect(r.header.metadata.activeMassG).toBeUndefined();
      expect(r.header.metadata.channel).toBe('01');
    },
  },
  'pec/pec.csv': {
    reader: 'pec',
    rows: 16255, // GOLD cellpy loader_pec_csv metrics.json
    check(r, ds) {
      // GOLD cellpy test_pec.py:48-66 (record indices count data rows from 0).
      expect(r.header.metadata.startTime).toBe('02/22/2019 16:21:35');
      expect(r.header.metadata.testId).toBe('187');
      near(r.records[0]!.voltageV, 3.272632, 1e-6);
      near(r.records[5]!.currentA, -1.6339, 1e-6);
      near(r.records[6]!.capacityAh, 0.000455, 1e-2);
      near(r.records[6]!.energyWh, 0.001487, 1e-3);
      // The file's Cycle column starts at 0 and is kept (cellpy's "min cycle 1" is after its own renumbering).
      expect(ds.cycles.cycles.map((c) => c.number)).toEqual([0, 1, 2]);
    },
  },
};

/** Binary, spreadsheet and reference files are other readers' business. */
const NOT_TEXT = /\.(res|mpr|nda|ndax|xls|xlsx|parquet|ftr|gz)$/i;

function textFiles(): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) {
        if (name !== 'expected' && name !== 'LICENSES') walk(p);
      } else if (!NOT_TEXT.test(name) && name !== 'MANIFEST.md') out.push(relative(REAL, p));
    }
  };
  walk(REAL);
  return out;
}

/**
 * Text exports of the second development set whose MANIFEST facts are asserted in the tests of
 * the readers issue #14 changes (test/ingest/biologic-twins.test.ts and friends); listed here
 * so that a new text file without any expectation still fails the check below.
 */
const AWAITING_CASES = [
  'biologic/bcd.issue_241.mpt',
  'biologic/cp.issue_61.mpt',
  'biologic/mb.issue_149.mpt',
  'biologic/mb.old.mpt',
];

describe('conformance: every real text export', () => {
  const files = textFiles();

  it('has an expectation for every text file in the shared set', () => {
    const covered = new Set([...Object.keys(CASES), 'batterydata/p492-13-summary.csv', ...AWAITING_CASES]);
    expect(files.filter((f) => !covered.has(f))).toEqual([]);
  });

  for (const [file, c] of Object.entries(CASES)) {
    it(`${file}: ${c.reader}, ${c.rows} rows, MANIFEST facts`, async () => {
      const r = await readAll(real(file));
      expect(r.header.format).toBe(c.reader);
      expect(r.stats.rows).toBe(c.rows);
      expect(r.records).toHaveLength(c.rows);
      // Canonical units and sign: every record has finite time, voltage and current.
      for (const x of r.records) {
        expect(Number.isFinite(x.timeS) && Number.isFinite(x.voltageV) && Number.isFinite(x.currentA)).toBe(true);
      }
      const ds = await load(real(file));
      c.check(r, ds);
    });
  }

  it('batterydata/p492-13-summary.csv is read as a per-cycle table: the table\'s capacities, CE and energies, no synthetic time', async () => {
    const r = await readAll(real('batterydata/p492-13-summary.csv'));
    expect(r.header.format).toBe('batterydata-summary');
    expect(r.header.perCycleTable).toBe(true);
    expect(r.header.capacityCounter).toBe('step');
    expect(r.header.warnings[0]).toMatch(/^per-cycle summary table: no time series; time axis and C-rates are synthetic and not reported/);
    expect(r.header.warnings.join('\n')).toMatch(/cycles 7, 34, .* no charge or discharge capacity .*left out/);
    const ds = await load(real('batterydata/p492-13-summary.csv'));
    const s = summaryByCycle(ds);
    const c2 = s.get(2)!;
    // SOURCE SUMMARY cycle 2: Q_chg 0.02187029 Ah, Q_dis 0.02173834 Ah, CE 0.993966700944523, E_chg 0.08079519 Wh, E_dis 0.07969905 Wh.
    near(c2.chargeCapacityMAh, 21.87029, 1e-9);
    near(c2.dischargeCapacityMAh, 21.73834, 1e-9);
    near(c2.coulombicEfficiency, 0.993966700944523, 1e-9);
    near(c2.chargeEnergyMWh, 80.79519, 1e-9);
    near(c2.dischargeEnergyMWh, 79.69905, 1e-9);
    near(c2.meanChargeVoltageV, 0.08079519 / 0.02187029, 1e-9);
    // The synthetic steps integrate to the table's values too (∫I dt = Q).
    for (const c of ds.cycles.cycles) for (const st of c.steps) near(Math.abs(st.integratedAh), st.fileCapacityAh!, 1e-9);
    expect(c2.durationS).toBeNull();
    expect(c2.cRate).toBeNull();
    expect(c2.meanDischargeCurrentA).toBeNull();
    expect(c2.minVoltageV).toBe(3);
    expect(c2.maxVoltageV).toBeCloseTo(4.10002289, 8);
    // Same capacities as the raw time series where the source agrees (see the raw case above):
    // cycles 1–3, 6, 8, 9 both ways and cycle 4's discharge; cycle 4's charge is the table's
    // maximum of two charges (cyclekit sums them from the raw file), cycle 5 is HPPC pulses.
    const raw = summaryByCycle(await load(real('batterydata/p492-13-raw.csv')));
    for (const n of [1, 2, 3, 6, 8, 9]) {
      for (const k of ['chargeCapacityMAh', 'dischargeCapacityMAh'] as const) {
        const want = raw.get(n)![k];
        if (want === null) expect(s.get(n)![k], `cycle ${n} ${k}`).toBeNull();
        else near(s.get(n)![k], want, 1e-6);
      }
    }
    near(s.get(4)!.dischargeCapacityMAh, raw.get(4)!.dischargeCapacityMAh!, 1e-6);
    expect(s.has(7)).toBe(false);
  });

  it('BioLogic en_US and de_DE exports of the same run give identical records (yadg test_x_eclab.py:214-225)', async () => {
    const en = await readAll(real('biologic/mb.issue_95.mpt'));
    const de = await readAll(real('biologic/mb.issue_95.de.mpt'));
    expect(en.header.decimalMark).toBe('.');
    expect(de.header.decimalMark).toBe(',');
    // The German header block is one line longer, so source line numbers differ by one.
    const strip = (r: ReadAll) => r.records.map(({ line: _line, ...rest }) => rest);
    expect(strip(de)).toEqual(strip(en));
    expect(de.header.columns).toEqual(en.header.columns);
    expect(de.header.metadata.activeMassG).toBe(en.header.metadata.activeMassG);
  });
});
