import { describe, expect, it } from 'vitest';
import { crc32 } from '../../../src/ingest/binary/bytes.js';
import { decodeNdax } from '../../../src/ingest/binary/neware-ndc.js';
import { decodeNda } from '../../../src/ingest/formats/neware-nda.js';

/**
 * Layouts with no real file in fixtures/real (docs/formats/neware.md): built byte by byte from
 * their public description, with known values, so each field's offset and scale is pinned.
 */

/** An .nda header: magic, date, version at byte 14; the device block at 256 holds the current range. */
function ndaHeader(version: number, size: number, rangeCode: number): DataView {
  const buf = new Uint8Array(size);
  buf.set(new TextEncoder().encode('NEWARE20120101'), 0);
  const v = new DataView(buf.buffer);
  v.setUint8(14, version);
  v.setUint32(16, 256, true);
  v.setInt32(256 + 26, rangeCode, true);
  return v;
}

describe('.nda version 8 (59-byte records, BTS 6/7)', () => {
  // Range 1000 (1 A channel): counts of 0.1 mA.
  const begin = 2048;
  const rows = [
    { step: 1, type: 4, t: 0, mV: 3000.5, mA: 0, mAh: 0 }, // rest
    { step: 2, type: 1, t: 60, mV: 3500.0, mA: 500, mAh: 8.3333 }, // CC charge
    { step: 3, type: 2, t: 30, mV: 3200.0, mA: -250, mAh: 2.0833 }, // CC discharge, next loop
  ];
  const v = ndaHeader(8, begin + rows.length * 59, 1000);
  v.setUint32(64, begin, true);
  v.setUint32(68, rows.length * 59, true);
  rows.forEach((r, k) => {
    const at = begin + k * 59;
    v.setUint8(at, 0);
    v.setUint32(at + 1, k + 1, true);
    v.setUint32(at + 5, k === 2 ? 2 : 1, true); // version 8 stores cycles from 1
    v.setUint8(at + 9, r.step);
    v.setUint8(at + 10, r.type);
    v.setUint32(at + 11, r.t, true);
    v.setInt32(at + 15, Math.round(r.mV * 10), true);
    v.setInt32(at + 19, Math.round(r.mA * 10), true);
    v.setBigInt64(at + 31, BigInt(Math.round(r.mAh * 3600 * 10)), true);
    v.setBigInt64(at + 39, BigInt(Math.round(r.mAh * 3600 * 10 * 3.4)), true);
  });

  it('gives voltage, current, capacity by step direction, and the stored cycle', () => {
    const { table: t, metadata } = decodeNda(new Uint8Array(v.buffer), 'v8.nda');
    expect(metadata.ndaVersion).toBe(8);
    expect(t.index).toEqual([1, 2, 3]);
    expect(t.cycle).toEqual([1, 1, 2]);
    expect(t.stepIndex).toEqual([1, 2, 3]);
    expect(t.timeS).toEqual([0, 60, 30]);
    expect(t.voltageV.map((x) => +x.toFixed(5))).toEqual([3.0005, 3.5, 3.2]);
    expect(t.currentMA.map((x) => +x.toFixed(5))).toEqual([0, 500, -250]);
    expect(t.chargeMAh[1]).toBeCloseTo(8.3333, 4);
    expect(t.dischargeMAh[1]).toBe(0);
    expect(t.chargeMAh[2]).toBe(0);
    expect(t.dischargeMAh[2]).toBeCloseTo(2.0833, 4);
    expect(t.dischargeMWh[2]).toBeCloseTo(2.0833 * 3.4, 3);
  });
});

describe('.nda version 11 (69-byte records with a per-record range, auxiliary block)', () => {
  const begin = 1024;
  const recs = [
    { step: 1, type: 7, ms: 0, dmV: 36000, counts: 5000, q: 0 }, // CCCV charge, range 1000: 0.1 mA counts
    { step: 1, type: 7, ms: 3_600_000, dmV: 42000, counts: 5000, q: 500 * 3600 * 10 },
    { step: 2, type: 2, ms: 1_800_000, dmV: 38000, counts: -5000, q: 250 * 3600 * 10 },
    { step: 2, type: 2, ms: 3_600_000, dmV: 36000, counts: -5000, q: 500 * 3600 * 10 },
  ];
  const auxBegin = begin + recs.length * 69;
  const v = ndaHeader(11, auxBegin + recs.length * 69, 0);
  v.setUint32(64, begin, true);
  v.setUint32(68, recs.length * 69, true);
  v.setUint32(72, auxBegin, true);
  v.setUint32(76, recs.length * 69, true);
  recs.forEach((r, k) => {
    const at = begin + k * 69;
    v.setUint8(at, 0x55);
    v.setUint32(at + 2, k + 1, true);
    v.setUint32(at + 6, 0, true);
    v.setUint16(at + 10, r.step, true);
    v.setUint8(at + 12, r.type);
    v.setBigUint64(at + 13, BigInt(r.ms), true);
    v.setInt32(at + 21, r.dmV, true);
    v.setInt32(at + 25, r.counts, true);
    v.setBigInt64(at + 37, BigInt(r.q), true);
    v.setInt32(at + 61, 1000, true);
    const aux = auxBegin + k * 69;
    v.setUint8(aux, 101);
    v.setUint8(aux + 1, 2);
    v.setUint32(aux + 2, k + 1, true);
    v.setInt16(aux + 33, 300 + k, true);
  });

  it('scales by the record\'s range, splits the counter by step direction, maps the thermocouple, and says the layout is unchecked', () => {
    const d = decodeNda(new Uint8Array(v.buffer), 'v11.nda');
    expect(d.table.cycle).toEqual([1, 1, 1, 1]);
    expect(d.table.timeS).toEqual([0, 3600, 1800, 3600]);
    expect(d.table.voltageV).toEqual([3.6, 4.2, 3.8, 3.6]);
    expect(d.table.currentMA).toEqual([500, 500, -500, -500]);
    expect(d.table.chargeMAh[1]).toBeCloseTo(500, 9);
    expect(d.table.dischargeMAh[3]).toBeCloseTo(500, 9);
    expect(d.table.chargeMAh[3]).toBe(0);
    expect(d.table.temperaturesC.get('T2')).toEqual([30, 30.1, 30.2, 30.3]);
    expect(d.warnings.join()).toMatch(/layout 11 \(69-byte records\) is read from its public description/);
  });
});

describe('.nda version 130, BTS 9.0 sub-layout (88-byte records, no cycle index)', () => {
  const steps = [
    { index: 1, step: 1, type: 1, us: 0, V: 3.1, mA: 100, mAs: 0 },
    { index: 2, step: 1, type: 1, us: 3_600_000_000, V: 3.9, mA: 100, mAs: 360_000 },
    { index: 3, step: 2, type: 2, us: 1_800_000_000, V: 3.5, mA: -100, mAs: 180_000 },
    { index: 4, step: 1, type: 1, us: 1_000_000, V: 3.6, mA: 100, mAs: 100 },
    // BTSDA counts a last record that would open a step with the step before: end inside one.
    { index: 5, step: 1, type: 1, us: 2_000_000, V: 3.6, mA: 100, mAs: 200 },
  ];
  const start = 1024;
  const v = ndaHeader(130, start + steps.length * 88, 0);
  steps.forEach((s, k) => {
    const at = start + k * 88;
    [0x12, 0x50, 0x00, 0x07, 0x55, 0x81, 0x01, 0x06].forEach((x, j) => v.setUint8(at + j, x));
    v.setUint8(at + 9, s.step);
    v.setUint8(at + 10, s.type);
    v.setUint32(at + 16, s.index, true);
    v.setBigUint64(at + 28, BigInt(s.us), true);
    v.setFloat32(at + 36, s.V, true);
    v.setFloat32(at + 40, s.mA, true);
    v.setFloat32(at + 60, s.mAs, true);
  });

  it('reads the records and numbers cycles by the programme rule, saying so', () => {
    const d = decodeNda(new Uint8Array(v.buffer), 'bts90.nda');
    expect(d.table.cycle).toEqual([1, 1, 1, 2, 2]);
    expect(d.table.timeS).toEqual([0, 3600, 1800, 1, 2]);
    expect(d.table.chargeMAh[1]).toBeCloseTo(100, 6);
    expect(d.table.dischargeMAh[2]).toBeCloseTo(50, 6);
    expect(d.cycleNumbering).toMatch(/stores no cycle index/);
  });
});

/** An .ndc stream: a header page then pages with the record count at 2, the used-slot bitmask at 4, records from `first`, CRC-32 last. */
function ndcStream(type: number, version: number, first: number, size: number, records: ((v: DataView, at: number) => void)[]): Uint8Array {
  const page = 4096;
  const out = new Uint8Array(page * 2);
  out[0] = type;
  out[2] = version;
  const v = new DataView(out.buffer, page, page);
  v.setUint16(2, records.length, true);
  records.forEach((write, k) => {
    v.setUint8(4 + (k >> 3), v.getUint8(4 + (k >> 3)) | (1 << (k & 7)));
    write(v, first + k * size);
  });
  v.setUint32(page - 4, crc32(out.subarray(page, 2 * page - 4)), true);
  return out;
}

describe('.ndc version 5 (everything in data.ndc, 87-byte records)', () => {
  // Range -1000 (1 A on a multi-range channel): counts of 0.01 mA.
  const rec = (index: number, cycle: number, step: number, type: number, ms: number, mV: number, mA: number, qcMAh: number, qdMAh: number) => (v: DataView, at: number) => {
    const r = at + 1;
    v.setUint32(r, index, true);
    v.setUint32(r + 4, cycle, true);
    v.setUint8(r + 8, step);
    v.setUint8(r + 9, type);
    v.setBigUint64(r + 15, BigInt(ms), true);
    v.setInt32(r + 23, Math.round(mV * 10), true);
    v.setInt32(r + 27, Math.round(mA * 100), true);
    v.setBigInt64(r + 35, BigInt(Math.round(qcMAh * 3600 * 100)), true);
    v.setBigInt64(r + 43, BigInt(Math.round(qdMAh * 3600 * 100)), true);
    v.setInt32(r + 74, -1000, true);
  };
  const data = ndcStream(1, 5, 132, 87, [
    rec(1, 0, 1, 1, 0, 3000, 200, 0, 0),
    rec(2, 0, 1, 1, 10_000, 3100, 200, 0.5556, 0),
    rec(3, 0, 2, 2, 5_000, 3050, -200, 0, 0.2778),
    rec(4, 1, 1, 1, 1_000, 3010, 200, 0.0556, 0),
    rec(5, 1, 1, 1, 2_000, 3020, 200, 0.1111, 0),
  ]);
  const aux = ndcStream(5, 5, 132, 87, [1, 2, 3, 4, 5].map((index) => (v: DataView, at: number) => {
    v.setUint32(at + 1, index, true);
    v.setInt16(at + 34, 250 + index, true);
  }));

  it('gives the stored cycle (0-based on disk), scaled values and the thermocouple', () => {
    const { table: t, version } = decodeNdax({ data, aux: [{ name: 'T1', file: 'data_1.ndc', bytes: aux, thermocouple: true }] });
    expect(version).toBe(5);
    expect(t.cycle).toEqual([1, 1, 1, 2, 2]);
    expect(t.step).toEqual([1, 1, 2, 3, 3]);
    expect(t.timeS).toEqual([0, 10, 5, 1, 2]);
    expect(t.voltageV.map((x) => +x.toFixed(4))).toEqual([3, 3.1, 3.05, 3.01, 3.02]);
    expect(t.currentMA.map((x) => +x.toFixed(4))).toEqual([200, 200, -200, 200, 200]);
    expect(t.chargeMAh[1]).toBeCloseTo(0.5556, 4);
    expect(t.dischargeMAh[2]).toBeCloseTo(0.2778, 4);
    expect(t.temperaturesC.get('T1')).toEqual([25.1, 25.2, 25.3, 25.4, 25.5]);
  });
});

describe('.ndc version 11 (split streams; 0.1 mV, mA, mAs)', () => {
  const data = ndcStream(1, 11, 132, 8, [[30000, 100], [31000, 100], [30500, -50], [30400, -50]].map(([dmV, mA]) => (v: DataView, at: number) => {
    v.setFloat32(at, dmV!, true);
    v.setFloat32(at + 4, mA!, true);
  }));
  // Run info, 47 bytes: time (ms), counters in mAs, step number at 37, record index at 41; slot 0 left empty.
  const runInfo = ndcStream(18, 11, 132, 47, [null, [1, 0, 0, 1], [2, 60_000, 6000, 1], [3, 30_000, 1500, 2], [4, 40_000, 2000, 2]].map((r) => (v: DataView, at: number) => {
    if (!r) return;
    const [index, ms, mAs, step] = r as number[];
    v.setUint32(at, ms!, true);
    v.setFloat32(at + (step === 1 ? 5 : 9), mAs!, true);
    v.setUint32(at + 37, step!, true);
    v.setInt32(at + 41, index!, true);
  }));
  const steps = ndcStream(7, 11, 132, 37, [[0, 1, 1], [0, 2, 2]].map(([cycle, programme, type]) => (v: DataView, at: number) => {
    v.setInt32(at, cycle!, true);
    v.setInt32(at + 4, programme!, true);
    v.setUint8(at + 24, type!);
  }));

  it('joins voltage/current with run info and steps', () => {
    const { table: t } = decodeNdax({ data, runInfo, step: steps, aux: [] });
    expect(t.voltageV.map((x) => +x.toFixed(4))).toEqual([3, 3.1, 3.05, 3.04]);
    expect(t.currentMA).toEqual([100, 100, -50, -50]);
    expect(t.timeS).toEqual([0, 60, 30, 40]);
    expect(t.chargeMAh[1]).toBeCloseTo(6000 / 3600, 9);
    expect(t.dischargeMAh[3]).toBeCloseTo(2000 / 3600, 9);
    expect(t.cycle).toEqual([1, 1, 1, 1]);
    expect(t.stepIndex).toEqual([1, 1, 2, 2]);
  });
});
