import { CyclekitError } from '../../model/errors.js';
import { oleDateToIso } from '../ole-date.js';
import type { CanonicalRecord, ColumnMapping, FileMetadata } from '../../model/record.js';
import type { FormatReader, Probe, RecordStream } from '../contract.js';
import { binaryHeader, checkPlausible, corrupt, readWhole, recordStream, unsupportedVersion } from '../binary/records.js';
import { CycleCounterTotals } from '../cycle-counters.js';

/**
 * Arbin MITS .res: a Microsoft Access (Jet) database. Records are rows of
 * `Channel_Normal_Table`; test metadata (start date, mass, schedule) is in `Global_Table`.
 * Arbin writes current positive while charging and resets Charge_/Discharge_Capacity at
 * every new cycle.
 */

const JET_MAGIC = 'Standard Jet DB';
const ACE_MAGIC = 'Standard ACE DB';
/** Byte 0x14 of an Access file: 0 = Jet 3, 1 = Jet 4, 2–5 = ACE 12–16 (what mdb-reader reads). */
const KNOWN_ENGINES: Record<number, string> = { 0: 'Jet 3', 1: 'Jet 4', 2: 'ACE 12', 3: 'ACE 14', 4: 'ACE 16', 5: 'ACE 17' };

const COLUMNS: ColumnMapping[] = [
  { source: 'Test_Time', field: 'timeS', unit: 's', scale: 1 },
  { source: 'Voltage', field: 'voltageV', unit: 'V', scale: 1 },
  { source: 'Current', field: 'currentA', unit: 'A', scale: 1 },
  { source: 'Charge_Capacity | Discharge_Capacity', field: 'capacityAh', unit: 'Ah', scale: 1 },
  { source: 'Charge_Energy | Discharge_Energy', field: 'energyWh', unit: 'Wh', scale: 1 },
  { source: 'Cycle_Index', field: 'cycle', unit: '', scale: 1 },
  { source: 'Step_Index', field: 'step', unit: '', scale: 1 },
];

const REQUIRED = ['Data_Point', 'Test_Time', 'Voltage', 'Current', 'Cycle_Index', 'Step_Index'] as const;

function ascii(bytes: Uint8Array, from: number, length: number): string {
  return String.fromCharCode(...bytes.subarray(from, from + length));
}

export const arbinRes: FormatReader = {
  id: 'arbin-res',
  title: 'Arbin MITS .res (Access database)',
  kind: 'binary',
  sniff(probe: Probe) {
    const b = probe.bytes;
    if (b.length < 0x20 || b[0] !== 0 || b[1] !== 1 || b[2] !== 0 || b[3] !== 0) return null;
    const magic = ascii(b, 4, 15);
    if (magic !== JET_MAGIC && magic !== ACE_MAGIC) return null;
    return { confidence: 0.9, reason: `starts with the Access signature '${magic}' (Arbin .res is an Access database)` };
  },
  async open(path, displayName): Promise<RecordStream> {
    const bytes = await readWhole(path, displayName);
    const engine = bytes[0x14] ?? -1;
    if (KNOWN_ENGINES[engine] === undefined) throw unsupportedVersion('Access database engine', `code ${engine}`, displayName);

    checkDefinitionChains(bytes, engine, displayName);

    let rows: Record<string, unknown>[];
    let global: Record<string, unknown> | undefined;
    try {
      // mdb-reader is ESM-only and large: load it only when a .res file is opened.
      const { default: MDBReader } = await import('mdb-reader');
      const db = new MDBReader(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length));
      const names = db.getTableNames();
      if (!names.includes('Channel_Normal_Table')) {
        throw new CyclekitError('E_FORMAT', `an Access database without Arbin's Channel_Normal_Table (tables: ${names.slice(0, 10).join(', ')}); is this an Arbin .res file?`, { file: displayName });
      }
      const table = db.getTable('Channel_Normal_Table');
      const have = new Set(table.getColumnNames());
      const missing = REQUIRED.filter((c) => !have.has(c));
      if (missing.length > 0) {
        throw new CyclekitError('E_FORMAT', `Channel_Normal_Table lacks ${missing.join(', ')}; this Arbin layout is not supported — export the data as text from MITS`, { file: displayName });
      }
      rows = table.getData();
      if (names.includes('Global_Table')) global = db.getTable('Global_Table').getData({ rowLimit: 1 })[0];
    } catch (err) {
      if (err instanceof CyclekitError) throw err;
      throw corrupt(`the Access database cannot be decoded (${err instanceof Error ? err.message : String(err)})`, displayName);
    }

    // Access keeps rows in page order, not insertion order; Data_Point is the cycler's sequence.
    rows.sort((a, b) => num(a['Test_ID']) - num(b['Test_ID']) || num(a['Data_Point']) - num(b['Data_Point']));
    const testIds = new Set(rows.map((r) => r['Test_ID']));
    const warnings: string[] = [];
    if (testIds.size > 1) warnings.push(`the database holds ${testIds.size} tests (Test_ID ${[...testIds].join(', ')}); they are read one after another`);

    const records = rows.map((r, i) => toRecord(r, i, displayName));
    for (let i = 1; i < rows.length; i++) {
      if (records[i]!.line === records[i - 1]!.line && rows[i]!['Test_ID'] === rows[i - 1]!['Test_ID']) {
        throw corrupt(`Data_Point ${records[i]!.line} occurs twice`, displayName);
      }
    }
    assignCounters(rows, records);
    checkPlausible(records, displayName);
    // Several tests in one database number their cycles each from 1: no one cycle table.
    const instrumentCycles = testIds.size === 1 ? cycleCounters(rows) : null;

    return recordStream(
      binaryHeader({
        format: 'arbin-res',
        encoding: 'binary (Access database)',
        columns: COLUMNS,
        capacityCounter: 'cycle',
        currentSign: 'positive = charge (Arbin convention, unchanged)',
        metadata: globalMetadata(global),
        warnings,
        ...(instrumentCycles ? { instrumentCycles } : {}),
      }),
      records,
      displayName,
    );
  },
};

/** Access page type 0x02: a table definition, continued on the page its bytes 4–7 name (0 = last). */
const TABLE_DEFINITION_PAGE = 0x02;

/**
 * mdb-reader follows a table definition's chain of pages until a page names no next one; a
 * damaged or forged page naming itself (or an earlier page of the chain) would make it loop
 * forever. Every chain in the file is walked first, each page once, and a loop is refused.
 */
export function checkDefinitionChains(bytes: Uint8Array, engine: number, displayName: string): void {
  const pageSize = engine === 0 ? 2048 : 4096;
  const pages = Math.floor(bytes.length / pageSize);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  /** Pages already known to lead to the end of their chain. */
  const settled = new Uint8Array(pages);
  for (let first = 1; first < pages; first++) {
    if (settled[first] || bytes[first * pageSize] !== TABLE_DEFINITION_PAGE) continue;
    const chain = new Set<number>();
    for (let page = first; page > 0 && page < pages && !settled[page]; ) {
      if (chain.has(page)) throw corrupt(`the table definition on page ${first} loops back to page ${page}`, displayName);
      chain.add(page);
      // A chain that turns into another page type is mdb-reader's to refuse.
      if (bytes[page * pageSize] !== TABLE_DEFINITION_PAGE) break;
      page = view.getUint32(page * pageSize + 4, true);
    }
    for (const page of chain) settled[page] = 1;
  }
}

function num(v: unknown): number {
  return typeof v === 'number' ? v : typeof v === 'bigint' ? Number(v) : Number.NaN;
}

function toRecord(r: Record<string, unknown>, index: number, displayName: string): CanonicalRecord {
  const dataPoint = num(r['Data_Point']);
  if (!Number.isInteger(dataPoint)) throw corrupt(`row ${index + 1} has no Data_Point`, displayName);
  return {
    line: dataPoint,
    timeS: num(r['Test_Time']),
    voltageV: num(r['Voltage']),
    currentA: num(r['Current']),
    capacityAh: null,
    energyWh: null,
    cycle: num(r['Cycle_Index']),
    step: num(r['Step_Index']),
    stepKind: null,
    temperatureC: null,
  };
}

/**
 * Arbin keeps two counters; `capacityAh` carries the one for the step's direction. The
 * direction is the counter that grew during the step (robust for CV tails with tiny current),
 * else the sign of the mean current; steps where neither moved get no counter.
 */
function assignCounters(rows: Record<string, unknown>[], records: CanonicalRecord[]): void {
  let start = 0;
  while (start < rows.length) {
    let end = start + 1;
    const s0 = records[start]!;
    while (end < rows.length && records[end]!.step === s0.step && records[end]!.cycle === s0.cycle) end++;
    const first = rows[start]!;
    const last = rows[end - 1]!;
    const before = start > 0 && records[start - 1]!.cycle === s0.cycle ? rows[start - 1] : undefined;
    // The counters restart at zero with each cycle, so a cycle's first step grows from 0.
    const grew = (key: string): number => num(last[key]) - (before ? num(before[key]) : 0);
    const dCharge = grew('Charge_Capacity');
    const dDischarge = grew('Discharge_Capacity');
    let meanI = 0;
    for (let i = start; i < end; i++) meanI += records[i]!.currentA;
    let dir: 'Charge' | 'Discharge' | null = null;
    if (dCharge > 0 || dDischarge > 0) dir = dCharge >= dDischarge ? 'Charge' : 'Discharge';
    else if (meanI !== 0) dir = meanI > 0 ? 'Charge' : 'Discharge';
    if (dir !== null && `${dir}_Capacity` in first) {
      for (let i = start; i < end; i++) {
        const row = rows[i]!;
        const rec = records[i]!;
        rec.capacityAh = num(row[`${dir}_Capacity`]);
        const e = num(row[`${dir}_Energy`]);
        rec.energyWh = Number.isFinite(e) ? e : null;
      }
    }
    start = end;
  }
}

/** Arbin's own per-cycle capacities: its two counters restart with every cycle, so each cycle's largest value is the cycle's. */
function cycleCounters(rows: Record<string, unknown>[]): ReturnType<CycleCounterTotals['result']> {
  const totals = new CycleCounterTotals();
  const value = (v: unknown): number | null => (v === null || v === undefined ? null : num(v));
  for (const r of rows) totals.see(num(r['Cycle_Index']), value(r['Charge_Capacity']), value(r['Discharge_Capacity']));
  return totals.result("Channel_Normal_Table's Charge_Capacity and Discharge_Capacity, each cycle's largest value (the counters restart with every cycle)");
}

function globalMetadata(g: Record<string, unknown> | undefined): FileMetadata {
  const meta: FileMetadata = {};
  if (!g) return meta;
  const start = num(g['Start_DateTime']);
  const startTime = start > 0 ? oleDateToIso(start) : undefined;
  if (startTime !== undefined) meta.startTime = startTime;
  const channel = g['Channel_Index'];
  if (channel !== undefined && channel !== null) meta.channel = String(channel);
  if (typeof g['Test_Name'] === 'string' && g['Test_Name']) meta.cellName = g['Test_Name'];
  // MITS stores the active mass in grams; 0 means the operator left it empty.
  const mass = num(g['MASS']);
  if (Number.isFinite(mass) && mass > 0) meta.activeMassG = mass;
  for (const key of ['Creator', 'Schedule_File_Name', 'Software_Version', 'Serial_Number', 'Comments'] as const) {
    const v = g[key];
    if (typeof v === 'string' && v.length > 0) meta[key.charAt(0).toLowerCase() + key.slice(1).replace(/_(\w)/g, (_, c: string) => c.toUpperCase())] = v;
  }
  return meta;
}
