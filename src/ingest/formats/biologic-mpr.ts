import type { FileMetadata } from '../../model/record.js';
import { oleDateToIso } from '../ole-date.js';
import type { FormatReader, Probe, RecordStream } from '../contract.js';
import { Bytes } from '../binary/bytes.js';
import { CyclekitError } from '../../model/errors.js';
import { FLAG_COLUMNS, inferUnknownWidths, TYPE_BYTES, VALUE_COLUMNS, type ColumnType } from '../binary/biologic-columns.js';
import { biologicMassWarnings, biologicProblem, biologicRecords, chooseBiologicMass, type BiologicRecords, type BiologicTable } from './biologic-records.js';
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
  /** The long header's second version field (11 for the data module of EC-Lab 11.50–11.62); null in the short header. */
  newVersion: number | null;
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
    let newVersion: number | null = null;
    let header: number;
    const newHeader = b.u32(at + 41) === 0xffffffff;
    if (newHeader) {
      length = b.u32(at + 45);
      version = b.u32(at + 49);
      newVersion = b.u32(at + 53);
      header = 65;
    } else {
      length = b.u32(at + 41);
      version = b.u32(at + 45);
      header = 57;
    }
    const start = at + header;
    if (start + length > b.length) throw corrupt(`module "${shortName}" needs ${length} bytes but the file ends after ${b.length - start}`, displayName);
    modules.push({ shortName, version, newVersion, newHeader, data: new Bytes(b.data.subarray(start, start + length)) });
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
  if (m.newHeader && m.version === 0) return { name: `EC-Lab ≥ 11.50 (data module v0/${m.newVersion}, long header)`, idWidth: 2, countWidth: 2, idsAt: 6, dataAt: 1007 };
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
    // Unknown ids are carried when the row length leaves their width no choice; else refused by name.
    const rest = points > 0 ? available / points - knownWidth : Number.NaN;
    const guess = Number.isInteger(rest) ? inferUnknownWidths(unknown.length, rest) : null;
    if (guess === null) {
      throw new CyclekitError('E_VERSION', `BioLogic .mpr column id${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')} not known to cyclekit and ${unknown.length > 1 ? 'their widths' : 'its width'} cannot be told from the row length; export the data as text (.mpt) from EC-Lab`, { file: displayName });
    }
    for (const f of fields) if (f.type === null) f.type = guess;
    warnings.push(`column id${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')} not known to cyclekit; kept as ${unknown.map((id) => `unknown_${id}`).join(', ')} (${guess}, width told by the row length) and not used`);
  }
  const rowWidth = fields.reduce((a, f) => a + TYPE_BYTES[f.type!], 0);
  if (points * rowWidth !== available && data.newHeader && data.newVersion !== 11) {
    // Only v0/11 has been seen: a long-header layout whose rows do not fit is a new version, not damage.
    throw unsupportedVersion('BioLogic .mpr data module', `0/${data.newVersion} (long module header)`, displayName);
  }
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


/**
 * The settings module ("VMP Set") holds what the user typed in EC-Lab's cell characteristics:
 * comments, active material mass (mg), electrode material, characteristic mass. Offsets as
 * documented by yadg's eclab extractor (settings_dtypes) and checked on every .mpr here
 * against its .mpt header (bcd.issue_241: 7000 mg; gcpl.pr_182.1: 6.52 mg, "Hard Carbon").
 */
const SETTINGS_ACTIVE_MASS_MG = 0x107;
const SETTINGS_ELECTRODE_MATERIAL = 0x11e;
const SETTINGS_CHARACTERISTIC_MASS = 0x24c;
const LOG_SOFTWARE_VERSION = 0x3b7;

function pascal(b: Bytes, at: number): string | null {
  if (at >= b.length) return null;
  const n = b.u8(at);
  if (at + 1 + n > b.length) return null;
  return b.ascii(at + 1, n).trim();
}

function metadataOf(modules: Module[]): FileMetadata {
  const meta: FileMetadata = {};
  const settings = modules.find((m) => m.shortName === 'VMP Set');
  if (settings && settings.data.length >= SETTINGS_CHARACTERISTIC_MASS + 4) {
    const s = settings.data;
    const plausible = (v: number): number | null => (Number.isFinite(v) && v > 0 && v < 1e7 ? v : null);
    const activeMg = plausible(s.f32(SETTINGS_ACTIVE_MASS_MG));
    const material = pascal(s, SETTINGS_ELECTRODE_MATERIAL);
    if (material) meta.electrodeMaterial = material;
    // The .mpr does not say the characteristic mass's unit (the .mpt writes it beside the
    // value): kept for inspect, never used as a mass.
    const characteristic = plausible(s.f32(SETTINGS_CHARACTERISTIC_MASS));
    if (characteristic !== null) meta.characteristicMassUnitUnknown = Number(characteristic.toPrecision(7));
    chooseBiologicMass(meta, activeMg === null ? null : Number(activeMg.toPrecision(7)) / 1000, null);
  }
  const log = modules.find((m) => m.shortName === 'VMP LOG');
  // The log module names the writing software's version (yadg's log_dtypes: ec_lab_version at 0x3B7):
  // "11.50" for EC-Lab, "1.79" for BT-Lab (bcd.issue_241).
  const version = log ? pascal(log.data, LOG_SOFTWARE_VERSION) : null;
  if (version && /^\d+\.\d+$/.test(version)) meta.softwareVersion = version;
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

/** EC-Lab prints a 4-byte float with 8 significant digits; the same rounding makes an .mpr's values its .mpt's. */
function asExported(values: Float64Array): Float64Array {
  return values.map((v) => (v === 0 || !Number.isFinite(v) ? v : Number(v.toPrecision(8))));
}

/** The decoded data module as named columns for the shared BioLogic mapping. */
export function mprToRecords(mpr: MprData, displayName: string): BiologicRecords {
  const byName = new Map<string, Float64Array>();
  for (const c of mpr.columns) {
    if (byName.has(c.name)) continue;
    const type = c.id === 0 || FLAG_COLUMNS[c.id] ? 'u8' : (VALUE_COLUMNS[c.id]?.[1] ?? null);
    byName.set(c.name, type === 'f32' ? asExported(c.values) : c.values);
  }
  if (!byName.has('time/s') || !['Ecell/V', 'Ewe/V', '<Ewe>/V'].some((n) => byName.has(n))) {
    // A valid file of a technique without a potential (or time) column: not damage, just nothing to read.
    throw new CyclekitError('E_FORMAT', `the data module has no ${byName.has('time/s') ? 'Ewe/V or <Ewe>/V' : 'time/s'} column (columns: ${mpr.columns.map((c) => c.name).join(', ')}); cyclekit needs time and potential`, { file: displayName });
  }
  const table: BiologicTable = { points: mpr.points, column: (name) => byName.get(name), lineOf: (p) => p + 1 };
  const problem = biologicProblem(table);
  if (problem) throw corrupt(problem, displayName);
  return biologicRecords(table);
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
    const { records, capacityCounter, columns, cycleNumbering } = mprToRecords(mpr, displayName);
    const metadata = metadataOf(mpr.modules);
    checkPlausible(records, displayName);
    return recordStream(
      binaryHeader({
        format: 'biologic-mpr',
        encoding: `binary (${mpr.layout})`,
        columns,
        capacityCounter,
        currentSign: 'positive = charge (EC-Lab convention, unchanged)',
        metadata,
        warnings: [...mpr.warnings, ...biologicMassWarnings(metadata)],
        ...(cycleNumbering ? { cycleNumbering } : {}),
      }),
      records,
      displayName,
    );
  },
};
