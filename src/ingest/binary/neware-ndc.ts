import { Bytes, crc32 } from './bytes.js';
import { rangeMultiplier } from './neware-nda-layouts.js';
import { countChanges, emptyTable, pushRow, type NewareTable } from './neware-table.js';

/**
 * Neware .ndc streams (the members of an .ndax zip). Byte 0 is the stream type, byte 2 the
 * layout version. A stream is a header page followed by pages of the same size (512 bytes for
 * versions 2–4, 4 KiB from 5 on): bytes 2–3 hold the number of records in the page, records
 * start at byte 5 (512-byte pages) or 132, and the last 4 bytes are a CRC-32 of the rest.
 *
 * Stream types: 1 = records, 18 = run info (time, capacities, energies, step), 7 = steps
 * (cycle, programme step, type), 5 = auxiliary channel.
 *
 * Versions 2 and 5 (BTS 8.0 before 2023) keep everything in data.ndc: integer fields scaled by
 * the current range, like an .nda. From 11 on data.ndc holds voltage and current only, and
 * data_runInfo.ndc / data_step.ndc the rest. Learnt from NewareNDA and fastnda (read, not copied).
 */
export type NdcProblem = { kind: 'version'; version: string } | { kind: 'corrupt'; message: string };

export class NdcError extends Error {
  constructor(readonly problem: NdcProblem) {
    super(problem.kind === 'version' ? problem.version : problem.message);
  }
}

const corrupt = (message: string): NdcError => new NdcError({ kind: 'corrupt', message });

/** Record sizes by stream type and version; a version missing here has no known layout. */
const ALL_IN_ONE = new Set([2, 5]);
const SPLIT = new Set([8, 9, 11, 12, 13, 14, 16, 17]);
/** Split versions whose data.ndc holds 0.1 mV and mA (the others V and A), and whose aux streams carry their own record kinds. */
const SCALED_DATA = new Set([9, 11, 13, 16]);
export const NDC_VERSIONS_READ = [...ALL_IN_ONE, ...SPLIT];
/** Versions whose pages were seen to end with a CRC-32 of the page (fixtures/real/neware). */
const CRC_CHECKED = new Set([2, 14, 16, 17]);

interface NdcStream {
  name: string;
  type: number;
  version: number;
  pages: Bytes[];
  pageSize: number;
  firstRecord: number;
}

function openStream(name: string, data: Uint8Array): NdcStream {
  if (data.length < 4) throw corrupt(`${name} is ${data.length} bytes, too short for a stream header`);
  const type = data[0]!;
  const version = data[2]!;
  if (!ALL_IN_ONE.has(version) && !SPLIT.has(version)) throw new NdcError({ kind: 'version', version: `${version} (${name}, stream type ${type})` });
  const pageSize = version < 5 ? 512 : 4096;
  const firstRecord = version < 5 ? 5 : 132;
  if (data.length < pageSize) throw corrupt(`${name} is shorter than its ${pageSize}-byte header page (${data.length} bytes)`);
  if (data.length % pageSize !== 0) throw corrupt(`${name} is ${data.length} bytes, not a whole number of ${pageSize}-byte pages`);
  const pages: Bytes[] = [];
  for (let at = pageSize; at < data.length; at += pageSize) {
    const page = data.subarray(at, at + pageSize);
    const stored = new Bytes(page).u32(pageSize - 4);
    // Pages of the versions seen here end with a CRC-32; for the others (5, 11) no real file
    // showed whether they do, so a mismatch there is no proof of damage.
    if (CRC_CHECKED.has(version) && crc32(page.subarray(0, pageSize - 4)) !== stored) throw corrupt(`${name}: page ${at / pageSize} fails its CRC-32 check`);
    pages.push(new Bytes(page));
  }
  return { name, type, version, pages, pageSize, firstRecord };
}

/**
 * Each page's records, fixed size. Value streams are packed: the page header's count says how
 * many. Run-info and step pages may leave a slot empty (the first one of a stream), so with
 * `allSlots` every slot that fits is visited and the caller skips empty ones; with 'bitmask'
 * only the slots the page flags as used.
 */
function* records(s: NdcStream, size: number, allSlots: boolean | 'bitmask' = false): Generator<[Bytes, number]> {
  // Slots end one byte before the page does (the 7-byte auxiliary records fill 566 of them);
  // a slot that reaches into the CRC is visited only when the page's count asks for it.
  const fit = Math.floor((s.pageSize - 1 - s.firstRecord) / size);
  const safe = Math.floor((s.pageSize - 4 - s.firstRecord) / size);
  for (const page of s.pages) {
    const count = page.u16(2);
    if (count > fit) throw corrupt(`${s.name}: a page claims ${count} records, more than fit`);
    const n = allSlots ? safe : count;
    for (let k = 0; k < n; k++) {
      // Pages also flag their used slots in a bitmask from byte 4, one bit a slot.
      if (allSlots === 'bitmask' && (page.u8(4 + (k >> 3)) & (1 << (k & 7))) === 0) continue;
      yield [page, s.firstRecord + k * size];
    }
  }
}

interface RunInfo {
  timeS: number;
  chargeMAh: number;
  dischargeMAh: number;
  chargeMWh: number;
  dischargeMWh: number;
  step: number;
}

export interface NdaxMembers {
  data: Uint8Array;
  runInfo?: Uint8Array | undefined;
  step?: Uint8Array | undefined;
  /**
   * Auxiliary streams in the order of TestInfo.xml. `thermocouple`: TestInfo.xml marks the
   * channel as a temperature (ChlType 103). The 7-byte records of versions 11 and 16 carry a
   * temperature field of their own and are read as temperatures wherever it holds values.
   */
  aux: { name: string; file: string; bytes: Uint8Array; thermocouple: boolean }[];
}

export interface NdaxDecoded {
  table: NewareTable;
  /** Records whose time and counters were filled in (BTS 8 logs them for some records only). */
  filled: number;
  version: number;
  /** Set when no real file of this stream version was checked: said as a warning. */
  unchecked?: string;
}

/** Stream versions seen in real files (fixtures/real/neware); the others follow their public description. */
const CHECKED = new Set([2, 14, 16, 17]);

/**
 * Decode the streams of an .ndax into one table, the way BTSDA presents it. A test that never
 * logged a record gives an empty table.
 */
export function decodeNdax(m: NdaxMembers): NdaxDecoded {
  const data = openStream('data.ndc', m.data);
  if (data.type !== 1) throw corrupt(`data.ndc has stream type ${data.type}, expected 1`);
  const decoded = ALL_IN_ONE.has(data.version) ? decodeAllInOne(data) : decodeSplit(data, m);
  for (const a of m.aux) {
    const temps = decodeAux(a.file, a.bytes, a.thermocouple, decoded.table);
    if (temps) decoded.table.temperaturesC.set(a.name, temps);
  }
  if (!CHECKED.has(data.version)) decoded.unchecked = `the .ndc stream layout ${data.version} is read from its public description; cyclekit's tests hold no real file of this version`;
  return decoded;
}

/** Versions 2 and 5: one record holds everything; index at +8 (512-byte pages) or +1. */
function decodeAllInOne(data: NdcStream): NdaxDecoded {
  const size = data.version < 5 ? 94 : 87;
  const lead = data.version < 5 ? 8 : 1;
  type Row = { index: number; cycle: number; stepIndex: number; status: number; timeS: number; v: number; iMA: number; q: number[] };
  const rows: Row[] = [];
  // The slots the page's bitmask flags, keeping those with a record index.
  for (const [p, at] of records(data, size, 'bitmask')) {
    const r = at + lead;
    const index = p.u32(r);
    if (index === 0) continue;
    const range = p.i32(r + 74);
    const mult = rangeMultiplier(range);
    if (mult === undefined || range === 0) throw corrupt(`data.ndc: record ${index} has current range code ${range}, which no Neware channel uses`);
    rows.push({
      index,
      cycle: p.u32(r + 4) + 1,
      stepIndex: p.u8(r + 8),
      status: p.u8(r + 9),
      timeS: p.u64(r + 15) / 1000,
      v: p.i32(r + 23) / 10000,
      iMA: p.i32(r + 27) * mult,
      q: [35, 43, 51, 59].map((o) => (p.i64(r + o) * mult) / 3600),
    });
  }
  const seen = new Set<number>();
  const unique = rows.filter((r) => (seen.has(r.index) ? false : (seen.add(r.index), true))).sort((x, y) => x.index - y.index);
  const t = emptyTable();
  for (const r of unique) {
    const [chargeMAh, dischargeMAh, chargeMWh, dischargeMWh] = r.q as [number, number, number, number];
    pushRow(t, { index: r.index, cycle: r.cycle, stepIndex: r.stepIndex, status: r.status, timeS: r.timeS, voltageV: r.v, currentMA: r.iMA, chargeMAh, dischargeMAh, chargeMWh, dischargeMWh });
  }
  t.step = countChanges(unique.map((r) => r.stepIndex));
  return { table: t, filled: 0, version: data.version };
}

/** Run-info record size and the factor from its stored unit to mAh / mWh, by version. */
const RUN_INFO: Record<number, { size: number; toMilli: number; step: number; index: number }> = {
  8: { size: 42, toMilli: 1000, step: 34, index: 38 },
  9: { size: 45, toMilli: 1 / 3600, step: 37, index: 41 },
  11: { size: 47, toMilli: 1 / 3600, step: 37, index: 41 },
  12: { size: 47, toMilli: 1000, step: 37, index: 41 },
  13: { size: 55, toMilli: 1 / 3600, step: 37, index: 41 },
  14: { size: 55, toMilli: 1000, step: 37, index: 41 },
  16: { size: 100, toMilli: 1 / 3600, step: 37, index: 41 },
  17: { size: 100, toMilli: 1000, step: 37, index: 41 },
};

/** Versions 11–17: voltage/current in data.ndc, the rest in data_runInfo.ndc and data_step.ndc. */
function decodeSplit(data: NdcStream, m: NdaxMembers): NdaxDecoded {
  if (!m.runInfo || !m.step) throw new NdcError({ kind: 'version', version: `${data.version} without data_runInfo.ndc/data_step.ndc` });
  const t = emptyTable();
  // Versions 9, 11, 13 and 16 store voltage in 0.1 mV and current in mA; 8, 12, 14 and 17 in V and A.
  const [vScale, iScale] = SCALED_DATA.has(data.version) ? [1e-4, 1] : [1, 1000];
  for (const [p, at] of records(data, 8)) {
    t.voltageV.push(p.f32(at) * vScale);
    t.currentMA.push(p.f32(at + 4) * iScale);
  }
  const n = t.voltageV.length;
  for (let i = 0; i < n; i++) t.index.push(i + 1);

  // Run info: time and counters for some records only (BTS 8 keeps ~1 in 4); keyed by record index.
  const run = openStream('data_runInfo.ndc', m.runInfo);
  const layout = RUN_INFO[run.version];
  if (!layout) throw new NdcError({ kind: 'version', version: `${run.version} (data_runInfo.ndc, stream type ${run.type})` });
  const byIndex = new Map<number, RunInfo>();
  const rawRunSteps: number[] = [];
  const runIndexes: number[] = [];
  for (const [p, at] of records(run, layout.size, true)) {
    const index = p.i32(at + layout.index);
    if (index <= 0) continue;
    if (index > n) throw corrupt(`data_runInfo.ndc refers to record ${index} of ${n}`);
    if (byIndex.has(index)) continue; // a record logged twice (step start); the first is the one shown
    const info: RunInfo = {
      timeS: p.i32(at) / 1000,
      chargeMAh: p.f32(at + 5) * layout.toMilli,
      dischargeMAh: p.f32(at + 9) * layout.toMilli,
      chargeMWh: p.f32(at + 13) * layout.toMilli,
      dischargeMWh: p.f32(at + 17) * layout.toMilli,
      step: p.i32(at + layout.step),
    };
    byIndex.set(index, info);
    rawRunSteps.push(info.step);
    runIndexes.push(index);
  }
  // Versions before 16 number run-info steps by programme step; count changes to get a running step.
  if (run.version < 16) {
    const counted = countChanges(rawRunSteps);
    runIndexes.forEach((idx, k) => (byIndex.get(idx)!.step = counted[k]!));
  }

  // Steps: cycle, programme step number and type, in order; 16 and 17 also give each step's first record.
  const steps = openStream('data_step.ndc', m.step);
  const long = steps.version >= 16;
  const stepRows: { cycle: number; programmeStep: number; status: number }[] = [];
  for (const [p, at] of records(steps, long ? 100 : 37, true)) {
    const programmeStep = p.i32(at + 4);
    if (long ? p.i32(at + 33) === 0 : programmeStep === 0) continue;
    stepRows.push({ cycle: p.i32(at) + 1, programmeStep, status: p.u8(at + 24) });
  }
  if (n === 0) return { table: t, filled: 0, version: data.version };
  if (stepRows.length === 0) throw corrupt('data_step.ndc lists no steps');

  // Which step each record belongs to: the last run-info step seen (carried forward).
  let stepNo = byIndex.get(1)?.step ?? 1;
  for (let i = 0; i < n; i++) {
    const info = byIndex.get(i + 1);
    if (info) stepNo = info.step;
    const s = stepRows[stepNo - 1];
    if (!s) throw corrupt(`record ${i + 1} refers to step ${stepNo} of ${stepRows.length}`);
    t.step.push(stepNo);
    t.cycle.push(s.cycle);
    t.stepIndex.push(s.programmeStep);
    t.status.push(s.status);
    t.timeS.push(info?.timeS ?? Number.NaN);
    t.chargeMAh.push(info?.chargeMAh ?? Number.NaN);
    t.dischargeMAh.push(info?.dischargeMAh ?? Number.NaN);
    t.chargeMWh.push(info?.chargeMWh ?? Number.NaN);
    t.dischargeMWh.push(info?.dischargeMWh ?? Number.NaN);
  }
  const filled = n - byIndex.size;
  if (filled > 0) fillGaps(t);
  return { table: t, filled, version: data.version };
}

/** One auxiliary stream as temperatures aligned with the table's records, or null when it holds none. */
function decodeAux(file: string, bytes: Uint8Array, thermocouple: boolean, t: NewareTable): number[] | null {
  const s = openStream(file, bytes);
  if (s.type !== 5) return null;
  const byIndex = new Map<number, number>();
  if (ALL_IN_ONE.has(s.version)) {
    // Versions 2/5: a field at +33 holds 0.1 °C steps for thermocouples; what it holds for other
    // channel types (ChlType 26 in scrubbed_ndc2.ndax climbs from 97 to 217) is not known.
    if (!thermocouple) return null;
    const [size, lead] = s.version < 5 ? [94, 8] : [87, 1];
    for (const [p, at] of records(s, size, 'bitmask')) {
      const index = p.u32(at + lead);
      if (index !== 0 && !byIndex.has(index)) byIndex.set(index, p.i16(at + lead + 33) / 10);
    }
  } else if (SCALED_DATA.has(s.version)) {
    const first = s.pages[0];
    if (!first) return null;
    const kind = first.u8(s.firstRecord);
    if (kind === 0x65) {
      // 7-byte records: marker, voltage (0.1 mV), temperature (0.1 °C), one per data record.
      let k = 0;
      for (const [p, at] of records(s, 7)) byIndex.set(++k, p.i16(at + 5) / 10);
    } else if (kind === 0x74 && s.version !== 16) {
      for (const [p, at] of records(s, 87, 'bitmask')) {
        const index = p.u32(at + 1);
        if (index !== 0 && !byIndex.has(index)) byIndex.set(index, p.i16(at + 35) / 10);
      }
    } else {
      throw new NdcError({ kind: 'version', version: `${s.version} (${file}: auxiliary records of kind ${kind})` });
    }
  } else {
    // Versions 8, 12, 14, 17: one float per record; what it measures is said in TestInfo.xml only.
    if (!thermocouple) return null;
    let k = 0;
    for (const [p, at] of records(s, 4)) byIndex.set(++k, p.f32(at));
  }
  const values = [...byIndex.values()];
  if (values.length === 0 || values.every((x) => x === 0)) return null;
  return t.index.map((idx) => byIndex.get(idx) ?? Number.NaN);
}

/**
 * BTS 8 writes time, capacity and energy for only some records. The gaps are filled as
 * NewareNDA fills them (so the numbers agree with its reference output): each gap in time
 * continues from the last known time at the last spacing; capacity and
 * energy by integrating |I|·Δt (and V·|I|·Δt) from the last known value, in the current's direction.
 */
export function fillGaps(t: NewareTable): void {
  const n = t.index.length;
  const known = t.timeS.map((x) => Number.isFinite(x));
  const time = t.timeS;
  // 1. Time: extend the last known time with the most recent known spacing.
  let lastKnown = -1;
  let lastDiff = Number.NaN;
  for (let i = 0; i < n; i++) {
    if (Number.isFinite(time[i]!)) {
      // The spacing is taken after earlier gaps were filled, as NewareNDA does.
      if (i > 0 && Number.isFinite(time[i - 1]!)) lastDiff = time[i]! - time[i - 1]!;
      lastKnown = i;
    } else if (lastKnown >= 0) {
      time[i] = time[lastKnown]! + (i - lastKnown) * lastDiff;
    }
  }
  // 2. Counters: the previous value plus this record's |I|·Δt (V·|I|·Δt for energy), in the direction of its current.
  for (let i = 1; i < n; i++) {
    if (known[i] || !Number.isFinite(t.chargeMAh[i - 1]!)) continue;
    const dq = ((time[i]! - time[i - 1]!) * Math.abs(t.currentMA[i]!)) / 3600;
    const de = dq * t.voltageV[i]!;
    const I = t.currentMA[i]!;
    t.chargeMAh[i] = t.chargeMAh[i - 1]! + (I > 0 ? dq : 0);
    t.dischargeMAh[i] = t.dischargeMAh[i - 1]! + (I < 0 ? dq : 0);
    t.chargeMWh[i] = t.chargeMWh[i - 1]! + (I > 0 ? de : 0);
    t.dischargeMWh[i] = t.dischargeMWh[i - 1]! + (I < 0 ? de : 0);
  }
}
