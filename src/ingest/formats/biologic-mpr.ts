import type { CanonicalRecord, ColumnMapping, FileMetadata } from '../../model/record.js';
import { oleDateToIso } from '../ole-date.js';
import type { FormatReader, Probe, RecordStream } from '../contract.js';
import { Bytes } from '../binary/bytes.js';
import { FLAG_COLUMNS, TYPE_BYTES, VALUE_COLUMNS, type ColumnType } from '../binary/biologic-columns.js';
import { binaryHeader, checkPlausible, corrupt, readWhole, recordStream, unsupportedVersion } from '../binary/records.js';

/**
 * BioLogic EC-Lab .mpr: the text `BIO-LOGIC MODULAR FILE`, then modules, each `MODULE` +
 * short name (10 bytes) + long name (25) + a header + its bytes. Modules: "VMP Set"
 * (settings), "VMP data" (the points), "VMP LOG", "VMP loop". The data module starts with
 * the number of points and the column ids; the points follow as fixed-width rows.
 */
const MAGIC = 'BIO-LOGIC MODULAR FILE';
const FILE_HEADER = 52;

interface Module {
  shortName: string;
  version: number;
  /** Header style: EC-Lab ≥ 11.50 writes a longer module header. */
  newHeader: boolean;
  data: Bytes;
}

function readModules(b: Bytes, displayName: string): Module[] {
  const modules: Module[] = [];
  let at = FILE_HEADER;
  while (at < b.length) {
    if (b.ascii(at, 6) !== 'MODULE') throw corrupt(`expected a module at byte ${at}, found ${JSON.stringify(b.ascii(at, 6))}`, displayName);
    const shortName = b.ascii(at + 6, 10).trim();
    let length: number;
    let version: number;
    let header: number;
    const newHeader = b.u32(at + 41) === 0xffffffff;
    if (newHeader) {
      length = b.u32(at + 45);
      version = b.u32(at + 49);
      header = 65;
    } else {
      length = b.u32(at + 41);
      version = b.u32(at + 45);
      header = 57;
    }
    const start = at + header;
    if (start + length > b.length) throw corrupt(`module "${shortName}" needs ${length} bytes but the file ends after ${b.length - start}`, displayName);
    modules.push({ shortName, version, newHeader, data: new Bytes(b.data.subarray(start, start + length)) });
    at = start + length;
  }
  return modules;
}

export interface MprColumn {
  id: number;
  name: string;
  values: Float64Array;
}

export interface MprData {
  points: number;
  columns: MprColumn[];
  warnings: string[];
  layout: string;
}

interface Layout {
  name: string;
  idWidth: 1 | 2;
  countWidth: 1 | 2;
  idsAt: number;
  dataAt: number;
}

/** Where the column ids and the rows sit, by data-module version (and header style). */
function layoutFor(m: Module): Layout | null {
  if (m.newHeader && m.version === 0) return { name: 'EC-Lab ≥ 11.50 (data module v0, long header)', idWidth: 2, countWidth: 2, idsAt: 6, dataAt: 1007 };
  if (m.version === 0) return { name: 'EC-Lab < 10 (data module v0)', idWidth: 1, countWidth: 1, idsAt: 5, dataAt: 100 };
  if (m.version === 2) return { name: 'EC-Lab 10–11 (data module v2)', idWidth: 2, countWidth: 1, idsAt: 5, dataAt: 405 };
  if (m.version === 3) return { name: 'EC-Lab 11 (data module v3)', idWidth: 2, countWidth: 1, idsAt: 5, dataAt: 406 };
  return null;
}

/** Decode the data module into named columns (flags split into their bits). */
export function decodeMpr(bytes: Uint8Array, displayName: string): MprData & { modules: Module[] } {
  const b = new Bytes(bytes);
  if (b.length < FILE_HEADER || b.ascii(0, MAGIC.length) !== MAGIC) throw corrupt('the BioLogic file header is incomplete', displayName);
  const modules = readModules(b, displayName);
  const data = modules.find((m) => m.shortName === 'VMP data');
  if (!data) throw corrupt(`no "VMP data" module (modules: ${modules.map((m) => m.shortName).join(', ')})`, displayName);
  const layout = layoutFor(data);
  if (!layout) throw unsupportedVersion('BioLogic .mpr data module', `${data.version}${data.newHeader ? ' (long module header)' : ''}`, displayName);

  const d = data.data;
  const points = d.u32(0);
  const count = layout.countWidth === 1 ? d.u8(4) : d.u16(4);
  const ids: number[] = [];
  for (let k = 0; k < count; k++) ids.push(layout.idWidth === 1 ? d.u8(layout.idsAt + k) : d.u16(layout.idsAt + 2 * k));

  // Row layout: one flags byte if any flag column is present, then each value column in id order of appearance.
  const warnings: string[] = [];
  const fields: { id: number; name: string; type: ColumnType | null }[] = [];
  const flags = ids.filter((id) => FLAG_COLUMNS[id] !== undefined);
  if (flags.length > 0) fields.push({ id: 0, name: 'flags', type: 'u8' });
  const unknown: number[] = [];
  for (const id of ids) {
    if (FLAG_COLUMNS[id]) continue;
    const known = VALUE_COLUMNS[id];
    if (known) fields.push({ id, name: known[0], type: known[1] });
    else {
      fields.push({ id, name: `unknown_${id}`, type: null });
      unknown.push(id);
    }
  }
  const available = d.length - layout.dataAt;
  if (available < 0) throw corrupt('the data module is shorter than its header', displayName);
  const knownWidth = fields.reduce((a, f) => a + (f.type ? TYPE_BYTES[f.type] : 0), 0);
  if (unknown.length > 0) {
    // One unknown column can be carried when the row width tells its size; more cannot be told apart.
    const rest = points > 0 ? available / points - knownWidth : Number.NaN;
    const guess: ColumnType | undefined = ({ 1: 'u8', 2: 'u16', 4: 'f32', 8: 'f64' } as Record<number, ColumnType>)[rest];
    if (unknown.length > 1 || guess === undefined) {
      throw unsupportedVersion('BioLogic .mpr column id', unknown.join(', '), displayName);
    }
    fields.find((f) => f.type === null)!.type = guess;
    warnings.push(`column id ${unknown[0]} is not known to cyclekit; kept as unknown_${unknown[0]} (${guess}) and not used`);
  }
  const rowWidth = fields.reduce((a, f) => a + TYPE_BYTES[f.type!], 0);
  if (points * rowWidth !== available) {
    throw corrupt(`the data module holds ${available} bytes of points, expected ${points} × ${rowWidth}`, displayName);
  }

  const columns: MprColumn[] = [];
  let offset = 0;
  for (const f of fields) {
    const values = new Float64Array(points);
    const type = f.type!;
    for (let p = 0, at = layout.dataAt + offset; p < points; p++, at += rowWidth) {
      values[p] = type === 'f64' ? d.f64(at) : type === 'f32' ? d.f32(at) : type === 'u32' ? d.u32(at) : type === 'u16' ? d.u16(at) : d.u8(at);
    }
    offset += TYPE_BYTES[type];
    if (f.id === 0) {
      for (const id of flags) {
        const [name, mask] = FLAG_COLUMNS[id]!;
        const shift = Math.log2(mask & -mask);
        const bits = new Float64Array(points);
        for (let p = 0; p < points; p++) bits[p] = (values[p]! & mask) >> shift;
        columns.push({ id, name, values: bits });
      }
    } else columns.push({ id: f.id, name: f.name, values });
  }
  return { points, columns, warnings, layout: layout.name, modules };
}


function metadataOf(modules: Module[]): FileMetadata {
  const meta: FileMetadata = {};
  const log = modules.find((m) => m.shortName === 'VMP LOG');
  // The acquisition start is an OLE date at one of a few offsets, depending on the EC-Lab version.
  if (log) {
    for (const at of [465, 469, 473, 585]) {
      if (at + 8 > log.data.length) continue;
      const v = log.data.f64(at);
      if (v > 40000 && v < 60000) {
        meta.startTime = oleDateToIso(v)!;
        break;
      }
    }
  }
  return meta;
}

const COLUMNS_USED: ColumnMapping[] = [
  { source: 'time/s', field: 'timeS', unit: 's', scale: 1 },
  { source: 'Ewe/V | <Ewe>/V', field: 'voltageV', unit: 'V', scale: 1 },
  { source: 'I/mA | <I>/mA | control/V/mA (galvanostatic points) | dq/mA.h ÷ Δt', field: 'currentA', unit: 'mA', scale: 0.001 },
  { source: '|Q charge/discharge/mA.h| | (Q-Qo)/mA.h', field: 'capacityAh', unit: 'mA.h', scale: 0.001 },
  { source: 'Energy charge/W.h | Energy discharge/W.h', field: 'energyWh', unit: 'W.h', scale: 1 },
  { source: 'cycle number (when stored)', field: 'cycle', unit: '', scale: 1 },
  { source: 'Ns', field: 'step', unit: '', scale: 1 },
];

export function mprToRecords(mpr: MprData, displayName: string): { records: CanonicalRecord[]; capacity: 'halfcycle' | 'net' | null; notes: string[] } {
  const col = (...names: string[]): Float64Array | undefined => {
    for (const n of names) {
      const c = mpr.columns.find((x) => x.name === n);
      if (c) return c.values;
    }
    return undefined;
  };
  const time = col('time/s');
  const ewe = col('Ewe/V', '<Ewe>/V');
  if (!time || !ewe) throw corrupt(`the data module has no ${time ? 'Ewe/V' : 'time/s'} column (columns: ${mpr.columns.map((c) => c.name).join(', ')})`, displayName);
  const current = col('I/mA', '<I>/mA');
  const control = col('control/V/mA');
  const mode = col('mode');
  const dq = col('dq/mA.h', 'dQ/mA.h');
  const qHalf = col('Q charge/discharge/mA.h');
  const qNet = col('(Q-Qo)/mA.h');
  const eCharge = col('Energy charge/W.h');
  const eDischarge = col('Energy discharge/W.h');
  const cycle = col('cycle number');
  const ns = col('Ns');
  const notes: string[] = [];
  if (!current) notes.push('the file stores no current column: current is the set point (control/V/mA) on galvanostatic points and dq/dt elsewhere');

  const records: CanonicalRecord[] = new Array(mpr.points);
  for (let p = 0; p < mpr.points; p++) {
    let iMA: number;
    if (current) iMA = current[p]!;
    else if (control && mode && mode[p] === 1) iMA = control[p]!; // mode 1 = galvanostatic: the control value is the current
    else if (mode && mode[p] === 3) iMA = 0; // mode 3 = rest
    else if (dq && p > 0 && time[p]! > time[p - 1]!) iMA = (dq[p]! * 3600) / (time[p]! - time[p - 1]!);
    else iMA = 0;
    let capacityAh: number | null = null;
    let energyWh: number | null = null;
    if (qHalf) {
      capacityAh = Math.abs(qHalf[p]!) / 1000;
      const charging = qHalf[p]! > 0 || (qHalf[p] === 0 && iMA > 0);
      const e = charging ? eCharge : eDischarge;
      energyWh = e ? e[p]! : null;
    } else if (qNet) capacityAh = qNet[p]! / 1000;
    records[p] = {
      line: p + 1,
      timeS: time[p]!,
      voltageV: ewe[p]!,
      currentA: iMA / 1000,
      capacityAh,
      energyWh,
      cycle: cycle ? cycle[p]! : null,
      step: ns ? ns[p]! : null,
      stepKind: null,
      temperatureC: null,
    };
  }
  return { records, capacity: qHalf ? 'halfcycle' : qNet ? 'net' : null, notes };
}

export const biologicMpr: FormatReader = {
  id: 'biologic-mpr',
  title: 'BioLogic EC-Lab .mpr',
  kind: 'binary',
  sniff(probe: Probe) {
    const b = probe.bytes;
    if (b.length < MAGIC.length || String.fromCharCode(...b.subarray(0, MAGIC.length)) !== MAGIC) return null;
    return { confidence: 0.95, reason: `starts with '${MAGIC}'` };
  },
  async open(path, displayName): Promise<RecordStream> {
    const bytes = await readWhole(path, displayName);
    let mpr;
    try {
      mpr = decodeMpr(bytes, displayName);
    } catch (err) {
      if (err instanceof RangeError) throw corrupt(`a field runs past the end of its module (${err.message})`, displayName);
      throw err;
    }
    const { records, capacity, notes } = mprToRecords(mpr, displayName);
    checkPlausible(records, displayName);
    return recordStream(
      binaryHeader({
        format: 'biologic-mpr',
        encoding: `binary (${mpr.layout})`,
        columns: COLUMNS_USED,
        // Q charge/discharge restarts at each half cycle, not at each Ns step: segmentation detects the resets.
        capacityCounter: capacity === 'halfcycle' ? 'cycle' : capacity === 'net' ? 'net' : null,
        currentSign: 'positive = charge (EC-Lab convention, unchanged)',
        metadata: metadataOf(mpr.modules),
        warnings: [...mpr.warnings, ...notes],
      }),
      records,
      displayName,
    );
  },
};
