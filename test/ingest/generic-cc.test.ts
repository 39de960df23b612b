import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { summariseCycles } from '../../src/analysis/summary.js';
import { loadDataset, type LoadOptions } from '../../src/pipeline/load.js';
import { ccRows, hms, type CcCase } from '../helpers/synthetic.js';
import { writeTemp } from '../helpers/cli.js';

const CASE: CcCase = { currentA: 0.5e-3, durationS: 7200, dtS: 30, v0: 3.0, v1: 4.0, cycles: 3, ce: 0.98 };
const Q_CHG_MAH = CASE.currentA * (CASE.durationS / 3600) * 1000; // 1.0 mAh
const E_CHG_MWH = Q_CHG_MAH * ((CASE.v0 + CASE.v1) / 2); // 3.5 mWh

const options: LoadOptions = {
  columns: {}, strict: false, restCurrentA: 1e-7, keepPoints: false, cycleRule: 'auto', massG: 0.002, cRateBasis: { kind: 'specific', mAPerG: 100 },
};

type Layout = { name: string; delimiter: string; decimalComma: boolean; header: string[]; time: (t: number) => string; encode: (s: string) => Buffer; current: (i: number) => number };

const utf8 = (s: string): Buffer => Buffer.from(s, 'utf8');
const layouts: Layout[] = [
  { name: 'comma, UTF-8, seconds', delimiter: ',', decimalComma: false, header: ['Test Time(s)', 'Voltage(V)', 'Current(A)', 'Cycle Index', 'Step Index'], time: (t) => String(t), encode: utf8, current: (i) => i },
  { name: 'tab, UTF-8 BOM, minutes, mA', delimiter: '\t', decimalComma: false, header: ['Time(min)', 'Voltage(V)', 'Current(mA)', 'Cycle', 'Step'], time: (t) => String(t / 60), encode: (s) => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), utf8(s)]), current: (i) => i * 1000 },
  { name: 'semicolon, decimal comma, hours, mV', delimiter: ';', decimalComma: true, header: ['Test Time (h)', 'Voltage (mV)', 'Current (A)', 'Cycle', 'Step'], time: (t) => String(t / 3600), encode: utf8, current: (i) => i },
  { name: 'tab, UTF-16LE, hh:mm:ss.fff', delimiter: '\t', decimalComma: false, header: ['Total Time', 'Voltage(V)', 'Current(A)', 'Cycle Index', 'Step Index'], time: hms, encode: (s) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(s, 'utf16le')]), current: (i) => i },
  { name: 'comma, UTF-16BE, d-hh:mm:ss', delimiter: ',', decimalComma: false, header: ['Test Time', 'Voltage(V)', 'Current(A)', 'Cycle Index', 'Step Index'], time: (t) => `${Math.floor(t / 86400)}-${hms(t % 86400)}`, encode: (s) => iconv.encode(s, 'utf16-be', { addBOM: true }), current: (i) => i },
  { name: 'comma, GB18030, Chinese headers, mA', delimiter: ',', decimalComma: false, header: ['总时间(s)', '电压/V', '电流(mA)', '循环号', '工步号'], time: (t) => String(t), encode: (s) => iconv.encode(s, 'gb18030'), current: (i) => i * 1000 },
];

function render(l: Layout): Buffer {
  const rows = ccRows(CASE);
  const fmt = (x: number): string => (l.decimalComma ? String(x).replace('.', ',') : String(x));
  const voltage = (v: number): number => (l.header[1]!.includes('mV') ? v * 1000 : v);
  const lines = [l.header.join(l.delimiter), ...rows.map((r) => [l.time(r.timeS).replace('.', l.decimalComma && !l.time(r.timeS).includes(':') ? ',' : '.'), fmt(voltage(r.voltageV)), fmt(l.current(r.currentA)), r.cycle, r.step].join(l.delimiter))];
  return l.encode(lines.join('\r\n') + '\r\n');
}

describe('generic reader on constant-current data with known answers', () => {
  for (const l of layouts) {
    it(`${l.name}: capacity = I·t, energy = ∫V·I dt, CE`, async () => {
      const file = writeTemp('cc.csv', render(l));
      const ds = await loadDataset(file, options);
      expect(ds.cycles.rule).toBe('file');
      const cycles = summariseCycles(ds.cycles.cycles, { massG: 0.002, cRateBasis: ds.cRateBasis, ce: 'discharge-over-charge', capacityTolerance: 0.01 });
      expect(cycles).toHaveLength(3);
      for (const c of cycles) {
        // hh:mm:ss.fff keeps milliseconds only: allow 1e-6 relative.
        expect(c.chargeCapacityMAh!).toBeCloseTo(Q_CHG_MAH, 6);
        expect(c.dischargeCapacityMAh!).toBeCloseTo(Q_CHG_MAH * CASE.ce, 6);
        expect(c.coulombicEfficiency!).toBeCloseTo(CASE.ce, 6);
        expect(c.chargeEnergyMWh!).toBeCloseTo(E_CHG_MWH, 5);
        expect(c.meanChargeVoltageV!).toBeCloseTo(3.5, 6);
        expect(c.chargeSpecificCapacityMAhG!).toBeCloseTo(Q_CHG_MAH / 0.002, 3);
        // 0.5 mA on 2 mg at 100 mA/g per C → 2.5C.
        expect(c.chargeCRate!).toBeCloseTo(2.5, 6);
      }
    });
  }

  it('detects steps and cycles from current sign when the file has neither column', async () => {
    const rows = ccRows(CASE);
    const text = ['time/s,Ewe/V,I/mA', ...rows.map((r) => `${r.timeS},${r.voltageV},${r.currentA * 1000}`)].join('\n') + '\n';
    const ds = await loadDataset(writeTemp('nocycle.csv', text), options);
    expect(ds.cycles.rule).toBe('charge-first');
    const cycles = summariseCycles(ds.cycles.cycles, { massG: null, cRateBasis: null, ce: 'discharge-over-charge', capacityTolerance: 0.01 });
    expect(cycles.map((c) => c.cycle)).toEqual([1, 2, 3]);
    expect(cycles[1]!.chargeCapacityMAh!).toBeCloseTo(Q_CHG_MAH, 9);
    expect(cycles[1]!.coulombicEfficiency!).toBeCloseTo(CASE.ce, 9);
  });

  it('starts cycles with a discharge when the test starts with one (anode, full cell)', async () => {
    const rows = ccRows(CASE).map((r) => ({ ...r, currentA: -r.currentA }));
    const text = ['time/s,Ewe/V,I/mA', ...rows.map((r) => `${r.timeS},${4 - (r.voltageV - 3)},${r.currentA * 1000}`)].join('\n') + '\n';
    const ds = await loadDataset(writeTemp('anode.csv', text), options);
    expect(ds.cycles.rule).toBe('discharge-first');
    expect(ds.cycles.cycles).toHaveLength(3);
    const cycles = summariseCycles(ds.cycles.cycles, { massG: null, cRateBasis: null, ce: 'charge-over-discharge', capacityTolerance: 0.01 });
    // Sodiation first: the charge (0.98 of the discharge) over the discharge.
    expect(cycles[0]!.coulombicEfficiency!).toBeCloseTo(CASE.ce, 9);
  });
});
