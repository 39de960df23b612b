import type { FileMetadata, StepKind } from '../../model/record.js';
import { PROBE_BYTES, type FormatReader, type Probe, type ReadOptions, type RecordStream } from '../contract.js';
import { makeTextReader } from '../text/delimited.js';
import type { TextFormatSpec } from '../text/spec.js';
import { delimiterOf, findHeaderLine, headerCells, keyValues, probeLines } from '../text/sniff.js';
import { parseNumber } from '../text/values.js';
import { stateToKind } from '../text/state.js';

/**
 * Maccor text and CSV exports: a few metadata lines, then `Rec#`/`Rec`, `Cyc#`/`Cycle C`,
 * `Step`, `TestTime` (`0d 00:00:05`) or `Test (Sec)`, `Amp-hr`/`Cap. [Ah]`, `Amps`/`Current [A]`,
 * `Volts`, and the state `State`/`Md` (C charge, D discharge, R rest, O other). Tab or comma,
 * decimal point or comma. Current is written as a magnitude in most exports; its sign comes
 * from the state. The cycle column is often 0 throughout, and segmentation then derives cycles.
 * A time column without a unit is checked against `DPT Time` (KIT exports write minutes).
 * The milli-unit export (`mAmps`, `mAmp-hr`, `mWatt-hr`) is read in mA, mAh and mWh, and its
 * `Volts` in mV when the values say so. The test's closing record (State `S`, same cycle and
 * step, seconds after the step's last reading) still carries the step's last capacity
 * increment, so it stays in that step.
 */
const SIGNATURES = [
  ['Rec#', 'Cyc#', 'Step'],
  ['Rec', 'Cycle P', 'Cycle C', 'Md'],
  ['Rec', 'Cycle C', 'Step'],
];

function maccorSpec(milli: MilliUnits): TextFormatSpec {
  return {
    id: 'maccor',
    title: 'Maccor text / CSV export',
    sniff(probe) {
      const lines = probeLines(probe, 40);
      for (const required of SIGNATURES) {
        const at = findHeaderLine(lines, required, 40);
        if (at >= 0) return { confidence: 0.9, reason: `Maccor: header on line ${at + 1} has ${required.map((r) => `'${r}'`).join(', ')}` };
      }
      return null;
    },
    aliases: {
      time: ['TestTime', 'Test Time', 'Test'],
      datetime: ['DPt Time', 'DPT Time'],
      capacity: ['Amp-hr', 'mAmp-hr', 'Cap.', 'Capacity'],
      energy: ['Watt-hr', 'mWatt-hr', 'Ener.', 'Energy'],
      current: ['Amps', 'mAmps', 'Current'],
      voltage: ['Volts', 'Voltage'],
      cycle: ['Cyc#', 'Cycle C'],
      state: ['State', 'Md'],
      temperature: ['Temp 1'],
    },
    // Headers without a unit: the milli-unit export says so in its names, and its Volts column in its values.
    defaultUnits: {
      ...(milli.current ? { current: 'mA' } : {}),
      ...(milli.capacity ? { capacity: 'mAh' } : {}),
      ...(milli.energy ? { energy: 'mWh' } : {}),
      ...(milli.voltage ? { voltage: 'mV' } : {}),
    },
    currentIsMagnitude: true,
    stateKind: maccorState,
    continuesStep: (raw) => raw.trim().toUpperCase() === 'S',
    // Amp-hr and Watt-hr restart at every step (maccor_001: CC 3.36871 Ah then CV from 0.00001 Ah).
    capacityCounter: 'step',
    metadata: maccorMetadata,
  };
}

/** Which unit-less Maccor columns hold milli-units, and how the voltage scale was decided. */
interface MilliUnits {
  current: boolean;
  capacity: boolean;
  energy: boolean;
  voltage: boolean;
  /** For `inspect`: the Volts values seen and the verdict. */
  voltageReason: string | null;
}

/**
 * Some Maccor exports write `mAmps`, `mAmp-hr` and `mWatt-hr`, and their `Volts` column then
 * holds millivolts although its name says volts. The name cannot tell, so the values decide:
 * no cell reads thousands of volts, and no cell reads a few millivolts while it is cycled.
 */
function milliUnits(lines: string[], wholeFile: boolean): MilliUnits {
  const none: MilliUnits = { current: false, capacity: false, energy: false, voltage: false, voltageReason: null };
  const at = SIGNATURES.map((required) => findHeaderLine(lines, required, 40)).find((i) => i >= 0);
  if (at === undefined) return none;
  const cells = headerCells(lines[at]!);
  const has = (name: string): boolean => cells.some((c) => c.toLowerCase() === name.toLowerCase());
  const out: MilliUnits = { current: has('mAmps'), capacity: has('mAmp-hr'), energy: has('mWatt-hr'), voltage: false, voltageReason: null };
  const volts = cells.findIndex((c) => c.toLowerCase() === 'volts');
  if (volts < 0) return out;
  const delimiter = delimiterOf(lines[at]!);
  const rows = lines.slice(at + 1, at + 2001).filter((l) => l.trim().length > 0);
  if (!wholeFile && rows.length > 1) rows.pop(); // the probe may end mid-row
  const values = rows
    .map((l) => Math.abs(parseNumber((l.split(delimiter)[volts] ?? '').replace(',', '.'), false)))
    .filter((x) => Number.isFinite(x) && x > 0)
    .sort((a, b) => a - b);
  if (values.length === 0) return out;
  const median = values[Math.floor(values.length / 2)]!;
  const range = `${values[0]}–${values[values.length - 1]}`;
  // Above 100 only millivolts make sense for a cell or a small module; below 100, volts.
  out.voltage = median > 100;
  out.voltageReason = out.voltage
    ? `column 'Volts' holds millivolts: its values (${range} in the first ${values.length} rows) are no cell voltage in volts; read as mV`
    : null;
  return out;
}

const base = makeTextReader(maccorSpec(milliUnits([], true)));

/**
 * The reader is built per file: whether `Volts` holds millivolts is decided from the file's own
 * values, and `inspect` says so.
 */
export const maccor: FormatReader = {
  ...base,
  async open(path: string, displayName: string, probe: Probe, options: ReadOptions): Promise<RecordStream> {
    const milli = milliUnits(probeLines(probe, 2100), probe.bytes.length < PROBE_BYTES);
    const stream = await makeTextReader(maccorSpec(milli)).open(path, displayName, probe, options);
    if (milli.voltageReason) stream.header.warnings.push(milli.voltageReason);
    const milliNames = (['mAmps', 'mAmp-hr', 'mWatt-hr'] as const).filter((n) => stream.header.columns.some((c) => c.source === n));
    if (milliNames.length > 0) stream.header.warnings.push(`milli-unit export: ${milliNames.map((n) => `'${n}'`).join(', ')} read as ${milliNames.map((n) => ({ mAmps: 'mA', 'mAmp-hr': 'mAh', 'mWatt-hr': 'mWh' })[n]).join(', ')}`);
    return stream;
  },
};

/** Maccor's one-letter modes; 'O' (other) and 'S' (status) carry no current direction. */
function maccorState(raw: string): StepKind | null {
  const s = raw.trim().toUpperCase();
  if (s === 'C') return 'charge';
  if (s === 'D') return 'discharge';
  if (s === 'R') return 'rest';
  if (s === 'O' || s === 'S' || s === 'E') return 'other';
  return stateToKind(raw);
}

function maccorMetadata(preamble: string[]): FileMetadata {
  const kv = keyValues(preamble);
  const meta: FileMetadata = {};
  const start = kv.get('date of test') ?? kv.get('started');
  if (start) meta.startTime = start;
  const channel = kv.get('tester channel') ?? kv.get('channel');
  if (channel) meta.channel = channel;
  const name = kv.get('filename') ?? kv.get('name');
  if (name) meta.cellName = name;
  const procedure = kv.get('procedure');
  if (procedure) meta.procedure = procedure;
  return meta;
}
