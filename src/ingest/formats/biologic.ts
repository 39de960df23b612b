import { readFile } from 'node:fs/promises';
import { CyclekitError } from '../../model/errors.js';
import type { FileMetadata, InstrumentCycles, StreamHeader } from '../../model/record.js';
import type { FormatReader, Probe, ReadOptions, ReadStats, RecordStream } from '../contract.js';
import { recordStream } from '../binary/records.js';
import { detectEncoding } from '../text/encoding.js';
import { makeTextReader } from '../text/delimited.js';
import { TOLERATED_BAD_FRACTION } from '../text/row-tally.js';
import { findHeaderLine, probeLines } from '../text/sniff.js';
import { massInFileText } from '../../model/units.js';
import { parseNumber } from '../text/values.js';
import { BIOLOGIC_COLUMNS_USED, biologicMassWarnings, biologicProblem, biologicRecords, chooseBiologicMass, type BiologicTable } from './biologic-records.js';

const NB_HEADER = /^Nb header lines\s*:\s*(\d+)/i;

/**
 * BioLogic EC-Lab `.mpt` and BT-Lab `.txt` exports: an optional header block whose second line
 * gives its length ("Nb header lines : 81"), tab-separated columns named `quantity/unit`
 * (`time/s`, `Ewe/V`, `<I>/mA`, `Q charge/discharge/mA.h`), the locale's decimal mark,
 * Windows-1252 text. `I` is positive for oxidation, which is charge for a working electrode.
 *
 * An export with EC-Lab's half-cycle counter (`Q charge/discharge/mA.h` and `half cycle`) is
 * read whole and mapped by `biologicRecords`, the mapping the .mpr reader uses: the same
 * measurement gives the same records from its .mpr and its .mpt. Other BioLogic text (no
 * header block, BT-Lab wall-clock times, `--col` overrides) goes through the generic text
 * reader below.
 */
const generic = makeTextReader({
  id: 'biologic-mpt',
  title: 'BioLogic EC-Lab / BT-Lab text export (.mpt, .txt)',
  sniff: sniffBiologic,
  headerIndex(lines) {
    const m = NB_HEADER.exec((lines[1] ?? '').trim());
    return m ? Number(m[1]) - 1 : null;
  },
  aliases: {
    voltage: ['Ecell', 'Ewe', '<Ewe>'],
    current: ['I', '<I>'],
    chargeCapacity: ['Q charge'],
    dischargeCapacity: ['Q discharge'],
    capacity: ['(Q-Qo)'],
    chargeEnergy: ['Energy charge'],
    dischargeEnergy: ['Energy discharge'],
    cycle: ['cycle number'],
    step: ['Ns'],
  },
  capacityCounter: null,
  metadata: biologicMetadata,
  // biologicMetadata chose the mass; a generic preamble scan must not bring a default back.
  reviewMetadata(meta) {
    if (meta.activeMassSource === undefined) delete meta.activeMassG;
    return [];
  },
});

function sniffBiologic(probe: Probe): ReturnType<FormatReader['sniff']> {
  const lines = probeLines(probe, 5);
  const first = (lines[0] ?? '').trim();
  if (/^(EC-Lab|BT-Lab) ASCII FILE/i.test(first)) return { confidence: 0.99, reason: `BioLogic: first line '${first}'` };
  const headerless = probeLines(probe, 3);
  for (const required of [['mode', 'ox/red', 'time/s'], ['time/s', 'Ewe/V'], ['time/s', 'Ecell/V'], ['time/s', '<Ewe>/V']]) {
    const at = findHeaderLine(headerless, required, 3);
    if (at >= 0) return { confidence: 0.8, reason: `BioLogic without header block: line ${at + 1} has ${required.map((r) => `'${r}'`).join(', ')}` };
  }
  return null;
}

export const biologic: FormatReader = {
  id: generic.id,
  title: generic.title,
  kind: 'text',
  sniff: sniffBiologic,
  async open(path, displayName, probe, options) {
    if (Object.keys(options.columns).length === 0 && hasHalfCycleCounter(probe)) {
      const stream = await openWhole(path, displayName, options);
      if (stream) return stream;
    }
    return generic.open(path, displayName, probe, options);
  },
};

/**
 * EC-Lab's own per-cycle figures in an .mpt: `Q charge/mA.h` and `Q discharge/mA.h` count within
 * a cycle (their largest value is the cycle's capacity) and `Efficiency/%` is EC-Lab's
 * Q discharge / Q charge of the cycle so far (its last non-zero value in the cycle is the
 * cycle's; 0 means "not yet defined"), grouped by `cycle number`. An .mpr stores none of these:
 * EC-Lab computes them when it exports.
 */
class EcLabCycleFigures {
  private readonly at: { cycle: number; charge: number; discharge: number; efficiency: number };
  private readonly cycles = new Map<number, { charge: number | null; discharge: number | null; efficiency: number | null }>();

  constructor(names: string[]) {
    this.at = { cycle: names.indexOf('cycle number'), charge: names.indexOf('Q charge/mA.h'), discharge: names.indexOf('Q discharge/mA.h'), efficiency: names.indexOf('Efficiency/%') };
  }

  add(cells: string[], decimalComma: boolean): void {
    if (this.at.cycle < 0 || (this.at.efficiency < 0 && this.at.charge < 0)) return;
    const read = (k: number): number => (k < 0 ? Number.NaN : parseNumber(cells[k] ?? '', decimalComma));
    const cycle = read(this.at.cycle);
    if (!Number.isInteger(cycle)) return;
    let c = this.cycles.get(cycle);
    if (!c) this.cycles.set(cycle, (c = { charge: null, discharge: null, efficiency: null }));
    const charge = read(this.at.charge);
    const discharge = read(this.at.discharge);
    const efficiency = read(this.at.efficiency);
    if (charge > 0) c.charge = Math.max(c.charge ?? 0, charge);
    if (discharge > 0) c.discharge = Math.max(c.discharge ?? 0, discharge);
    if (efficiency > 0) c.efficiency = efficiency / 100;
  }

  result(): InstrumentCycles | null {
    if (this.cycles.size === 0) return null;
    const cycles = [...this.cycles].map(([cycle, c]) => ({
      cycle,
      chargeCapacityAh: c.charge === null ? null : c.charge / 1000,
      dischargeCapacityAh: c.discharge === null ? null : c.discharge / 1000,
      coulombicEfficiency: c.efficiency,
    }));
    const named = [this.at.charge >= 0 ? 'Q charge/mA.h' : null, this.at.discharge >= 0 ? 'Q discharge/mA.h' : null, this.at.efficiency >= 0 ? 'Efficiency/%' : null].filter(Boolean);
    return { source: `EC-Lab's per-cycle columns (${named.join(', ')}) by cycle number`, ceConvention: 'discharge-over-charge', cycles };
  }
}

/** The header row, from "Nb header lines" or (no header block) the first line naming time/s. */
function headerRow(lines: string[]): number {
  const m = NB_HEADER.exec((lines[1] ?? '').trim());
  if (m) return Number(m[1]) - 1;
  return findHeaderLine(lines.slice(0, 3), ['time/s'], 3);
}

function hasHalfCycleCounter(probe: Probe): boolean {
  const lines = probe.text.split(/\r?\n/);
  const at = headerRow(lines);
  if (at < 0 || at >= lines.length) return false;
  const names = lines[at]!.split('\t');
  return names.includes('Q charge/discharge/mA.h') && names.includes('half cycle') && names.includes('time/s');
}

/**
 * Read the export whole into the columns `biologicRecords` uses. Null when the time column
 * is not plain seconds (BT-Lab wall-clock stamps): the generic reader handles those.
 */
async function openWhole(path: string, displayName: string, options: ReadOptions): Promise<RecordStream | null> {
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await readFile(path));
  } catch (err) {
    throw new CyclekitError('E_IO', `cannot read: ${(err as NodeJS.ErrnoException).code ?? String(err)}`, { file: displayName });
  }
  const { encoding, bomLength } = detectEncoding(bytes);
  if (encoding !== 'utf-8' && encoding !== 'windows-1252') return null;
  // The header block is decoded in its encoding and split into lines. The data rows hold only
  // ASCII digits, signs and separators: they are read as one-byte text and walked in place,
  // which keeps a large export at about its own size in memory.
  const headBytes = bytes.subarray(bomLength, Math.min(bytes.length, bomLength + 4 * 1024 * 1024));
  const headText = new TextDecoder(encoding).decode(headBytes);
  const head = headLines(headText, 4);
  const nb = NB_HEADER.exec((head.lines[1] ?? '').trim());
  const lines = nb ? headLines(headText, Number(nb[1]) + 1).lines : head.lines;
  const headerAt = headerRow(lines);
  if (headerAt < 0 || headerAt >= lines.length) return null;
  let dataStartByte = bomLength;
  for (let k = 0; k <= headerAt; k++) {
    const nl = bytes.indexOf(10, dataStartByte);
    if (nl < 0) return null;
    dataStartByte = nl + 1;
  }
  const text = Buffer.from(bytes.buffer, bytes.byteOffset + dataStartByte, bytes.length - dataStartByte).toString('latin1');
  const dataStart = 0;
  const names = lines[headerAt]!.split('\t');
  const wanted = new Map<string, number>();
  for (const name of BIOLOGIC_COLUMNS_USED) {
    // "°C" reaches some files as mojibake ("Temperature/ï¿½C"): the quantity names the column.
    const k = name.startsWith('Temperature/') ? names.findIndex((x) => x.startsWith('Temperature/')) : names.indexOf(name);
    if (k >= 0) wanted.set(name, k);
  }
  if (!['Ecell/V', 'Ewe/V', '<Ewe>/V'].some((n) => wanted.has(n))) return null;
  const rows = dataLines(text, dataStart, headerAt + 2);
  const firstData = rows.find((l) => l.text.trim() !== '')?.text ?? '';
  // EC-Lab writes every number in the locale's form: a comma inside a number is the decimal mark.
  const decimalComma = /(^|\t)-?\d+,\d/.test(firstData);
  const timeIndex = wanted.get('time/s')!;
  if (Number.isNaN(parseNumber(firstData.split('\t')[timeIndex] ?? '', decimalComma))) return null;

  const instrument = new EcLabCycleFigures(names);
  const keys = [...wanted.keys()];
  const indexes = keys.map((k) => wanted.get(k)!);
  const values: number[][] = keys.map(() => []);
  const lineNumbers: number[] = [];
  const stats: ReadStats = { rows: 0, badRows: 0, firstBad: null };
  let firstBadLine = 0;
  const row = new Array<number>(keys.length);
  for (const { text: line, number: lineNumber } of dataLines(text, dataStart, headerAt + 2)) {
    const i = lineNumber - 1;
    if (line.trim() === '') continue;
    const cells = line.split('\t');
    let bad: string | null = null;
    for (let c = 0; c < keys.length; c++) {
      const v = parseNumber(cells[indexes[c]!] ?? '', decimalComma);
      if (Number.isNaN(v)) {
        bad = `line ${i + 1}: '${keys[c]}' is ${JSON.stringify(cells[indexes[c]!] ?? '')}, not a number`;
        break;
      }
      row[c] = v;
    }
    if (bad !== null) {
      if (options.strict) throw new CyclekitError('E_VALUE', bad, { file: displayName, line: i + 1 });
      if (stats.badRows++ === 0) {
        stats.firstBad = bad;
        firstBadLine = i + 1;
      }
      continue;
    }
    for (let c = 0; c < keys.length; c++) values[c]!.push(row[c]!);
    instrument.add(cells, decimalComma);
    lineNumbers.push(i + 1);
    stats.rows++;
  }
  const warnings: string[] = [];
  if (stats.badRows > 0) {
    const total = stats.rows + stats.badRows;
    if (stats.badRows > TOLERATED_BAD_FRACTION * total) {
      throw new CyclekitError('E_VALUE', `${stats.firstBad} (${stats.badRows} bad of ${total} rows)`, { file: displayName, line: firstBadLine });
    }
    warnings.push(`skipped ${stats.badRows} bad row(s) of ${total}; first at line ${firstBadLine}: ${stats.firstBad}`);
  }
  if (stats.rows === 0) throw new CyclekitError('E_EMPTY', 'the header is not followed by any data row', { file: displayName, line: headerAt + 1 });
  const columns = new Map(keys.map((k, c) => [k, Float64Array.from(values[c]!)]));
  const table: BiologicTable = { points: stats.rows, column: (name) => columns.get(name), lineOf: (p) => lineNumbers[p]! };
  const problem = biologicProblem(table);
  if (problem) throw new CyclekitError('E_VALUE', problem, { file: displayName });
  const mapped = biologicRecords(table);
  const metadata = biologicMetadata(lines.slice(0, Math.max(0, headerAt)));
  const header: StreamHeader = {
    format: 'biologic-mpt',
    formatReason: '',
    encoding,
    delimiter: '\t',
    decimalMark: decimalComma ? ',' : '.',
    columns: mapped.columns,
    capacityCounter: mapped.capacityCounter,
    currentSign: 'positive = charge (EC-Lab convention, unchanged)',
    metadata,
    warnings: [...warnings, ...biologicMassWarnings(metadata)],
    ...(mapped.cycleNumbering ? { cycleNumbering: mapped.cycleNumbering } : {}),
  };
  const instrumentCycles = instrument.result();
  if (instrumentCycles) header.instrumentCycles = instrumentCycles;
  const stream = recordStream(header, mapped.records, displayName);
  stream.stats.badRows = stats.badRows;
  stream.stats.firstBad = stats.firstBad;
  return stream;
}

/** The first `count` lines of `text`, and the offset just past them. */
function headLines(text: string, count: number): { lines: string[]; end: number } {
  const lines: string[] = [];
  let at = 0;
  while (lines.length < count && at <= text.length) {
    let nl = text.indexOf('\n', at);
    if (nl < 0) nl = text.length;
    lines.push(text.slice(at, nl > at && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl));
    at = nl + 1;
  }
  return { lines, end: Math.min(at, text.length) };
}

/** The lines of `text` from offset `start`, numbered from `firstNumber`, one at a time. */
function dataLines(text: string, start: number, firstNumber: number): { find(pred: (l: { text: string }) => boolean): { text: string } | undefined; [Symbol.iterator](): Iterator<{ text: string; number: number }> } {
  function* walk(): Generator<{ text: string; number: number }> {
    let at = start;
    let number = firstNumber;
    while (at < text.length) {
      let nl = text.indexOf('\n', at);
      if (nl < 0) nl = text.length;
      yield { text: text.slice(at, nl > at && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl), number: number++ };
      at = nl + 1;
    }
  }
  return {
    [Symbol.iterator]: walk,
    find(pred) {
      for (const l of walk()) if (pred(l)) return l;
      return undefined;
    },
  };
}

/** The header block's cell characteristics: masses (EC-Lab's defaults skipped), material, start. */
function biologicMetadata(preamble: string[]): FileMetadata {
  const meta: FileMetadata = {};
  let activeG: number | null = null;
  let characteristicG: number | null = null;
  for (const line of preamble) {
    const software = /^\s*(?:EC|BT)-Lab for windows v(\d+\.\d+) \(software\)\s*$/i.exec(line);
    if (software) meta.softwareVersion = software[1]!;
    const m = /^\s*([^:]+?)\s*:\s*(.*?)\s*$/.exec(line);
    if (!m) continue;
    const key = m[1]!.toLowerCase();
    const value = m[2]!;
    if (value.length === 0) continue;
    if (key === 'characteristic mass') characteristicG = massInFileText(value, 'g');
    else if (key === 'mass of active material') activeG = massInFileText(value, 'mg');
    else if (key === 'acquisition started on') meta.startTime = value;
    else if (key === 'run on channel') meta.channel = value;
    else if (key === 'cell name') meta.cellName = value;
    else if (key === 'electrode material') meta.electrodeMaterial = value;
  }
  chooseBiologicMass(meta, activeG, characteristicG);
  return meta;
}
