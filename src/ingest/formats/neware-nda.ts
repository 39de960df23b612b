import type { FileMetadata } from '../../model/record.js';
import type { FormatReader, Probe, RecordStream } from '../contract.js';
import { Bytes } from '../binary/bytes.js';
import { binaryHeader, checkPlausible, corrupt, readWhole, recordStream, unsupportedVersion } from '../binary/records.js';
import { countChanges, emptyTable, softwareCycles, toRecords, type NewareTable } from '../binary/neware-table.js';
import { NEWARE_COLUMNS } from './neware-ndax.js';

/**
 * Neware BTS .nda (BTS 7.x): the bytes `NEWARE`, a header with the layout version at byte 14,
 * then fixed 86-byte records. A data record starts 0x55 0x00; an auxiliary (temperature)
 * record starts 0x65. Both end with four zero bytes.
 */
const MAGIC = 'NEWARE';
const RECORD = 86;
const SUPPORTED = new Set([29]);

/**
 * Current, capacity and energy are integers scaled by the channel's current range
 * (the range code, in mA or µA steps, picks the factor to mA).
 */
const RANGE_TO_MA: Record<number, number> = {
  [-100000000]: 10, [-200000]: 1e-2, [-100000]: 1e-2, [-60000]: 1e-2, [-50000]: 1e-2, [-40000]: 1e-2, [-30000]: 1e-2, [-20000]: 1e-2,
  [-12000]: 1e-2, [-10000]: 1e-2, [-6000]: 1e-2, [-5000]: 1e-2, [-3000]: 1e-2, [-2000]: 1e-2, [-1000]: 1e-2, [-500]: 1e-3, [-100]: 1e-3,
  [-50]: 1e-4, [-25]: 1e-4, [-20]: 1e-4, [-10]: 1e-4, [-5]: 1e-5, [-2]: 1e-5, [-1]: 1e-5, 0: 0, 1: 1e-4, 2: 1e-4, 5: 1e-4,
  10: 1e-3, 20: 1e-3, 25: 1e-3, 50: 1e-3, 100: 1e-2, 200: 1e-2, 250: 1e-2, 500: 1e-2, 1000: 1e-1, 6000: 1e-1, 10000: 1e-1,
  12000: 1e-1, 20000: 1e-1, 30000: 1e-1, 40000: 1e-1, 50000: 1e-1, 60000: 1e-1, 100000: 1e-1, 200000: 1e-1,
};

function isDataRecord(b: Bytes, at: number): boolean {
  return b.u8(at) === 0x55 && b.u8(at + 1) === 0 && b.u32(at + 82) === 0;
}

/** Decode an .nda held in memory; exported for tests that compare every column. */
export function decodeNda(bytes: Uint8Array, displayName: string): { table: NewareTable; metadata: FileMetadata; warnings: string[]; version: number } {
  const b = new Bytes(bytes);
  if (b.length < 1024 || b.ascii(0, 6) !== MAGIC) throw corrupt(`the .nda header is incomplete (${b.length} bytes)`, displayName);
  const version = b.u8(14);
  if (!SUPPORTED.has(version)) throw unsupportedVersion('Neware .nda layout', String(version), displayName);

  // The record area starts at the first data record that is followed by another one.
  const marker = new Uint8Array([0, 0, 0, 0, 0x55, 0]);
  let at = b.find(marker);
  while (at !== -1 && at + 4 + RECORD < b.length && (b.u8(at + 4 + RECORD) !== 0x55 || b.u8(at + 4 + 12) === 0)) {
    at = b.find(marker, at + 4);
  }
  if (at === -1) throw corrupt('no data records found', displayName);

  type Row = { index: number; rawStep: number; stepIndex: number; status: number; timeS: number; v: number; iMA: number; qc: number; qd: number; ec: number; ed: number };
  const rows: Row[] = [];
  const temps = new Map<number, Map<number, number>>();
  let unknownRange: number | null = null;
  for (let r = at + 4; r + RECORD <= b.length; r += RECORD) {
    if (isDataRecord(b, r)) {
      const index = b.u32(r + 2);
      const status = b.u8(r + 12);
      if (index === 0 || status === 0) continue;
      const range = b.i32(r + 78);
      const mult = RANGE_TO_MA[range];
      if (mult === undefined) {
        unknownRange ??= range;
        continue;
      }
      rows.push({
        index,
        rawStep: b.u32(r + 10),
        stepIndex: b.u8(r + 10),
        status,
        timeS: b.u64(r + 14) / 1000,
        v: b.i32(r + 22) / 10000,
        iMA: b.i32(r + 26) * mult,
        qc: (b.i64(r + 38) * mult) / 3600,
        qd: (b.i64(r + 46) * mult) / 3600,
        ec: (b.i64(r + 54) * mult) / 3600,
        ed: (b.i64(r + 62) * mult) / 3600,
      });
    } else if (b.u8(r) === 0x65 && b.u32(r + 82) === 0) {
      const channel = b.u8(r + 1);
      let m = temps.get(channel);
      if (!m) temps.set(channel, (m = new Map()));
      const index = b.u32(r + 2);
      if (!m.has(index)) m.set(index, b.i16(r + 34) / 10);
    }
  }
  if (unknownRange !== null) throw corrupt(`a record has current range code ${unknownRange}, which no Neware channel uses`, displayName);
  if (rows.length === 0) throw corrupt('no data records found', displayName);

  // Records can repeat across the file's buffers; keep the first of each index, in index order.
  const seen = new Set<number>();
  const unique = rows.filter((r) => (seen.has(r.index) ? false : (seen.add(r.index), true)));
  unique.sort((x, y) => x.index - y.index);
  // Indexes run 1, 2, 3, …: a hole means a record no longer parses (damaged bytes).
  for (let k = 1; k < unique.length; k++) {
    if (unique[k]!.index !== unique[k - 1]!.index + 1) throw corrupt(`record ${unique[k - 1]!.index + 1} is missing or unreadable`, displayName);
  }

  const t = emptyTable();
  for (const r of unique) {
    t.index.push(r.index);
    t.stepIndex.push(r.stepIndex);
    t.status.push(r.status);
    t.timeS.push(r.timeS);
    t.voltageV.push(r.v);
    t.currentMA.push(r.iMA);
    t.chargeMAh.push(r.qc);
    t.dischargeMAh.push(r.qd);
    t.chargeMWh.push(r.ec);
    t.dischargeMWh.push(r.ed);
  }
  t.step = countChanges(unique.map((r) => r.rawStep));
  t.cycle = softwareCycles(t.status);
  for (const [channel, m] of [...temps.entries()].sort((x, y) => x[0] - y[0])) {
    t.temperaturesC.set(`T${channel}`, t.index.map((i) => m.get(i) ?? Number.NaN));
  }

  const metadata: FileMetadata = { ndaVersion: version };
  const server = b.find(new TextEncoder().encode('BTSServer'));
  if (server !== -1) metadata.serverVersion = b.ascii(server, 50).replace(/\0.*$/s, '');
  return { table: t, metadata, warnings: [], version };
}

export const newareNda: FormatReader = {
  id: 'neware-nda',
  title: 'Neware BTS .nda',
  kind: 'binary',
  sniff(probe: Probe) {
    const b = probe.bytes;
    if (b.length < 6 || String.fromCharCode(...b.subarray(0, 6)) !== MAGIC) return null;
    return { confidence: 0.95, reason: "starts with the bytes 'NEWARE'" };
  },
  async open(path, displayName): Promise<RecordStream> {
    const bytes = await readWhole(path, displayName);
    let decoded;
    try {
      decoded = decodeNda(bytes, displayName);
    } catch (err) {
      if (err instanceof RangeError) throw corrupt(`a record runs past the end of the file (${err.message})`, displayName);
      throw err;
    }
    const records = toRecords(decoded.table);
    checkPlausible(records, displayName);
    return recordStream(
      binaryHeader({
        format: 'neware-nda',
        encoding: 'binary (Neware .nda)',
        columns: NEWARE_COLUMNS,
        capacityCounter: 'step',
        currentSign: 'positive = charge (Neware convention, unchanged)',
        metadata: decoded.metadata,
        warnings: ['cycle numbers follow BTSDA\'s "charge first" rule (a cycle opens with a charge after a discharge), recomputed from the step types'],
        cycleNumbering: 'BTSDA\'s "charge first" numbering, recomputed from the step types (the .nda stores no cycle numbers)',
      }),
      records,
      displayName,
    );
  },
};
