import { createReadStream } from 'node:fs';
import { CyclekitError } from '../../model/errors.js';
import type { CanonicalRecord } from '../../model/record.js';
import { PROBE_BYTES, type FormatReader, type Probe, type ReadOptions, type RecordStream } from '../contract.js';
import { mapColumns, type Field } from '../text/columns.js';
import { makeTextReader } from '../text/delimited.js';
import type { LayoutOptions, TextFormatSpec } from '../text/spec.js';
import { detectDecimalComma, type TableLayout } from '../text/layout.js';
import { delimiterOf, probeLines } from '../text/sniff.js';
import { parseNumber } from '../text/values.js';

/**
 * Battery Data Format (BDF) CSV, `.bdf.csv`: one header row, then one record per row. Two
 * naming styles exist and both are read: the labels with units (`Test Time / s`, as
 * `cyclekit convert --to bdf` writes) and the machine-readable names (`test_time_second`,
 * as the BDF project's own example files are written). Each machine name is translated to
 * its label first, so one vocabulary maps both. Dimensionless counts are labelled `/ 1`,
 * which is not a unit, so their full labels are the aliases.
 *
 * Counters: Step Count (never repeats) is preferred to Step ID (the programme's step) for
 * step boundaries. `Step Index` is ambiguous across BDF releases: earlier files use it for
 * the programme step, BDF 1.2 defines it as the row counter within a step; the rows decide.
 * Of the capacity families the per-step charging/discharging pair is preferred (it resets every
 * step), then the per-test pair (never resets), then the per-cycle pair, then the per-step
 * throughput (`Step Cumulative Capacity`, a magnitude). The net and whole-test throughput
 * families are not used: the direction counters say the same more plainly.
 *
 * A file whose current carries no sign (a converter copied Maccor's magnitudes) is refused:
 * charge and discharge could not be told apart.
 */

/** Machine-readable unit suffixes and the unit their label writes. */
const UNIT_SUFFIXES: [RegExp, string][] = [
  [/_(second|s)$/, 's'],
  [/_(millisecond|ms)$/, 'ms'],
  [/_(volt|v)$/, 'V'],
  [/_(ampere|a)$/, 'A'],
  [/_(watt|w)$/, 'W'],
  [/_(ampere_hour|ah)$/, 'Ah'],
  [/_(watt_hour|wh)$/, 'Wh'],
  [/_(celsius|degc)$/, 'degC'],
  [/_(ohm)$/, 'ohm'],
  [/_(pascal|pa)$/, 'Pa'],
  [/_(hertz)$/, 'Hz'],
  [/_(degree)$/, 'deg'],
  [/_(1|dimensionless)$/, '1'],
];

/** Machine names whose label is not `<words> / <unit>`. */
const SPECIAL_NAMES: Record<string, string> = {
  cycle_count: 'Cycle Count / 1',
  step_count: 'Step Count / 1',
  step_index: 'Step Index / 1',
  record_index: 'Record Index / 1',
  step_id: 'Step ID',
  step_type: 'Step Type',
  // Older releases' names for the two counts.
  cycle_dimensionless: 'Cycle Count / 1',
  step_dimensionless: 'Step Count / 1',
};

/**
 * A BDF machine-readable name (`voltage_volt`, `temperature_t1_celsius`,
 * `step_charging_capacity_ampere_hour`) as its label (`Voltage / V`, `Temperature T1 / degC`,
 * `Step Charging Capacity / Ah`); anything else is returned unchanged.
 */
export function bdfLabel(cell: string): string {
  const raw = cell.trim().replace(/^"|"$/g, '').replace(/^\ufeff/, '');
  if (!/^[a-z][a-z0-9_]*$/.test(raw)) return raw;
  const special = SPECIAL_NAMES[raw] ?? SPECIAL_NAMES[raw.replace(/_1$/, '')];
  if (special) return special;
  for (const [suffix, unit] of UNIT_SUFFIXES) {
    const m = suffix.exec(raw);
    if (!m || m.index === 0) continue;
    const words = raw.slice(0, m.index).split('_').map((w) => w.charAt(0).toUpperCase() + w.slice(1));
    return `${words.join(' ')} / ${unit}`;
  }
  return raw;
}

const REQUIRED: [string, string][] = [
  ['Test Time', 'test_time_second'],
  ['Voltage', 'voltage_volt'],
  ['Current', 'current_ampere'],
];

/** The header line (the first non-blank one) as labels, or null when it lacks the required three. */
function bdfHeader(lines: string[]): { index: number; cells: string[]; labels: string[]; style: string } | null {
  const index = lines.findIndex((l) => l.trim().length > 0);
  if (index < 0 || index > 2) return null;
  const cells = lines[index]!.split(delimiterOf(lines[index]!)).map((c) => c.trim().replace(/^"|"$/g, '').replace(/^\ufeff/, ''));
  const labels = cells.map(bdfLabel);
  const has = (base: string): boolean => labels.some((l) => l.startsWith(`${base} / `));
  if (!REQUIRED.every(([base]) => has(base))) return null;
  const machine = cells.some((c, i) => c !== labels[i]);
  return { index, cells, labels, style: machine ? 'machine-readable names' : 'labels with units' };
}

const ALIASES: Partial<Record<Field, string[]>> = {
  time: ['Test Time'],
  datetime: ['Unix Time'],
  cycle: ['Cycle Count / 1', 'Cycle Count'],
  step: ['Step Count / 1', 'Step Count', 'Step ID', 'Step Index / 1'],
  state: ['Step Type'],
  chargeCapacity: ['Step Charging Capacity', 'Charging Capacity', 'Cycle Charging Capacity'],
  dischargeCapacity: ['Step Discharging Capacity', 'Discharging Capacity', 'Cycle Discharging Capacity'],
  chargeEnergy: ['Step Charging Energy', 'Charging Energy', 'Cycle Charging Energy'],
  dischargeEnergy: ['Step Discharging Energy', 'Discharging Energy', 'Cycle Discharging Energy'],
  // Per-step throughput, a magnitude whose direction is the current's: cyclekit's one-counter form.
  capacity: ['Step Cumulative Capacity', 'Step Capacity'],
  energy: ['Step Cumulative Energy', 'Step Energy'],
  temperature: ['Ambient Temperature', 'Surface Temperature', 'Temperature T1'],
};

/**
 * Labels the shared vocabulary would map to the wrong field: Step Time is not test time,
 * the net and throughput families are not the direction counters, Record Index is not a step.
 */
const EXCLUDE = [
  'Step Time', 'Record Index / 1', 'Net Capacity', 'Cumulative Capacity', 'Net Energy', 'Cumulative Energy',
  'Step Net Capacity', 'Cycle Net Capacity', 'Cycle Cumulative Capacity',
  'Step Net Energy', 'Cycle Net Energy', 'Cycle Cumulative Energy',
];

/** What the first rows say about the file, decided once per open. */
interface BdfFindings {
  header: NonNullable<ReturnType<typeof bdfHeader>>;
  /** `Step Index` counts rows within a step (BDF 1.2): not a step number. */
  stepIndexCountsRows: boolean;
  /** 1-based line of the first row whose test time fell back to 0 mid-test, or null. */
  firstTimeResetLine: number | null;
  /** Why the current looks written as a magnitude (no sign), or null. */
  currentSignMissing: string | null;
}

function examine(lines: string[], wholeFile: boolean): BdfFindings | null {
  const header = bdfHeader(lines);
  if (!header) return null;
  const delimiter = delimiterOf(lines[header.index]!);
  const rows = lines.slice(header.index + 1, header.index + 5001).filter((l) => l.trim().length > 0);
  // The probe's last line may be cut mid-row.
  if (!wholeFile && rows.length > 1) rows.pop();
  const cellsOf = rows.map((r) => r.split(delimiter));
  const column = (label: string): number[] => {
    const i = header.labels.indexOf(label);
    return i < 0 ? [] : cellsOf.map((c) => parseNumber(c[i] ?? '', false));
  };

  let stepIndexCountsRows = false;
  const stepIndex = column('Step Index / 1');
  if (stepIndex.length > 2) {
    let plusOne = 0;
    for (let k = 1; k < stepIndex.length; k++) if (stepIndex[k] === stepIndex[k - 1]! + 1) plusOne++;
    // A step number changes a few times in thousands of rows; a row counter on nearly every row.
    stepIndexCountsRows = plusOne > 0.5 * (stepIndex.length - 1);
  }

  const currentSignMissing = magnitudeCurrent(header, column);

  let firstTimeResetLine: number | null = null;
  const timeLabel = header.labels.find((l) => l.startsWith('Test Time / '));
  const times = timeLabel ? column(timeLabel) : [];
  let prev = Number.NaN;
  for (let k = 0; k < times.length; k++) {
    const t = times[k]!;
    if (t === 0 && prev > 0) {
      firstTimeResetLine = lines.indexOf(rows[k]!, header.index + 1) + 1;
      break;
    }
    if (!Number.isNaN(t)) prev = t;
  }
  return { header, stepIndexCountsRows, firstTimeResetLine, currentSignMissing };
}

/**
 * BDF's current is signed (positive charges). A converter that copied a Maccor-style magnitude
 * writes no negative value at all, and then a discharge reads as a charge: detected when no row
 * of the probe has a negative current and a run of ten or more rows under a steady positive
 * current loses more than 20 mV, which no charge does. Returns the evidence, or null.
 */
function magnitudeCurrent(header: NonNullable<ReturnType<typeof bdfHeader>>, column: (label: string) => number[]): string | null {
  const currentLabel = header.labels.find((l) => l.startsWith('Current / '));
  const voltageLabel = header.labels.find((l) => l.startsWith('Voltage / '));
  if (!currentLabel || !voltageLabel) return null;
  const current = column(currentLabel);
  const voltage = column(voltageLabel);
  if (current.some((i) => i < 0)) return null;
  let start = -1;
  for (let k = 0; k <= current.length; k++) {
    const on = k < current.length && current[k]! > 0;
    if (on && start < 0) start = k;
    if (!on && start >= 0) {
      const end = k - 1;
      const drop = voltage[start]! - voltage[end]!;
      if (end - start + 1 >= 10 && drop > 0.02) {
        return `'${header.cells[header.labels.indexOf(currentLabel)]}' is never negative, yet the voltage falls from ${voltage[start]} to ${voltage[end]} under it (rows ${start + 1}–${end + 1} of the data)`;
      }
      start = -1;
    }
  }
  return null;
}

function bdfSpec(found: BdfFindings | null): TextFormatSpec {
  const exclude = [...EXCLUDE, ...(found?.stepIndexCountsRows ? ['Step Index / 1'] : [])];
  const spec: TextFormatSpec = {
    id: 'bdf',
    title: 'Battery Data Format (BDF) CSV',
    sniff(probe) {
      const header = bdfHeader(probeLines(probe, 4));
      if (!header) return null;
      const named = REQUIRED.map(([label, name]) => (header.style.startsWith('machine') ? name : `${label} / …`));
      return { confidence: 0.96, reason: `BDF header (${header.style}): ${named.join(', ')}` };
    },
    aliases: ALIASES,
    exclude,
    capacityCounter: null,
    layout: (lines, options) => bdfLayout(lines, options),
  };
  const resetLine = found?.firstTimeResetLine ?? null;
  if (resetLine !== null) {
    const timeIndex = found!.header.labels.findIndex((l) => l.startsWith('Test Time / '));
    spec.rowTransform = () => {
      let last = Number.NaN;
      return (cells) => {
        const t = parseNumber(cells[timeIndex] ?? '', false);
        if (t === 0 && last > 0) {
          droppedRows.set(spec, (droppedRows.get(spec) ?? 0) + 1);
          return null;
        }
        if (!Number.isNaN(t)) last = t;
        return cells;
      };
    };
  }
  return spec;
}

/**
 * Past the probe, a test time that falls back to 0 is looked for in the raw bytes: a line that
 * starts with a zero (`0`, `0.0`, `0.000`) is a row whose first column, the test time, is 0.
 * Only when test time is the first column, as BDF writers put it; the scan reads bytes and
 * parses nothing, so it costs a fraction of the read. Returns the 1-based line, or null.
 */
async function laterTimeReset(path: string, found: BdfFindings, probe: Probe): Promise<number | null> {
  if (!found.header.labels[0]?.startsWith('Test Time / ')) return null;
  const zeroRow = /\n0(?:\.0*)?[,;\t]/g;
  // The first data row's own 0 is the test's start: search from the end of that row.
  let firstRowEnd = -1;
  for (let k = 0; k <= found.header.index + 1; k++) {
    firstRowEnd = probe.bytes.indexOf(10, firstRowEnd + 1);
    if (firstRowEnd < 0) return null;
  }
  let line = 1;
  let carry = '';
  let offset = 0;
  for await (const chunk of createReadStream(path, { start: 0, highWaterMark: 1 << 20 })) {
    const text = carry + (chunk as Buffer).toString('latin1');
    zeroRow.lastIndex = offset === 0 ? firstRowEnd : 0;
    const m = zeroRow.exec(text);
    if (m) {
      for (let k = 0; k <= m.index; k++) if (text.charCodeAt(k) === 10) line++;
      return line;
    }
    // Keep the last partial line so a match across chunks is not missed; count the rest.
    const cut = text.lastIndexOf('\n');
    for (let k = 0; k < cut; k++) if (text.charCodeAt(k) === 10) line++;
    carry = cut >= 0 ? text.slice(cut) : text;
    offset += (chunk as Buffer).length;
  }
  return null;
}

/** Rows a spec's transform dropped while reading, for the warning written once the rows are read. */
const droppedRows = new WeakMap<TextFormatSpec, number>();

/** The header translated to labels and mapped; the source columns keep their own names. */
function bdfLayout(lines: string[], options: LayoutOptions): TableLayout | null {
  const header = bdfHeader(lines);
  if (!header) return null;
  const delimiter = delimiterOf(lines[header.index]!);
  const overrides = Object.fromEntries(Object.entries(options.overrides ?? {}).map(([field, name]) => [field, bdfLabel(name)]));
  const columns = mapColumns(header.labels, { ...options, overrides });
  const has = (f: Field): boolean => columns.some((c) => c.field === f);
  if (!has('voltage') || !has('current')) return null;
  for (const c of columns) c.header = { ...c.header, raw: header.cells[c.index]! };
  return {
    headerIndex: header.index,
    delimiter,
    decimalComma: detectDecimalComma(lines.slice(header.index + 1, header.index + 50), delimiter),
    cells: header.cells,
    columns,
  };
}

const base = makeTextReader(bdfSpec(null));

export const bdf: FormatReader = {
  ...base,
  async open(path: string, displayName: string, probe: Probe, options: ReadOptions): Promise<RecordStream> {
    const wholeProbe = probe.bytes.length < PROBE_BYTES;
    const found = examine(probeLines(probe, 6000), wholeProbe);
    if (found && found.firstTimeResetLine === null && !wholeProbe) found.firstTimeResetLine = await laterTimeReset(path, found, probe);
    if (found?.currentSignMissing) {
      throw new CyclekitError(
        'E_VALUE',
        `the current has no sign: ${found.currentSignMissing}; BDF writes charge positive and discharge negative, so charge and discharge cannot be told apart (fix the sign where the file was converted, or read the cycler's own export)`,
        { file: displayName, line: found.header.index + 1 },
      );
    }
    const spec = bdfSpec(found);
    const stream = await makeTextReader(spec).open(path, displayName, probe, options);
    const capacity =
      stream.header.columns.find((c) => c.field === 'capacityAh (charge)' || c.field === 'capacityAh (discharge)') ??
      stream.header.columns.find((c) => c.field === 'capacityAh');
    if (capacity) stream.header.capacityCounter = /^step[ _]/i.test(capacity.source) ? 'step' : /^cycle[ _]/i.test(capacity.source) ? 'cycle' : 'test';
    if (found?.stepIndexCountsRows) {
      stream.header.warnings.push(`'${found.header.cells[found.header.labels.indexOf('Step Index / 1')]}' counts rows within a step (BDF 1.2 meaning), not steps: not used as the step number`);
    }
    if (found?.firstTimeResetLine != null) {
      let noted = false;
      const note = (): void => {
        if (noted) return;
        noted = true;
        const n = droppedRows.get(spec) ?? 0;
        stream.header.warnings.push(
          `dropped ${n} row(s) whose test time fell back to 0 at the start of a step (first at line ${found.firstTimeResetLine}): each repeats the next row's values under a broken time stamp (a known fault of some Neware-to-BDF conversions)`,
        );
      };
      return withEnd(stream, note);
    }
    return stream;
  },
};

/** The same stream, calling `atEnd` once all of its records have been read (either way). */
function withEnd(stream: RecordStream, atEnd: () => void): RecordStream {
  const { batches, visit } = stream;
  async function* wrapped(): AsyncGenerator<CanonicalRecord[]> {
    for await (const batch of batches) yield batch;
    atEnd();
  }
  return {
    ...stream,
    batches: wrapped(),
    ...(visit ? { visit: async (each, between) => { await visit(each, between); atEnd(); } } : {}),
  };
}
