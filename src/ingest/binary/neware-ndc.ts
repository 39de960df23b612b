import { Bytes, crc32 } from './bytes.js';
import { countChanges, emptyTable, softwareCycles, type NewareTable } from './neware-table.js';

/**
 * Neware .ndc streams (the members of an .ndax zip). Byte 0 is the stream type, byte 2 the
 * layout version. From version 14 on, a stream is a 4 KiB header page followed by 4 KiB
 * pages: bytes 2–3 hold the number of records in the page, records start at byte 132, and
 * the last 4 bytes are a CRC-32 of the rest of the page.
 *
 * Stream types: 1 = voltage/current per record, 18 = run info (time, capacities, energies,
 * step), 7 = steps (cycle, programme step, type), 5 = auxiliary channel.
 */
export const NDC_PAGE = 4096;
const FIRST_RECORD = 132;

export type NdcProblem = { kind: 'version'; version: string } | { kind: 'corrupt'; message: string };

export class NdcError extends Error {
  constructor(readonly problem: NdcProblem) {
    super(problem.kind === 'version' ? problem.version : problem.message);
  }
}

const SUPPORTED_VERSIONS = new Set([14, 17]);

interface NdcStream {
  type: number;
  version: number;
  pages: Bytes[];
}

function openStream(name: string, data: Uint8Array): NdcStream {
  if (data.length < NDC_PAGE) throw new NdcError({ kind: 'corrupt', message: `${name} is shorter than its header page (${data.length} bytes)` });
  const type = data[0]!;
  const version = data[2]!;
  if (!SUPPORTED_VERSIONS.has(version)) throw new NdcError({ kind: 'version', version: `${version} (${name}, stream type ${type})` });
  if (data.length % NDC_PAGE !== 0) throw new NdcError({ kind: 'corrupt', message: `${name} is ${data.length} bytes, not a whole number of 4 KiB pages` });
  const pages: Bytes[] = [];
  for (let at = NDC_PAGE; at < data.length; at += NDC_PAGE) {
    const page = data.subarray(at, at + NDC_PAGE);
    const stored = new Bytes(page).u32(NDC_PAGE - 4);
    if (crc32(page.subarray(0, NDC_PAGE - 4)) !== stored) {
      throw new NdcError({ kind: 'corrupt', message: `${name}: page ${at / NDC_PAGE} fails its CRC-32 check` });
    }
    pages.push(new Bytes(page));
  }
  return { type, version, pages };
}

/**
 * Each page's records, fixed size, from byte 132. Value streams are packed: the page header's
 * count says how many. Run-info and step pages may leave a slot empty (the first one of a
 * stream), so with `allSlots` every slot that fits is visited and the caller skips empty ones.
 */
function* records(s: NdcStream, size: number, name: string, allSlots = false): Generator<[Bytes, number]> {
  const fit = Math.floor((NDC_PAGE - 4 - FIRST_RECORD) / size);
  for (const page of s.pages) {
    const count = page.u16(2);
    if (count > fit) throw new NdcError({ kind: 'corrupt', message: `${name}: a page claims ${count} records, more than fit` });
    const n = allSlots ? fit : count;
    for (let k = 0; k < n; k++) yield [page, FIRST_RECORD + k * size];
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
  /** Auxiliary streams in the order of TestInfo.xml, with their names (T1, T2, …). */
  aux: { name: string; file: string; bytes: Uint8Array }[];
}

/**
 * Decode the streams of an .ndax into one table, the way BTSDA (and NewareNDA) present it.
 * Returns the table and a note when records had to be filled in.
 */
export function decodeNdax(m: NdaxMembers): { table: NewareTable; filled: number; version: number } {
  const data = openStream('data.ndc', m.data);
  if (data.type !== 1) throw new NdcError({ kind: 'corrupt', message: `data.ndc has stream type ${data.type}, expected 1` });
  if (!m.runInfo || !m.step) throw new NdcError({ kind: 'version', version: `${data.version} without data_runInfo.ndc/data_step.ndc (all-in-one data.ndc)` });

  const t = emptyTable();
  for (const [p, at] of records(data, 8, 'data.ndc')) {
    t.voltageV.push(p.f32(at));
    t.currentMA.push(p.f32(at + 4) * 1000);
  }
  const n = t.voltageV.length;
  for (let i = 0; i < n; i++) t.index.push(i + 1);

  // Run info: time and counters for some records only (BTS 8 keeps ~1 in 4); keyed by record index.
  const run = openStream('data_runInfo.ndc', m.runInfo);
  const runSize = run.version >= 17 ? 100 : 55;
  const byIndex = new Map<number, RunInfo>();
  const rawRunSteps: number[] = [];
  const runIndexes: number[] = [];
  for (const [p, at] of records(run, runSize, 'data_runInfo.ndc', true)) {
    const index = p.i32(at + 41);
    if (index <= 0) continue;
    if (index > n) throw new NdcError({ kind: 'corrupt', message: `data_runInfo.ndc refers to record ${index} of ${n}` });
    if (byIndex.has(index)) continue; // a record logged twice (step start); the first is the one shown
    const info: RunInfo = {
      timeS: p.i32(at) / 1000,
      chargeMAh: p.f32(at + 5) * 1000,
      dischargeMAh: p.f32(at + 9) * 1000,
      chargeMWh: p.f32(at + 13) * 1000,
      dischargeMWh: p.f32(at + 17) * 1000,
      step: p.i32(at + 37),
    };
    byIndex.set(index, info);
    rawRunSteps.push(info.step);
    runIndexes.push(index);
  }
  // Version 14 numbers run-info steps by programme step; count changes to get a running step.
  if (run.version < 17) {
    const counted = countChanges(rawRunSteps);
    runIndexes.forEach((idx, k) => (byIndex.get(idx)!.step = counted[k]!));
  }

  // Steps: cycle, programme step number and type, in order; version 17 also gives each step's first record.
  const steps = openStream('data_step.ndc', m.step);
  const stepSize = steps.version >= 17 ? 100 : 37;
  const stepRows: { cycle: number; programmeStep: number; status: number; firstIndex: number | null }[] = [];
  for (const [p, at] of records(steps, stepSize, 'data_step.ndc', true)) {
    const programmeStep = p.i32(at + 4);
    const firstIndex = steps.version >= 17 ? p.i32(at + 33) : null;
    if (steps.version >= 17 ? firstIndex === 0 : programmeStep === 0) continue;
    stepRows.push({ cycle: p.i32(at) + 1, programmeStep, status: p.u8(at + 24), firstIndex });
  }
  if (stepRows.length === 0) throw new NdcError({ kind: 'corrupt', message: 'data_step.ndc lists no steps' });

  // Which step each record belongs to: the last run-info step seen (carried forward).
  let stepNo = byIndex.get(1)?.step ?? 1;
  const rowStep = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    const info = byIndex.get(i + 1);
    if (info) stepNo = info.step;
    rowStep[i] = stepNo;
  }
  for (let i = 0; i < n; i++) {
    const s = stepRows[rowStep[i]! - 1];
    if (!s) throw new NdcError({ kind: 'corrupt', message: `record ${i + 1} refers to step ${rowStep[i]} of ${stepRows.length}` });
    t.step.push(rowStep[i]!);
    t.stepIndex.push(s.programmeStep);
    t.status.push(s.status);
    const info = byIndex.get(i + 1);
    t.timeS.push(info?.timeS ?? Number.NaN);
    t.chargeMAh.push(info?.chargeMAh ?? Number.NaN);
    t.dischargeMAh.push(info?.dischargeMAh ?? Number.NaN);
    t.chargeMWh.push(info?.chargeMWh ?? Number.NaN);
    t.dischargeMWh.push(info?.dischargeMWh ?? Number.NaN);
  }
  const filled = n - byIndex.size;
  if (filled > 0) fillGaps(t);
  t.cycle = softwareCycles(t.status);

  for (const a of m.aux) {
    const s = openStream(a.file, a.bytes);
    if (s.type !== 5) continue;
    const values: number[] = [];
    for (const [p, at] of records(s, 4, a.file)) values.push(p.f32(at));
    const aligned = t.index.map((idx) => values[idx - 1] ?? Number.NaN);
    t.temperaturesC.set(a.name, aligned);
  }
  return { table: t, filled, version: data.version };
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
