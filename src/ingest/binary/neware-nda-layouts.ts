import { Bytes } from './bytes.js';
import { countChanges, emptyTable, pushRow, stepDirection, type NewareTable } from './neware-table.js';

/**
 * The record layouts of Neware .nda files, by the layout version at byte 14. Learnt from the
 * public readers NewareNDA and fastnda (read, not copied); docs/formats/neware.md lists which
 * real file tests each one.
 *
 * - 5–8 (BTS 6/7): 59-byte records from the block the header points at (byte 64: start,
 *   byte 68: length); one capacity and one energy counter, signed by the step's direction.
 * - 14, 16, 17, 20, 22, 23, 24 (BTS 7.x) and 26, 28, 29 (BTS 7.6–8): 86-byte records after a
 *   0xAA block header; separate charge and discharge counters; 26+ interleave 0x65 auxiliary
 *   (thermocouple) records.
 * - 130 with sub-layout 0x55 at byte 1024 (BTS 9.1): fixed-size records from byte 1024 whose
 *   size is set per file; floats in mA, V, mAs, mWs; one signed capacity counter.
 *
 * Every layout stores the cycler's own cycle counter (0-based on disk, shown 1-based by BTSDA).
 */

export type NdaProblem = { kind: 'version'; version: string } | { kind: 'corrupt'; message: string };

export class NdaError extends Error {
  constructor(readonly problem: NdaProblem) {
    super(problem.kind === 'version' ? problem.version : problem.message);
  }
}

const corrupt = (message: string): NdaError => new NdaError({ kind: 'corrupt', message });

/** The cycle of a record whose layout stores none. */
const NO_CYCLE = -1;

/** One decoded data record, before duplicates are dropped and records put in index order. */
interface Row {
  index: number;
  cycle: number;
  stepIndex: number;
  status: number;
  /** What changes at every new step (the layout's step counter or step number). */
  stepKey: number;
  timeS: number;
  totalTimeS: number | null;
  v: number;
  iMA: number;
  qc: number;
  qd: number;
  ec: number;
  ed: number;
}

export interface NdaDecoded {
  table: NewareTable;
  /** Which layout read the file, for inspect. */
  layout: string;
  /** Whether the cycle numbers are the file's own or derived from the programme steps (BTS 9.0 stores none). */
  cycleSource: 'file' | 'programme';
  /** Set when no real file of this layout was checked: said as a warning. */
  unchecked?: string;
}

/**
 * Current, capacity and energy are integers scaled by the channel's current range code (the
 * table is the one BTSDA's range settings give, mA per count). Codes outside it follow the
 * pattern of their decade.
 */
const RANGE_TO_MA: Record<number, number> = {
  [-100000000]: 10, [-200000]: 1e-2, [-100000]: 1e-2, [-60000]: 1e-2, [-50000]: 1e-2, [-40000]: 1e-2, [-30000]: 1e-2, [-20000]: 1e-2,
  [-12000]: 1e-2, [-10000]: 1e-2, [-6000]: 1e-2, [-5000]: 1e-2, [-3000]: 1e-2, [-2000]: 1e-2, [-1000]: 1e-2, [-500]: 1e-3, [-100]: 1e-3,
  [-50]: 1e-4, [-25]: 1e-4, [-20]: 1e-4, [-10]: 1e-4, [-5]: 1e-5, [-2]: 1e-5, [-1]: 1e-5, 1: 1e-4, 2: 1e-4, 5: 1e-4,
  10: 1e-3, 20: 1e-3, 25: 1e-3, 50: 1e-3, 100: 1e-2, 200: 1e-2, 250: 1e-2, 500: 1e-2, 1000: 1e-1, 6000: 1e-1, 10000: 1e-1,
  12000: 1e-1, 20000: 1e-1, 30000: 1e-1, 40000: 1e-1, 50000: 1e-1, 60000: 1e-1, 100000: 1e-1, 200000: 1e-1,
};

export function rangeMultiplier(range: number): number | undefined {
  const known = RANGE_TO_MA[range];
  if (known !== undefined) return known;
  const a = Math.abs(range);
  if (range > 0) return a < 10 ? 1e-4 : a < 100 ? 1e-3 : a < 1000 ? 1e-2 : 1e-1;
  if (range < 0 && a < 1_000_000) return a < 10 ? 1e-5 : a < 100 ? 1e-4 : a < 1000 ? 1e-3 : 1e-2;
  return undefined;
}

/** The channel's fixed current range, in the device block the header points at (byte 16). */
function headerRange(b: Bytes): number {
  const block = b.u32(16);
  return block + 30 <= b.length ? b.i32(block + 26) : 0;
}

function multiplierFor(range: number, fallbackRange: number): number {
  const code = range === 0 ? fallbackRange : range;
  const m = rangeMultiplier(code);
  if (m === undefined || code === 0) throw corrupt(`a record has current range code ${code}, which no Neware channel uses`);
  return m;
}

/**
 * Fixed-size record layouts from the block the header points at (byte 64: start, 68: length),
 * by version. Offsets in bytes from the record's start; integer V in 0.1 mV; current, capacity
 * and energy in counts of the channel's current range.
 */
interface FixedLayout {
  size: number;
  /** Record kinds that hold data (byte 0), or null when the layout has no kind byte. */
  kinds: number[] | null;
  index: number;
  cycle: number;
  /** How the stored cycle becomes BTSDA's: +1 (0-based on disk), as is, or counted at each change. */
  cycleRule: 'plus1' | 'asIs' | 'changes';
  stepIndex: number;
  stepIndexWide: boolean;
  type: number;
  time: number;
  time64: boolean;
  /** Stored time units per second. */
  timePerS: number;
  v: number;
  i: number;
  /** One capacity and energy counter (i64), signed by the step's direction. */
  single?: { cap: number; energy: number | null };
  /** Separate charge/discharge counters (i32). */
  split?: { qc: number; qd: number; ec: number; ed: number };
  /** Per-record current range; absent: the channel's fixed range. */
  range?: number;
  /** Auxiliary records (kind 101) in a second block the header points at (byte 72). */
  auxTemperature?: number;
  /** Seen in a real file here; the others follow their public description only. */
  verified: boolean;
}

const L59 = { size: 59, kinds: [0, 0x55], index: 1, cycle: 5, stepIndex: 9, stepIndexWide: false, type: 10, time: 11, time64: false, timePerS: 1, v: 15, i: 19, single: { cap: 31, energy: 39 } };
const L69 = { size: 69, kinds: [0x55], index: 2, cycle: 6, cycleRule: 'plus1' as const, stepIndex: 10, stepIndexWide: true, type: 12, time: 13, time64: true, timePerS: 1000, v: 21, i: 25, single: { cap: 37, energy: 45 }, range: 61, auxTemperature: 33, verified: false };
const L70 = { size: 70, kinds: [0x55], index: 2, cycle: 6, cycleRule: 'changes' as const, stepIndex: 10, stepIndexWide: true, type: 12, time: 13, time64: true, timePerS: 1000, v: 21, i: 25, single: { cap: 37, energy: 45 }, range: 61, verified: false };

const FIXED: Record<number, FixedLayout> = {
  5: { ...L59, cycleRule: 'plus1', verified: false },
  6: { ...L59, cycleRule: 'asIs', verified: false },
  7: { ...L59, cycleRule: 'plus1', verified: false },
  8: { ...L59, cycleRule: 'asIs', verified: false },
  9: { size: 60, kinds: [0x55], index: 2, cycle: 6, cycleRule: 'plus1', stepIndex: 10, stepIndexWide: false, type: 11, time: 12, time64: false, timePerS: 1, v: 16, i: 20, single: { cap: 32, energy: 40 }, verified: false },
  10: { size: 64, kinds: [0x55], index: 2, cycle: 6, cycleRule: 'changes', stepIndex: 10, stepIndexWide: false, type: 11, time: 12, time64: true, timePerS: 1, v: 20, i: 24, single: { cap: 36, energy: 44 }, verified: false },
  11: L69,
  12: L69,
  13: L69,
  15: L69,
  18: L69,
  19: { size: 68, kinds: [0x55], index: 8, cycle: 12, cycleRule: 'plus1', stepIndex: 16, stepIndexWide: true, type: 18, time: 24, time64: false, timePerS: 1, v: 28, i: 32, split: { qc: 44, qd: 48, ec: 52, ed: 56 }, verified: false },
  25: L70,
  27: L70,
};

/** The layout version's family, or null when no public layout is known for it. */
function familyOf(version: number): 'fixed' | 'v14' | 'v29' | 'v130' | null {
  if (FIXED[version]) return 'fixed';
  if ([14, 16, 17, 20, 22, 23, 24].includes(version)) return 'v14';
  if ([26, 28, 29].includes(version)) return 'v29';
  if (version === 130) return 'v130';
  return null;
}

/** Decode the records of an .nda whose header was checked; throws NdaError. */
export function decodeNdaRecords(b: Bytes, version: number): NdaDecoded {
  const family = familyOf(version);
  if (family === null) throw new NdaError({ kind: 'version', version: String(version) });
  let rows: Row[];
  let temps = new Map<number, Map<number, number>>();
  let layout: string;
  let cycleSource: NdaDecoded['cycleSource'] = 'file';
  let unchecked: string | undefined;
  if (family === 'fixed') {
    const spec = FIXED[version]!;
    ({ rows, temps } = decodeFixed(b, spec));
    layout = `${spec.size}-byte records (BTS 6/7)`;
    if (!spec.verified) unchecked = `the .nda layout ${version} (${spec.size}-byte records) is read from its public description; cyclekit's tests hold no real file of this version`;
  } else if (family === 'v130') {
    const sub = b.length > 1024 ? b.u8(1024) : -1;
    if (sub === 0x55) {
      ({ rows, temps } = decode130(b));
      layout = 'BTS 9.1 records (floats, one signed capacity counter)';
    } else if (sub === 0x12) {
      rows = decode130v90(b);
      layout = 'BTS 9.0 records (88 bytes, floats; no cycle index stored)';
      cycleSource = 'programme';
      unchecked = "the BTS 9.0 .nda layout is read from its public description; cyclekit's tests hold no real file of it";
    } else {
      throw new NdaError({ kind: 'version', version: `130 (sub-layout ${sub} at byte 1024; BTS 9.0 is 18 and 9.1 is 85)` });
    }
  } else {
    ({ rows, temps } = decode86(b, family === 'v29'));
    layout = family === 'v29' ? '86-byte records with auxiliary records (BTS 7.6–8)' : '86-byte records (BTS 7)';
  }
  return { table: toTable(rows, temps), layout, cycleSource, ...(unchecked ? { unchecked } : {}) };
}

/**
 * The first data record: after the 0xAA block header the header points at (or that a search
 * finds), else the first record with index 1.
 */
function firstRecord86(b: Bytes): number {
  const pointer = b.length >= 72 ? b.u32(64) : 0;
  if (pointer > 0 && pointer + 6 <= b.length && b.u8(pointer) === 0xaa && b.u32(pointer + 2) === 1) return pointer + 86;
  const block = b.find(new Uint8Array([0xaa, 0, 1, 0, 0, 0]));
  if (block !== -1) return block + 86;
  return b.find(new Uint8Array([0x55, 0, 1, 0, 0, 0]));
}

function decode86(b: Bytes, withAux: boolean): { rows: Row[]; temps: Map<number, Map<number, number>> } {
  const RECORD = 86;
  const start = firstRecord86(b);
  if (start === -1) throw corrupt('no data block header found');
  const fallbackRange = headerRange(b);
  const rows: Row[] = [];
  const temps = new Map<number, Map<number, number>>();
  for (let r = start; r + RECORD <= b.length; r += RECORD) {
    const id = b.u8(r);
    if (id === 0x55) {
      const index = b.u32(r + 2);
      const status = b.u8(r + 12);
      if (index === 0 || status === 0) continue;
      const mult = multiplierFor(b.i32(r + 78), fallbackRange);
      rows.push({
        index,
        cycle: b.u32(r + 6) + 1,
        stepIndex: b.u16(r + 10),
        status,
        stepKey: b.u32(r + 10),
        timeS: b.u64(r + 14) / 1000,
        totalTimeS: null,
        v: b.i32(r + 22) / 10000,
        iMA: b.i32(r + 26) * mult,
        qc: (b.i64(r + 38) * mult) / 3600,
        qd: (b.i64(r + 46) * mult) / 3600,
        ec: (b.i64(r + 54) * mult) / 3600,
        ed: (b.i64(r + 62) * mult) / 3600,
      });
    } else if (id === 0x65 && withAux) {
      const channel = b.u8(r + 1);
      let m = temps.get(channel);
      if (!m) temps.set(channel, (m = new Map()));
      const index = b.u32(r + 2);
      if (!m.has(index)) m.set(index, b.i16(r + 34) / 10);
    }
  }
  return { rows, temps };
}

function decodeFixed(b: Bytes, spec: FixedLayout): { rows: Row[]; temps: Map<number, Map<number, number>> } {
  const begin = b.u32(64);
  const length = b.u32(68);
  if (begin === 0 || begin >= b.length) throw corrupt(`the header points to a data block at byte ${begin}, outside the file`);
  const end = length > 0 ? Math.min(b.length, begin + length) : b.length;
  const fallbackRange = headerRange(b);
  const rows: Row[] = [];
  const rawCycles: number[] = [];
  for (let r = begin; r + spec.size <= end; r += spec.size) {
    if (spec.kinds !== null && !spec.kinds.includes(b.u8(r))) continue;
    const index = b.u32(r + spec.index);
    const status = b.u8(r + spec.type);
    if (index === 0 || status === 0) continue;
    const mult = multiplierFor(spec.range !== undefined ? b.i32(r + spec.range) : fallbackRange, fallbackRange);
    const iMA = b.i32(r + spec.i) * mult;
    let qc: number, qd: number, ec: number, ed: number;
    if (spec.split) {
      [qc, qd, ec, ed] = [spec.split.qc, spec.split.qd, spec.split.ec, spec.split.ed].map((o) => (Math.abs(b.i32(r + o)) * mult) / 3600) as [number, number, number, number];
    } else {
      const q = Math.abs(b.i64(r + spec.single!.cap) * mult) / 3600;
      const e = spec.single!.energy === null ? 0 : Math.abs(b.i64(r + spec.single!.energy) * mult) / 3600;
      const charging = isChargeRecord(status, iMA);
      [qc, qd, ec, ed] = charging ? [q, 0, e, 0] : [0, q, 0, e];
    }
    const rawCycle = b.u32(r + spec.cycle);
    rawCycles.push(rawCycle);
    const stepIndex = spec.stepIndexWide ? b.u16(r + spec.stepIndex) : b.u8(r + spec.stepIndex);
    rows.push({
      index,
      cycle: spec.cycleRule === 'plus1' ? rawCycle + 1 : rawCycle,
      stepIndex,
      status,
      stepKey: stepIndex,
      timeS: (spec.time64 ? b.u64(r + spec.time) : b.u32(r + spec.time)) / spec.timePerS,
      totalTimeS: null,
      v: b.i32(r + spec.v) / 10000,
      iMA,
      qc,
      qd,
      ec,
      ed,
    });
  }
  if (spec.cycleRule === 'changes') {
    // These layouts store a loop counter whose values BTSDA renumbers 1, 2, … at each change.
    let n = 0;
    rows.forEach((row, k) => {
      if (k === 0 || rawCycles[k] !== rawCycles[k - 1]) n++;
      row.cycle = n;
    });
  }
  const temps = new Map<number, Map<number, number>>();
  const auxAt = spec.auxTemperature;
  const auxBegin = b.length >= 80 ? b.u32(72) : 0;
  const auxLength = b.length >= 80 ? b.u32(76) : 0;
  if (auxAt !== undefined && auxBegin > 0 && auxLength > 0 && auxBegin < b.length) {
    for (let r = auxBegin; r + spec.size <= Math.min(b.length, auxBegin + auxLength); r += spec.size) {
      if (b.u8(r) !== 101) continue;
      const channel = b.u8(r + 1);
      let m = temps.get(channel);
      if (!m) temps.set(channel, (m = new Map()));
      const index = b.u32(r + 2);
      if (!m.has(index)) m.set(index, b.i16(r + auxAt) / 10);
    }
    for (const [channel, m] of temps) if ([...m.values()].every((x) => x === 0)) temps.delete(channel);
  }
  return { rows, temps };
}

/** A record counts to charge when its step is a charge, or (undirected steps) its current is positive. */
function isChargeRecord(status: number, iMA: number): boolean {
  const d = stepDirection(status);
  return d === 'Chg' || (d === null && iMA > 0);
}

function decode130(b: Bytes): { rows: Row[]; temps: Map<number, Map<number, number>> } {
  const FIRST = 1024;
  const id = b.u16(FIRST);
  // The record size is set per file (more auxiliary channels, longer records): the distance to the next identifier.
  const idBytes = new Uint8Array([id & 0xff, id >> 8]);
  const next = b.find(idBytes, FIRST + 2);
  const size = next - FIRST;
  if (next === -1 || size < 52 || size > 512) throw corrupt(`BTS 9.1 records have no recognisable size (${size} bytes)`);
  const rows: Row[] = [];
  const temps = new Map<number, Map<number, number>>();
  const t1 = new Map<number, number>();
  for (let r = FIRST; r + size <= b.length; r += size) {
    if (b.u16(r) !== id) continue;
    const index = b.u32(r + 8);
    const status = b.u8(r + 3);
    if (index === 0 || status === 0) continue;
    const capMAs = b.f32(r + 28);
    const energyMWs = b.f32(r + 32);
    rows.push({
      index,
      cycle: b.u32(r + 36) + 1,
      stepIndex: b.u8(r + 2),
      status,
      stepKey: b.u8(r + 2),
      timeS: Number.NaN,
      totalTimeS: b.u32(r + 12) + b.u32(r + 16) / 1e9,
      v: b.f32(r + 24),
      iMA: b.f32(r + 20),
      qc: Math.max(capMAs, 0) / 3600,
      qd: Math.max(-capMAs, 0) / 3600,
      ec: Math.max(energyMWs, 0) / 3600,
      ed: Math.max(-energyMWs, 0) / 3600,
    });
    if (size >= 56 && !t1.has(index)) t1.set(index, b.f32(r + 52));
  }
  if ([...t1.values()].some((x) => x !== 0)) temps.set(1, t1);
  return { rows, temps };
}

/**
 * BTS 9.0: 88-byte records after the marker 12 50 00 07; record kind 0x55 at +4. Step time in
 * µs, voltage in V, current in mA, one capacity (mAs) and energy (mWs) counter. No cycle index:
 * cycles follow the programme rule (a new cycle where the step index does not rise), which
 * BTSDA's numbering obeys in every export we hold.
 */
function decode130v90(b: Bytes): Row[] {
  const RECORD = 88;
  const start = b.find(new Uint8Array([0x12, 0x50, 0x00, 0x07, 0x55, 0x81, 0x01, 0x06]));
  if (start === -1) throw corrupt('no BTS 9.0 data records found');
  const rows: Row[] = [];
  for (let r = start; r + RECORD <= b.length; r += RECORD) {
    if (b.u8(r + 4) !== 0x55) continue;
    const index = b.u32(r + 16);
    const status = b.u8(r + 10);
    if (index === 0 || status === 0) continue;
    const iMA = b.f32(r + 40);
    const q = Math.abs(b.f32(r + 60)) / 3600;
    const e = Math.abs(b.f32(r + 64)) / 3600;
    const charging = isChargeRecord(status, iMA);
    rows.push({
      index,
      cycle: NO_CYCLE,
      stepIndex: b.u8(r + 9),
      status,
      stepKey: b.u8(r + 9),
      timeS: b.u64(r + 28) / 1e6,
      totalTimeS: null,
      v: b.f32(r + 36),
      iMA,
      qc: charging ? q : 0,
      qd: charging ? 0 : q,
      ec: charging ? e : 0,
      ed: charging ? 0 : e,
    });
  }
  return rows;
}

/** Cycle numbers by the programme rule: 1, and one more at each step whose index is not above the previous step's. */
export function programmeCycles(step: number[], stepIndex: number[]): number[] {
  const out = new Array<number>(step.length);
  let cycle = 1;
  for (let i = 0; i < step.length; i++) {
    if (i > 0 && step[i] !== step[i - 1] && stepIndex[i]! <= stepIndex[i - 1]!) cycle++;
    out[i] = cycle;
  }
  return out;
}

function toTable(rows: Row[], temps: Map<number, Map<number, number>>): NewareTable {
  if (rows.length === 0) throw corrupt('no data records found');
  // Records can repeat across the file's buffers; keep the first of each index, in index order.
  const seen = new Set<number>();
  const unique = rows.filter((r) => (seen.has(r.index) ? false : (seen.add(r.index), true)));
  unique.sort((x, y) => x.index - y.index);
  // Indexes run 1, 2, 3, …: a hole means a record no longer parses (damaged bytes).
  for (let k = 1; k < unique.length; k++) {
    if (unique[k]!.index !== unique[k - 1]!.index + 1) throw corrupt(`record ${unique[k - 1]!.index + 1} is missing or unreadable`);
  }
  const t = emptyTable();
  for (const r of unique) {
    pushRow(t, { index: r.index, cycle: r.cycle, stepIndex: r.stepIndex, status: r.status, timeS: r.timeS, voltageV: r.v, currentMA: r.iMA, chargeMAh: r.qc, dischargeMAh: r.qd, chargeMWh: r.ec, dischargeMWh: r.ed });
  }
  t.step = countChanges(unique.map((r) => r.stepKey));
  if (unique[0]!.cycle === NO_CYCLE) t.cycle = programmeCycles(t.step, t.stepIndex);
  if (unique[0]!.totalTimeS !== null) {
    // BTS 9.1 stores the test time only; a step's time counts from the end of the step before.
    t.totalTimeS = unique.map((r) => r.totalTimeS!);
    let stepStart = 0;
    for (let i = 0; i < unique.length; i++) {
      if (i > 0 && t.step[i] !== t.step[i - 1]) stepStart = t.totalTimeS[i - 1]!;
      t.timeS[i] = t.totalTimeS[i]! - stepStart;
    }
  }
  for (const [channel, m] of [...temps.entries()].sort((x, y) => x[0] - y[0])) {
    t.temperaturesC.set(`T${channel}`, t.index.map((i) => m.get(i) ?? Number.NaN));
  }
  return t;
}
