/**
 * Text and spreadsheet variants of issue #14 (items 5, 10, 11, 12): both BDF naming styles,
 * the Neware BTS 8 `record` workbook, Maccor exports in mA/mAh/mV and their final `S` record,
 * Novonix's `[Summary]` block, Neware layered CSV with time strings on the cycle layer, and the
 * formats cyclekit does not read (LAND .ccs, Gamry .DTA), which must fail naming themselves.
 * Synthetic files are built here from the public format descriptions, with exact answers.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openRecords } from '../../src/ingest/open.js';
import { cli, writeTemp } from '../helpers/cli.js';
import { load, readAll, real, summaryByCycle } from './read.js';

/** A 3-step BDF test: 100 s rest, 360 s at +1 A, 360 s at −0.5 A; one row per 10 s. */
function bdfRows(): { t: number; v: number; i: number; step: number; rowInStep: number }[] {
  const rows: { t: number; v: number; i: number; step: number; rowInStep: number }[] = [];
  const steps: [number, number, number][] = [
    [1, 0, 100],
    [2, 1, 360],
    [3, -0.5, 360],
  ];
  let t = 0;
  for (const [step, current, duration] of steps) {
    for (let k = 0; k * 10 <= duration - 10; k++) {
      rows.push({ t, v: 3.5 + (current > 0 ? k * 0.01 : current < 0 ? 0.3 - k * 0.01 : 0), i: current, step, rowInStep: k + 1 });
      t += 10;
    }
  }
  return rows;
}

describe('BDF: both naming styles', () => {
  it('machine-readable names: detected, units from the name suffixes, exact capacities', async () => {
    const lines = ['test_time_millisecond,voltage_volt,current_ampere,cycle_count,step_count,step_type,ambient_temperature_celsius,unix_time_second'];
    for (const r of bdfRows()) lines.push([r.t * 1000, r.v.toFixed(3), r.i, 1, r.step, ['REST', 'CC_CHG', 'CC_DCH'][r.step - 1], 25, 1700000000 + r.t].join(','));
    const file = writeTemp('machine.bdf.csv', `${lines.join('\n')}\n`);
    const r = await readAll(file);
    expect(r.header.format).toBe('bdf');
    expect(r.header.formatReason).toMatch(/machine-readable names/);
    expect(r.header.columns.map((c) => `${c.source}→${c.field}@${c.scale}`)).toEqual([
      'test_time_millisecond→timeS@0.001', 'voltage_volt→voltageV@1', 'current_ampere→currentA@1', 'cycle_count→cycle@1',
      'step_count→step@1', 'step_type→stepKind@1', 'ambient_temperature_celsius→temperatureC@1', 'unix_time_second→timeS (wall clock)@1',
    ]);
    expect(r.records).toHaveLength(10 + 36 + 36);
    expect(r.records[11]!.timeS).toBe(110);
    expect(r.header.metadata.startTime).toBe('2023-11-14T22:13:20.000Z');
    const ds = await load(file);
    const c1 = summaryByCycle(ds).get(1)!;
    // ∫I dt over each step's 36 intervals (the one into its first row included): +1 A and −0.5 A for 360 s.
    expect(c1.chargeCapacityMAh).toBeCloseTo(100, 6);
    expect(c1.dischargeCapacityMAh).toBeCloseTo(50, 6);
  });

  it('labels with units and --format bdf: the same records as the machine-readable names', async () => {
    const header = ['Test Time / s', 'Voltage / V', 'Current / A', 'Cycle Count / 1', 'Step Count / 1', 'Step Charging Capacity / Ah', 'Step Discharging Capacity / Ah'];
    const machine = ['test_time_second', 'voltage_volt', 'current_ampere', 'cycle_count', 'step_count', 'step_charging_capacity_ah', 'step_discharging_capacity_ah'];
    const body: string[] = [];
    for (const r of bdfRows()) {
      const q = r.i === 0 ? 0 : (Math.abs(r.i) * 10 * (r.rowInStep - 1)) / 3600;
      body.push([r.t, r.v.toFixed(3), r.i, 1, r.step, r.i > 0 ? q : 0, r.i < 0 ? q : 0].join(','));
    }
    const a = writeTemp('labels.bdf.csv', `${[header.join(','), ...body].join('\n')}\n`);
    const b = writeTemp('names.bdf.csv', `${[machine.join(','), ...body].join('\n')}\n`);
    const la = await readAll(a, 'bdf');
    const lb = await readAll(b, 'bdf');
    expect(la.header.format).toBe('bdf');
    expect(la.header.capacityCounter).toBe('step');
    expect(lb.header.capacityCounter).toBe('step');
    expect(lb.records).toEqual(la.records);
    // The file's own per-step counters: 350 s at 1 A, 350 s at 0.5 A.
    const s = summaryByCycle(await load(b)).get(1)!;
    expect(s.chargeCapacityMAh).toBeCloseTo(350 / 3.6, 9);
    expect(s.dischargeCapacityMAh).toBeCloseTo(175 / 3.6, 9);
  });

  it('a test time falling back to 0 past the first 256 KB is found and dropped too', async () => {
    const lines = ['test_time_second,voltage_volt,current_ampere,cycle_count,step_index'];
    // 12,000 rows of rest (about 400 KB), then the faulty first row of step 2, then 100 rows at +1 A.
    for (let k = 0; k < 12000; k++) lines.push(`${k * 10}.000,3.5000,0.0000,1,1`);
    lines.push('0.000,3.5000,1.0000,1,2');
    for (let k = 0; k < 100; k++) lines.push(`${119990 + 0.01 + k * 10}0,${(3.5 + k * 0.001).toFixed(4)},1.0000,1,2`);
    const file = writeTemp('late-bug.bdf.csv', `${lines.join('\n')}\n`);
    const r = await readAll(file);
    expect(r.records).toHaveLength(12000 + 100);
    expect(r.header.warnings.join('\n')).toMatch(/dropped 1 row\(s\) whose test time fell back to 0 .*first at line 12002/);
    const s = summaryByCycle(await load(file)).get(1)!;
    // 1 A over 99 intervals of 10 s plus the 0.01 s into the step's first row.
    expect(s.chargeCapacityMAh).toBeCloseTo(((99 * 10 + 0.01) * 1000) / 3600, 6);
  });

  it('a BDF 1.2 step_index that counts rows within a step is not taken for the step number', async () => {
    const lines = ['test_time_second,voltage_volt,current_ampere,step_index'];
    for (const r of bdfRows()) lines.push([r.t, r.v.toFixed(3), r.i, r.rowInStep].join(','));
    const file = writeTemp('rowindex.bdf.csv', `${lines.join('\n')}\n`);
    const r = await readAll(file);
    expect(r.header.columns.some((c) => c.field === 'step')).toBe(false);
    expect(r.header.warnings.join('\n')).toMatch(/'step_index' counts rows within a step/);
    const ds = await load(file);
    // Steps come from the current's regime: rest, charge, discharge.
    expect(ds.cycles.cycles.flatMap((c) => c.steps.map((s) => s.kind))).toEqual(['rest', 'charge', 'discharge']);
  });
});

describe('BDF: the per-step throughput counter, and a current without sign', () => {
  /** Rest, then 0.5 A for 20 rows of 60 s while the voltage falls (a discharge), as faraday's Maccor→BDF example. */
  function unsigned(signed: boolean): string {
    const lines = ['test_time_second,voltage_volt,current_ampere,step_count,step_cumulative_capacity_ah'];
    for (let k = 0; k < 5; k++) lines.push(`${k * 60},3.6,0,1,0`);
    for (let k = 1; k <= 20; k++) lines.push(`${240 + k * 60},${(3.6 - k * 0.01).toFixed(3)},${signed ? -0.5 : 0.5},2,${((0.5 * k * 60) / 3600).toFixed(6)}`);
    return `${lines.join('\n')}\n`;
  }

  it('step_cumulative_capacity_ah is the step counter: 0.5 A for 1200 s is 166.667 mAh', async () => {
    const file = writeTemp('signed.bdf.csv', unsigned(true));
    const r = await readAll(file);
    expect(r.header.columns.find((c) => c.source === 'step_cumulative_capacity_ah')!.field).toBe('capacityAh');
    expect(r.header.capacityCounter).toBe('step');
    const s = summaryByCycle(await load(file)).get(1)!;
    expect(s.dischargeCapacityMAh).toBeCloseTo(166.667, 9);
    expect(s.chargeCapacityMAh).toBeNull();
  });

  it('a current that is never negative while the voltage falls under it is refused, not read as a charge', () => {
    const r = cli(['summary', '--json', writeTemp('unsigned.bdf.csv', unsigned(false))]);
    expect(r.code).toBe(2);
    const error = JSON.parse(r.stdout).results[0].error;
    expect(error.code).toBe('E_VALUE');
    expect(error.message).toMatch(/^the current has no sign: 'current_ampere' is never negative, yet the voltage falls from 3\.59 to 3\.4 under it \(rows 6–25 of the data\)/);
  });
});

describe('Neware BTS 8 workbook with one sheet named record', () => {
  it('reads sample_data_neware.xlsx: 105 rows, cycle 1, ≈ +4.0 mA, time from Excel day fractions', async () => {
    const r = await readAll(real('neware/sample_data_neware.xlsx'));
    expect(r.header.format).toBe('neware-xls');
    // DERIVED (openpyxl, MANIFEST): 105 data rows, cycle 1, current ≈ +4.0 mA.
    expect(r.records).toHaveLength(105);
    expect(new Set(r.records.map((x) => x.cycle))).toEqual(new Set([1]));
    for (const x of r.records) expect(Math.abs(x.currentA - 0.004)).toBeLessThan(1e-5);
    // Total Time is stored as day fractions (shown 0000.0 … 0144.0): one row per second, 104 s in all.
    expect(r.header.warnings.join('\n')).toMatch(/'Total Time' names no unit and holds Excel day fractions/);
    expect(r.records[1]!.timeS).toBeCloseTo(1, 6);
    expect(r.records[104]!.timeS).toBeCloseTo(104, 6);
    expect(r.header.metadata.startTime).toBe('2024-02-29 09:20:29.094'); // MANIFEST (openpyxl): start 2024-02-29 09:20:29.094
    // The file's Chg. Cap. on the last row, 0.11567 mAh; ∫I dt over 104 s at 4.0 mA is 0.1156 mAh.
    const s = summaryByCycle(await load(real('neware/sample_data_neware.xlsx'))).get(1)!;
    expect(s.chargeCapacityMAh).toBeCloseTo(0.11567, 9);
  });
});

/** Maccor's duration cell: `0d 01:02:03`. */
function maccorTime(s: number): string {
  const d = Math.floor(s / 86400);
  const h = Math.floor((s % 86400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  return `  ${d}d ${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}:${sec.toFixed(2).padStart(5, '0')}`;
}

/**
 * A Maccor milli-unit export (cellpy's maccor_txt "zero" model: `mAmp-hr`, `mWatt-hr`, `mAmps`,
 * `Volts` in mV): rest, 1100 s charge at 2000 mA, rest, 3960 s discharge at 2000 mA, and the
 * test's closing `S` record 16.452 s later in the same cycle and step, carrying 9.14 mAh more.
 */
function maccorMilli(closing: boolean): string {
  const lines = [
    "Today's Date:\t12/01/2026\tDate of Test:\t11/30/2026 09:00:00 AM",
    'Filename:\tMILLI_01\tTester Channel:\t7',
    'Rec#\tCyc#\tStep\tTestTime\tStepTime\tmAmp-hr\tmWatt-hr\tmAmps\tVolts\tState\tES\tDPt Time',
  ];
  let rec = 1;
  let t = 0;
  const row = (step: number, stepT: number, mah: number, ma: number, mv: number, state: string): void => {
    const stamp = new Date(Date.UTC(2026, 10, 30, 9, 0, 0) + t * 1000).toISOString().replace('T', ' ').slice(0, 19);
    lines.push([rec++, 1, step, maccorTime(t), maccorTime(stepT), mah.toFixed(4), (mah * 3.7).toFixed(4), ma.toFixed(3), mv.toFixed(2), state, 0, stamp].join('\t'));
  };
  for (let k = 0; k <= 5; k++, t += 10) row(1, k * 10, 0, 0, 3500, 'R');
  t -= 10;
  for (let k = 0; k <= 55; k++) {
    row(2, k * 20, (2000 * k * 20) / 3600, 2000, 3600 + k * 10, 'C');
    if (k < 55) t += 20;
  }
  for (let k = 1; k <= 6; k++) {
    t += 10;
    row(3, k * 10, 0, 0, 4100, 'R');
  }
  for (let k = 1; k <= 66; k++) {
    t += 60;
    row(4, k * 60, (2000 * k * 60) / 3600, 2000, 4000 - k * 10, 'D');
  }
  if (closing) {
    t += 16.452;
    row(4, 66 * 60 + 16.452, 2200 + 9.14, 2000, 3330, 'S');
  }
  return `${lines.join('\r\n')}\r\n`;
}

describe('Maccor variants', () => {
  it('mAmps / mAmp-hr / mWatt-hr and a Volts column in millivolts: scaled, and inspect says why', async () => {
    const file = writeTemp('milli.txt', maccorMilli(false));
    const r = await readAll(file);
    expect(r.header.format).toBe('maccor');
    const cols = Object.fromEntries(r.header.columns.map((c) => [c.source, `${c.field} ${c.unit} ${c.scale}`]));
    expect(cols).toMatchObject({ mAmps: 'currentA mA 0.001', 'mAmp-hr': 'capacityAh mAh 0.001', 'mWatt-hr': 'energyWh mWh 0.001', Volts: 'voltageV mV 0.001' });
    expect(r.records[0]!.voltageV).toBeCloseTo(3.5, 12);
    expect(r.records[6]!.currentA).toBeCloseTo(2, 12);
    expect(r.records[r.records.length - 1]!.currentA).toBeCloseTo(-2, 12);
    const warnings = r.header.warnings.join('\n');
    expect(warnings).toMatch(/column 'Volts' holds millivolts: its values \(3340–4150 in the first 134 rows\)/);
    expect(warnings).toMatch(/milli-unit export: 'mAmps', 'mAmp-hr', 'mWatt-hr' read as mA, mAh, mWh/);
    const out = cli(['inspect', file]);
    expect(out.code).toBe(0);
    expect(out.stdout).toMatch(/Volts\s+voltageV\s+mV\s+0\.001/);
    expect(out.stderr).toMatch(/holds millivolts/);
    const s = summaryByCycle(await load(file)).get(1)!;
    expect(s.chargeCapacityMAh).toBeCloseTo(611.1111, 9); // the file's last mAmp-hr of the charge, written to 4 decimals
    expect(s.dischargeCapacityMAh).toBeCloseTo(2200, 9);
  });

  it('a Volts column in volts stays in volts, mAmps or not', async () => {
    const text = maccorMilli(false).replace(/\t(\d{4})\.00\t([RCDS])\t/g, (_m, mv: string, st: string) => `\t${(Number(mv) / 1000).toFixed(3)}\t${st}\t`);
    const r = await readAll(writeTemp('milli-volts.txt', text));
    expect(r.header.columns.find((c) => c.source === 'Volts')!.scale).toBe(1);
    expect(r.records[0]!.voltageV).toBeCloseTo(3.5, 12);
    expect(r.header.warnings.join('\n')).not.toMatch(/millivolts/);
  });

  it("the test's closing S record keeps the last capacity increment in its step (9.14 mAh of 2209.14)", async () => {
    const file = writeTemp('closing.txt', maccorMilli(true));
    const r = await readAll(file);
    const z = r.records[r.records.length - 1]!;
    expect(z.stepKind).toBe('discharge');
    expect(z.currentA).toBeCloseTo(-2, 12);
    const ds = await load(file);
    const steps = ds.cycles.cycles.flatMap((c) => c.steps);
    expect(steps.map((s) => s.kind)).toEqual(['rest', 'charge', 'rest', 'discharge']);
    const s = summaryByCycle(ds).get(1)!;
    expect(s.dischargeCapacityMAh).toBeCloseTo(2209.14, 9);
  });

  it('an S record that opens a new step is not taken into the step before', async () => {
    const text = maccorMilli(true).replace(/\t1\t4\t([^\n]*)\tS\t/, '\t1\t5\t$1\tS\t');
    const r = await readAll(writeTemp('closing-new-step.txt', text));
    expect(r.records[r.records.length - 1]!.stepKind).toBe('other');
  });
});

describe('Neware layered CSV: Chg. Time / DChg. Time strings on the cycle layer, numbers on the record layer', () => {
  /** The layered fixture rewritten so: cycle rows gain duration strings, records count step time in seconds. */
  function rewritten(): string {
    const text = readFileSync(join(import.meta.dirname, 'fixtures', 'neware-layered.csv'), 'utf8');
    return text
      .split(/\r?\n/)
      .map((line) => {
        if (line.startsWith('Cycle ID,')) return `${line},Chg. Time,DChg. Time`;
        if (/^\d/.test(line)) return `${line},01:00:00.000,01:00:00.000`;
        if (line.startsWith(',,Record ID,')) return line.replace('Time(h:min:s.ms)', 'Time(s)');
        const record = /^,,(\d+),(\d+):(\d+):(\d+)\.(\d+),(.*)$/.exec(line);
        if (record) {
          const [, id, h, m, sec, ms, rest] = record;
          return `,,${id},${Number(h) * 3600 + Number(m) * 60 + Number(sec) + Number(ms) / 1000},${rest}`;
        }
        return line;
      })
      .join('\n');
  }

  it('reads the records with test time accumulated from the numeric step times', async () => {
    const file = writeTemp('layered-numeric.csv', rewritten());
    const r = await readAll(file);
    expect(r.header.format).toBe('neware-layered-csv');
    expect(r.stats.badRows).toBe(0);
    expect(r.records).toHaveLength(266);
    expect(r.records.find((x) => x.stepKind === 'charge')).toMatchObject({ cycle: 1, step: 2, timeS: 600 });
    expect(r.records[r.records.length - 1]).toMatchObject({ cycle: 2, step: 6, timeS: 15600 });
    const rows = summaryByCycle(await load(file));
    for (const cycle of [1, 2]) {
      expect(rows.get(cycle)!.chargeCapacityMAh).toBeCloseTo(1.0, 6);
      expect(rows.get(cycle)!.dischargeCapacityMAh).toBeCloseTo(0.9, 6);
    }
  });
});

describe('Novonix: [Summary] block, then a three-level cycle / step / record header', () => {
  /**
   * Two cycles of: rest 0.1 h, +2 mA for 0.5 h, −1.8 mA for 0.5 h; a record every 0.05 h with
   * Run Time in hours and a Capacity (Ah) that restarts every step. Mass 12.5 mg, area 1.54 cm².
   */
  function layered(): string {
    const lines = [
      '[Summary]', 'Novonix UHPC data file', 'Novonix', 'Channel: 03', 'Cell: layered_cell', 'Mass (g): 0.0125', 'Capacity (Ah): 0.002',
      'Area (cm2): 1.54', 'Started: 2025-03-01 10:00:00', 'Version: 2.13.0', '[End Summary]',
      'Cycle Number,Charge Capacity (Ah),Discharge Capacity (Ah),Coulombic Efficiency (%)',
      ',Step Number,Step Type,Step Duration (h)',
      ',,Date and Time,Run Time (h),Step Time (h),Current (A),Potential (V),Capacity (Ah),Energy (Wh)',
    ];
    let runH = 0;
    let step = 0;
    for (let cycle = 1; cycle <= 2; cycle++) {
      lines.push(`${cycle},0.001,0.0009,90.0`);
      for (const [currentA, hours, code] of [[0, 0.1, 0], [0.002, 0.5, 1], [-0.0018, 0.5, 2]] as const) {
        step++;
        lines.push(`,${step},${code},${hours}`);
        const n = Math.round(hours / 0.05);
        for (let k = 0; k <= n; k++) {
          const stepH = k * 0.05;
          const stamp = new Date(Date.UTC(2025, 2, 1, 10, 0, 0) + Math.round((runH + stepH) * 3600_000)).toISOString().replace('T', ' ').slice(0, 19);
          const v = currentA > 0 ? 3 + stepH : currentA < 0 ? 3.5 - stepH : 3;
          lines.push(`,,${stamp},${(runH + stepH).toFixed(4)},${stepH.toFixed(4)},${currentA},${v.toFixed(4)},${(Math.abs(currentA) * stepH).toFixed(7)},0`);
        }
        runH += hours;
      }
    }
    return `${lines.join('\r\n')}\r\n`;
  }

  it('reads the record rows with the cycle and step of the rows above, and the summary mass', async () => {
    const file = writeTemp('novonix-layered.csv', layered());
    const r = await readAll(file);
    expect(r.header.format).toBe('novonix');
    expect(r.header.formatReason).toMatch(/cycle \/ step \/ record header lines 12–14/);
    expect(r.stats.badRows).toBe(0);
    expect(r.records).toHaveLength(2 * (3 + 11 + 11));
    expect(r.records[3]).toMatchObject({ cycle: 1, step: 2, timeS: 360, currentA: 0.002 });
    expect(r.records[r.records.length - 1]).toMatchObject({ cycle: 2, step: 6 });
    expect(r.records[r.records.length - 1]!.timeS).toBeCloseTo(2.2 * 3600, 6);
    expect(r.header.metadata.activeMassG).toBe(0.0125);
    expect(r.header.metadata.startTime).toBe('2025-03-01 10:00:00');
    const ds = await load(file);
    expect(ds.cycles.rule).toBe('file');
    const rows = summaryByCycle(ds);
    for (const cycle of [1, 2]) {
      // The file's per-step counters: 2 mA × 0.5 h and 1.8 mA × 0.5 h.
      expect(rows.get(cycle)!.chargeCapacityMAh).toBeCloseTo(1.0, 9);
      expect(rows.get(cycle)!.dischargeCapacityMAh).toBeCloseTo(0.9, 9);
    }
    // The cycle rows are the cycler's own per-cycle figures: 0.001 / 0.0009 Ah, 90 %.
    expect(r.header.instrumentCycles).toEqual({
      source: 'cycle rows (Charge Capacity (Ah), Discharge Capacity (Ah), Coulombic Efficiency (%))',
      ceConvention: null,
      cycles: [1, 2].map((cycle) => ({ cycle, chargeCapacityAh: 0.001, dischargeCapacityAh: 0.0009, coulombicEfficiency: expect.closeTo(0.9, 12) })),
    });
  });

  it('the flat Novonix export still reads on the byte path, in pieces', async () => {
    const r = await readAll(real('novonix/sample_data_novonix.csv'));
    expect(r.header.format).toBe('novonix');
    expect(r.records).toHaveLength(207);
    const stream = await openRecords(real('novonix/sample_data_novonix.csv'), { columns: {}, strict: false });
    expect(stream.pieces).toBeDefined();
    const layeredStream = await openRecords(writeTemp('novonix-layered.csv', layered()), { columns: {}, strict: false });
    expect(layeredStream.pieces).toBeUndefined();
  });
});

describe('formats cyclekit does not claim fail cleanly, naming themselves; Gamry CHRONOP is read', () => {
  /** A Gamry EXPLAIN file: settings, then CURVE TABLE with its header and units lines. */
  function gamry(tag: string, rows: [number, number, number][]): string {
    const lines = [
      'EXPLAIN', `TAG\t${tag}`, 'TITLE\tLABEL\tcoin-cell-7\tTest &Identifier', 'DATE\tLABEL\t3/10/2025\tDate', 'TIME\tLABEL\t12:00:00\tTime',
      'PSTAT\tPSTAT\tREF600-12345\tPotentiostat', 'ISTEP1\tQUANT\t1.00000E-003\tStep 1 Current (A)', 'CONVENTION\tIQUANT\t1\tCurrent Convention',
      `CURVE\tTABLE\t${rows.length}`, '\tPt\tT\tVf\tIm\tVu\tSig\tAch\tIERange\tOver', '\t#\ts\tV vs. Ref.\tA\tV\tV\tV\t#\tbits',
      ...rows.map(([t, v, i], k) => `\t${k}\t${t}\t${v.toExponential(5).toUpperCase()}\t${i.toExponential(5).toUpperCase()}\t0.00000E+000\t0.00000E+000\t0.00000E+000\t6\t...........`),
      'STOPREASON\tLABEL\tTime Limit\tStop Reason',
    ];
    return `${lines.join('\r\n')}\r\n`;
  }
  const charge: [number, number, number][] = Array.from({ length: 61 }, (_, k) => [k * 60, 3 + k / 60, 1e-3]);

  it('Gamry CHRONOP (galvanostatic) curve: T, Vf, Im read; 1 mA for 3600 s is 1 mAh', async () => {
    const file = writeTemp('chronop.DTA', gamry('CHRONOP', charge));
    const r = await readAll(file);
    expect(r.header.format).toBe('gamry-dta');
    expect(r.header.formatReason).toMatch(/Gamry Framework EXPLAIN file \(\.DTA\), technique 'CHRONOP'/);
    expect(r.records).toHaveLength(61);
    expect(r.records[60]).toMatchObject({ timeS: 3600, voltageV: 4, currentA: 0.001 });
    expect(r.header.metadata.startTime).toBe('3/10/2025 12:00:00');
    const s = summaryByCycle(await load(file)).get(1)!;
    expect(s.chargeCapacityMAh).toBeCloseTo(1, 9);
  });

  it('a Gamry .DTA of another technique is refused by name (E_FORMAT, one line)', () => {
    const file = writeTemp('cv.DTA', gamry('CV', charge));
    const r = cli(['summary', '--json', file]);
    expect(r.code).toBe(2);
    const error = JSON.parse(r.stdout).results[0].error;
    expect(error.code).toBe('E_FORMAT');
    expect(error.message).toMatch(/^Gamry \.DTA file of technique 'CV': cyclekit reads only galvanostatic chronopotentiometry/);
    const text = cli(['summary', file]);
    expect(text.stderr.trim().split('\n')).toHaveLength(1);
    expect(text.stderr).toMatch(/^cyclekit: \S+cv\.DTA: Gamry \.DTA file of technique 'CV'/);
  });

  /** A .ccs-like file: a 4 KB header naming the vendor, then 128-byte blocks (type word, samples). */
  function ccs(withMark: boolean): Buffer {
    const buf = Buffer.alloc(0x1000 + 128 * 8);
    if (withMark) buf.write('WuHan LAND electronic Co.,Ltd', 0x20, 'latin1');
    buf.writeUInt32LE(0x2, 0x100);
    for (let k = 0; k < 8; k++) {
      const at = 0x1000 + k * 128;
      buf.writeUInt32LE(k === 0 ? 0x2 : 0x503, at);
      for (let j = 0; j < 5 && k > 0; j++) {
        buf.writeUInt32LE(1000, at + 8 + j * 24);
        buf.writeFloatLE(3.7, at + 12 + j * 24);
        buf.writeFloatLE(0.001, at + 16 + j * 24);
      }
    }
    return buf;
  }

  it('LAND .ccs is recognised and refused by name, also with --format land-ccs', () => {
    for (const [name, bytes] of [['test.ccs', ccs(true)], ['x', ccs(false)]] as const) {
      const file = writeTemp(name, bytes);
      const r = cli(['inspect', '--json', file]);
      expect(r.code).toBe(2);
      const error = JSON.parse(r.stdout).results[0].error;
      expect(error.code).toBe('E_FORMAT');
      expect(error.message).toMatch(/^LAND \.ccs binary test file: cyclekit does not decode/);
    }
    const forced = cli(['summary', '--format', 'land-ccs', writeTemp('y.ccs', ccs(true))]);
    expect(forced.code).toBe(2);
    expect(forced.stderr).toMatch(/LAND \.ccs binary test file/);
  });
});
