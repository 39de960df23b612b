import { lazy } from '../../util/lazy.js';
import { CyclekitError } from '../../model/errors.js';
import type { CanonicalRecord, CounterReset, FileMetadata, StepKind, StreamHeader } from '../../model/record.js';
import { open, stat } from 'node:fs/promises';
import type { BytePiece, FormatReader, PieceReader, PieceReport, PieceSink, Probe, ReadOptions, ReadStats, RecordStream, SniffResult } from '../contract.js';
import { detectEncoding } from './encoding.js';
import { unmetOverride, type Field, type MappedColumn } from './columns.js';
import { findLayout, preamble, type TableLayout } from './layout.js';
import { readLines } from './lines.js';
import { readByteLines } from '../fast/byte-rows.js';
import { nearestLayouts } from '../nearest.js';
import { ByteCells, StringCells, type CellUse, type RowCells } from './cells.js';
import { scanPreamble } from './metadata.js';
import { stateToKind } from './state.js';
import { canonicalFieldName, fillOptionalFields, rowColumns, rowDirection } from '../row-fields.js';
import { detectTimeForm, parseDateTime, parseNumber, type TimeForm } from './values.js';
import { implausibleRow } from '../plausible.js';
import { CycleCounterTotals, type CycleCounterFindings } from '../cycle-counters.js';

/**
 * A vendor's text format, declared: how to recognise it, its own header names, and its
 * quirks. Everything else (encodings, delimiters, units, bad rows) is shared.
 */
export interface TextFormatSpec {
  id: string;
  title: string;
  sniff(probe: Probe): SniffResult | null;
  aliases?: Partial<Record<Field, string[]>>;
  defaultUnits?: Partial<Record<Field, string>>;
  /** When the file's capacity counters reset; null lets segmentation infer it per step. */
  capacityCounter?: CounterReset | null;
  /** Current is written as a magnitude and the sign comes from the state column (Maccor). */
  currentIsMagnitude?: boolean;
  /**
   * A state cell that only closes the step before it (Maccor's `S` record, written seconds after
   * the step's last reading with its last capacity increment): such a row takes the previous
   * row's kind when its cycle and step are the same, so it stays in that step. The previous row
   * is the one converted just before, which is also what a piece's seed search leaves behind.
   */
  continuesStep?(raw: string): boolean;
  /** Map a state cell to a step kind when the shared rules are not enough. */
  stateKind?(raw: string): StepKind | null;
  /** Extra metadata from the lines above the header. */
  metadata?(preamble: string[]): FileMetadata;
  /** Locate the header row when the generic search would pick the wrong one. */
  headerIndex?(lines: string[]): number | null;
  /**
   * Build the whole table layout when the file's header is not one plain row (Neware's
   * layered export: cycle, step and record rows each with their own header line).
   */
  layout?(lines: string[], options: LayoutOptions): TableLayout | null;
  /**
   * A fresh row rewriter per read: returns the cells to convert, or null for a row that is
   * not a record (a cycle or step row in a layered export). It may carry state between rows.
   */
  rowTransform?(layout: TableLayout): ((cells: string[]) => string[] | null) | null;
  /** Check or correct what was found in the preamble (placeholder masses); returns warnings. */
  reviewMetadata?(metadata: FileMetadata): string[];
  /** Infer the active mass from a capacity column and its specific-capacity twin; default true. */
  inferMass?: boolean;
  /** Source columns the shared vocabulary would map wrongly for this vendor. */
  exclude?: string[];
  /**
   * The charge and discharge counters restart with every cycle (Arbin, PEC), so each cycle's
   * largest values are the cycler's own per-cycle capacities (`instrumentCycles`).
   */
  cycleCounters?: boolean;
}

export interface LayoutOptions {
  overrides?: Record<string, string>;
  aliases?: Partial<Record<Field, string[]>>;
  defaultUnits?: Partial<Record<Field, string>>;
  exclude?: string[];
}

/** A bad row is tolerated (skipped with a warning) only while bad rows stay under this share of all rows. */
export const TOLERATED_BAD_FRACTION = 0.01;

const BATCH = 8192;

/** csv-parse handles the rare quoted rows; plain rows never load it. */
const csvParse = lazy<typeof import('csv-parse/sync')>('csv-parse/sync');

export function makeTextReader(spec: TextFormatSpec): FormatReader {
  return {
    id: spec.id,
    title: spec.title,
    kind: 'text',
    sniff: spec.sniff,
    open: (path, displayName, probe, options) => openText(spec, path, displayName, probe, options),
  };
}

async function openText(spec: TextFormatSpec, path: string, displayName: string, probe: Probe, options: ReadOptions): Promise<RecordStream> {
  const probeLines = probe.text.split(/\r?\n/);
  if (probe.text.trim().length === 0) throw new CyclekitError('E_EMPTY', 'the file is empty', { file: displayName });
  const layout = locateTable(spec, probeLines, options);
  const unmet = unmetOverride(options.columns, layout.columns, layout.cells);
  if (unmet !== null) throw new CyclekitError('E_HEADER', unmet, { file: displayName, line: layout.headerIndex + 1 });
  const columns = layout.columns;
  const col = (f: Field): MappedColumn | undefined => columns.find((c) => c.field === f);
  const timeCol = col('time') ?? col('datetime');
  if (!timeCol) {
    throw new CyclekitError('E_HEADER', `expected a time column (s, min, h or hh:mm:ss); found: ${layout.cells.join(', ')} — pass --col time=NAME`, {
      file: displayName,
      line: layout.headerIndex + 1,
    });
  }
  const firstCells = firstDataCells(spec, probeLines, layout);
  if (firstCells === null) throw new CyclekitError('E_EMPTY', 'the header is not followed by any data row', { file: displayName, line: layout.headerIndex + 1 });
  const timeForm: TimeForm = detectTimeForm(firstCells[timeCol.index] ?? '', layout.decimalComma) ?? 'number';

  const unitWarning = checkAssumedTimeUnit(spec, probeLines, layout, timeCol, timeForm);
  const { encoding, bomLength } = detectEncoding(probe.bytes);
  const metadata: FileMetadata = { ...scanPreamble(preamble(probeLines, layout)), ...(spec.metadata?.(preamble(probeLines, layout)) ?? {}) };
  const metadataWarnings = spec.reviewMetadata?.(metadata) ?? [];
  const header: StreamHeader = {
    format: spec.id,
    formatReason: '',
    encoding,
    delimiter: layout.delimiter,
    decimalMark: layout.decimalComma ? ',' : '.',
    columns: columns.map((c) => ({ source: c.header.raw, field: canonicalFieldName(c.field), unit: c.unit, scale: c.scale })),
    capacityCounter: capacityCounterFor(spec, col),
    currentSign: spec.currentIsMagnitude
      ? 'current written as a magnitude; sign taken from the state column (discharge negative)'
      : 'as written by the cycler (positive = charge)',
    metadata,
    warnings: [...metadataWarnings, ...(unitWarning ? [unitWarning] : [])],
  };
  if (timeCol.field === 'datetime' || timeForm === 'datetime') header.warnings.push(`time taken from wall-clock column '${timeCol.header.raw}' (relative to its first row)`);
  const stats: ReadStats = { rows: 0, badRows: 0, firstBad: null };
  const newConverter = (): Converter => buildConverter(spec, layout, timeCol.index, timeForm);
  const transform = spec.rowTransform?.(layout) ?? null;
  const source: TextSource = { path, file: displayName, encoding, bomLength, layout, transform, options, header, stats };
  const records = streamRecords(source, newConverter());
  // Rows stand alone when time is not counted from the first row (a wall clock is).
  const rowsStandAlone = timeCol.field === 'time' && timeForm !== 'datetime';
  const pieces = rowsStandAlone && canUseBytes(encoding, layout, transform, options) ? await pieceReader(source, newConverter, probe) : undefined;
  return { header, stats, ...records, ...(pieces ? { pieces } : {}) };
}

interface Converter {
  convert: RowConverter;
  sideline: Sideline;
  /**
   * How the converter reads each leading cell on every row. Cells past them (a wall-clock
   * stamp read once, a specific capacity read rarely) need not be split on every row.
   */
  cellPlan: CellUse[];
}

function buildConverter(spec: TextFormatSpec, layout: TableLayout, timeIndex: number, timeForm: TimeForm): Converter {
  const col = (f: Field): MappedColumn | undefined => layout.columns.find((c) => c.field === f);
  const timeColumn = layout.columns.find((c) => c.index === timeIndex)!;
  const sideline = new Sideline(col, layout.decimalComma, spec.inferMass !== false, spec.cycleCounters === true);
  const { state, ...numeric } = rowColumns(col);
  const everyRow = [timeColumn, state, ...Object.values(numeric)].filter((c) => c !== undefined);
  const cellPlan = new Array<CellUse>(Math.max(...everyRow.map((c) => c.index)) + 1).fill('other');
  for (const c of Object.values(numeric)) if (c) cellPlan[c.index] = 'number';
  if (timeForm !== 'datetime') cellPlan[timeColumn.index] = timeForm;
  return {
    convert: rowConverter(spec, layout, timeColumn, timeForm, col, sideline),
    sideline,
    cellPlan,
  };
}

/**
 * A start stamp for humans: Unix seconds (Arbin DateTime, BDF Unix Time) and MATLAB datenums
 * (BatteryData Datenum_d) become ISO 8601 UTC; text stamps are kept as written.
 */
function readableStamp(raw: string, columnName: string, decimalComma: boolean): string {
  const n = parseNumber(raw, decimalComma);
  if (Number.isNaN(n)) return raw;
  // MATLAB datenum: days since 0000-01-00; 719529 is 1970-01-01.
  if (/datenum/i.test(columnName) && n > 6e5 && n < 1e6) return new Date(Math.round((n - 719529) * 86400) * 1000).toISOString();
  if (n > 1e8 && n < 1e10) return new Date(n * 1000).toISOString();
  if (n > 1e11 && n < 1e13) return new Date(n).toISOString();
  return raw;
}

const TIME_UNITS: { scale: number; unit: string }[] = [
  { scale: 60, unit: 'min' },
  { scale: 3600, unit: 'h' },
  { scale: 1e-3, unit: 'ms' },
];

/**
 * A time column whose header names no unit is assumed to be in seconds. When the file also has
 * a wall-clock column, the two must advance together; a Maccor "TestTime" that advances 1 per
 * 60 s of "DPT Time" is in minutes. The column's scale is corrected in place and a warning says so.
 */
function checkAssumedTimeUnit(spec: TextFormatSpec, lines: string[], layout: TableLayout, timeCol: MappedColumn, timeForm: TimeForm): string | null {
  const wall = layout.columns.find((c) => c.field === 'datetime');
  if (timeCol.field !== 'time' || timeForm !== 'number' || timeCol.header.unit !== null || !wall || spec.rowTransform?.(layout)) return null;
  const rows = lines.slice(layout.headerIndex + 1, -1).filter((l) => l.trim().length > 0);
  const sample = (line: string): [number, number] | null => {
    const cells = splitRow(line, layout.delimiter);
    const t = parseNumber(cells[timeCol.index] ?? '', layout.decimalComma);
    const rawWall = cells[wall.index] ?? '';
    const w = Number.isNaN(parseNumber(rawWall, layout.decimalComma)) ? parseDateTime(rawWall) : parseNumber(rawWall, layout.decimalComma);
    return Number.isNaN(t) || Number.isNaN(w) ? null : [t, w];
  };
  const a = rows.map(sample).find((x) => x !== null);
  const b = [...rows].reverse().map(sample).find((x) => x !== null);
  if (!a || !b) return null;
  const timeSpan = (b[0] - a[0]) * timeCol.scale;
  const wallSpan = b[1] - a[1];
  // Wall clocks are often written to the second: only a span of minutes decides anything.
  if (!(timeSpan > 0) || !(wallSpan >= 120)) return null;
  const ratio = wallSpan / timeSpan;
  if (Math.abs(ratio - 1) < 0.05) return null;
  const fit = TIME_UNITS.find((u) => Math.abs(ratio / u.scale - 1) < 0.05);
  if (!fit) return null;
  const column = layout.columns.find((c) => c.index === timeCol.index)!;
  column.scale *= fit.scale;
  column.unit = fit.unit;
  return `time column '${timeCol.header.raw}' names no unit and advances 1 per ${fit.scale} s of '${wall.header.raw}': read as ${fit.unit}`;
}

/** The first data row's cells (after the spec's row rewriter), to tell the time column's form. */
function firstDataCells(spec: TextFormatSpec, lines: string[], layout: TableLayout): string[] | null {
  const transform = spec.rowTransform?.(layout) ?? null;
  for (const line of lines.slice(layout.headerIndex + 1)) {
    if (line.trim().length === 0) continue;
    const cells = splitRow(line, layout.delimiter);
    const out = transform ? transform(cells) : cells;
    if (out !== null) return out;
  }
  return null;
}

/**
 * What the reader learns from the rows besides the records: the first wall-clock stamp (a start
 * time when the preamble has none), for mass inference the row with the largest capacity that
 * also has a specific capacity (the largest values carry the most significant digits), and the
 * cycler's per-cycle counters when they restart with every cycle.
 */
class Sideline {
  /** Off for rows a piece reads past its end: they belong to the next piece's findings. */
  watching = true;
  firstStamp: string | null = null;
  private readonly stampCol: MappedColumn | undefined;
  private readonly capCol: MappedColumn | undefined;
  private readonly specCol: MappedColumn | undefined;
  bestCapacityAh = 0;
  bestSpecificMAhG = 0;
  private readonly counters: { cycle: MappedColumn; charge: MappedColumn | undefined; discharge: MappedColumn | undefined; totals: CycleCounterTotals } | null;

  constructor(col: (f: Field) => MappedColumn | undefined, private readonly decimalComma: boolean, inferMass: boolean, cycleCounters: boolean) {
    this.stampCol = col('datetime');
    this.specCol = inferMass ? col('specificCapacity') : undefined;
    this.capCol = this.specCol ? col('capacity') : undefined;
    const cycle = col('cycle');
    const [charge, discharge] = [col('chargeCapacity'), col('dischargeCapacity')];
    this.counters = cycleCounters && cycle && (charge || discharge) ? { cycle, charge, discharge, totals: new CycleCounterTotals() } : null;
  }

  get active(): boolean {
    return this.stampCol !== undefined || this.capCol !== undefined || this.counters !== null;
  }

  /** `capacityAh` is the row's already-parsed capacity column (null when empty). */
  see(cells: RowCells, capacityAh: number | null): void {
    if (!this.watching) return;
    if (this.firstStamp === null && this.stampCol) {
      const raw = cells.text(this.stampCol.index).trim();
      if (raw.length > 0) this.firstStamp = raw;
    }
    if (this.counters) {
      const { cycle, charge, discharge, totals } = this.counters;
      const value = (c: MappedColumn | undefined): number | null => {
        const x = c ? cells.number(c.index) : Number.NaN;
        return Number.isNaN(x) ? null : x * c!.scale;
      };
      totals.see(value(cycle), value(charge), value(discharge));
    }
    if (this.capCol && this.specCol && capacityAh !== null) {
      const q = Math.abs(capacityAh);
      if (q > this.bestCapacityAh) {
        const spec = Math.abs(cells.number(this.specCol.index) * this.specCol.scale);
        if (spec > 0) {
          this.bestCapacityAh = q;
          this.bestSpecificMAhG = spec;
        }
      }
    }
  }

  findings(): SidelineFindings {
    return { firstStamp: this.firstStamp, bestCapacityAh: this.bestCapacityAh, bestSpecificMAhG: this.bestSpecificMAhG, cycleCounters: this.counters?.totals.findings() ?? [] };
  }

  /** Take in what a later piece found, as if its rows had been seen after this one's. */
  merge(later: SidelineFindings): void {
    if (this.firstStamp === null) this.firstStamp = later.firstStamp;
    if (later.bestCapacityAh > this.bestCapacityAh) {
      this.bestCapacityAh = later.bestCapacityAh;
      this.bestSpecificMAhG = later.bestSpecificMAhG;
    }
    this.counters?.totals.merge(later.cycleCounters);
  }

  /** Fill in what the preamble lacked, once every row has been seen. */
  finish(header: StreamHeader): void {
    if (header.metadata.startTime === undefined && this.firstStamp !== null) {
      header.metadata.startTime = readableStamp(this.firstStamp, this.stampCol!.header.name, this.decimalComma);
      header.metadata.startTimeSource = `first row of '${this.stampCol!.header.raw}'`;
    }
    if (header.metadata.activeMassG === undefined && this.capCol && this.specCol && this.bestSpecificMAhG > 0) {
      const grams = (this.bestCapacityAh * 1000) / this.bestSpecificMAhG;
      header.metadata.activeMassG = grams;
      header.metadata.activeMassSource = `inferred from '${this.capCol.header.raw}' / '${this.specCol.header.raw}'`;
      header.warnings.push(
        `active mass ${(grams * 1000).toPrecision(4)} mg inferred from '${this.capCol.header.raw}' / '${this.specCol.header.raw}' (the file states no mass; pass --mass to override)`,
      );
    }
    if (this.counters) {
      const { charge, discharge, totals } = this.counters;
      const named = [charge, discharge].filter((c) => c !== undefined).map((c) => `'${c.header.raw}'`);
      const table = totals.result(`${named.join(' and ')}, each cycle's largest value (the counters restart with every cycle)`);
      if (table) header.instrumentCycles = table;
    }
  }
}

interface SidelineFindings {
  firstStamp: string | null;
  bestCapacityAh: number;
  bestSpecificMAhG: number;
  cycleCounters: CycleCounterFindings;
}

function locateTable(spec: TextFormatSpec, lines: string[], options: ReadOptions): TableLayout {
  const forced = spec.headerIndex?.(lines);
  const mapOptions = { overrides: options.columns, aliases: spec.aliases ?? {}, defaultUnits: spec.defaultUnits ?? {}, exclude: spec.exclude ?? [] };
  if (spec.layout) {
    const own = spec.layout(lines, mapOptions);
    if (own) return own;
  }
  if (forced !== undefined && forced !== null) {
    const only = findLayout(lines.slice(forced, forced + 1), mapOptions);
    if (only) {
      const layout = findLayout([...lines.slice(forced)], mapOptions);
      if (layout) return { ...layout, headerIndex: forced + layout.headerIndex };
    }
  }
  const layout = findLayout(lines, mapOptions);
  if (layout) return layout;
  const widest = lines
    .slice(0, 300)
    .map((l) => l.split(/[\t,;]/).map((c) => c.trim()).filter((c) => c.length > 0))
    .reduce((a, b) => (b.length > a.length ? b : a), [] as string[]);
  const found = widest.length > 0 ? widest.slice(0, 20).join(', ') : 'nothing that looks like a header';
  const near = nearestLayouts(widest);
  const nearest = near.length > 0 ? `; nearest known layouts: ${near.map((n) => `${n.id} (${n.shared} of ${n.of} columns)`).join(', ')}` : '';
  throw new CyclekitError(
    'E_HEADER',
    `read as ${spec.id}, but found no header row with voltage and current columns; found: ${found}${nearest} — pass --col voltage=NAME --col current=NAME, or --format`,
    { line: 1 },
  );
}

function capacityCounterFor(spec: TextFormatSpec, col: (f: Field) => MappedColumn | undefined): CounterReset | null {
  if (spec.capacityCounter !== undefined) return spec.capacityCounter;
  if (col('chargeCapacity') || col('dischargeCapacity')) return null;
  const single = col('capacity');
  if (single && /q qo|net/.test(single.header.name.toLowerCase().replace(/[-_()]/g, ' '))) return 'net';
  return null;
}

type RowConverter = (cells: RowCells, line: number, rec: CanonicalRecord) => string | null;

/** Build the per-row converter once, so the hot loop does no lookups by name. */
function rowConverter(
  spec: TextFormatSpec,
  layout: TableLayout,
  timeCol: MappedColumn,
  timeForm: TimeForm,
  col: (f: Field) => MappedColumn | undefined,
  sideline: Sideline,
): RowConverter {
  const watch = sideline.active;
  const cols = rowColumns(col);
  const { voltage: v, current: i, capacity: cap, chargeCapacity: chgCap, dischargeCapacity: disCap, state } = cols;
  const netCounter = spec.capacityCounter === 'net' || (cap !== undefined && /q qo|net/.test(cap.header.name.toLowerCase().replace(/[-_()]/g, ' ')));
  const kindOf = spec.stateKind ?? stateToKind;
  // The previous good row, for a state that continues its step (Maccor's closing `S` record).
  const continues = spec.continuesStep;
  let hasPrevious = false;
  let prevKind: StepKind | null = null;
  let prevCycle: number | null = null;
  let prevStep: number | null = null;
  const needed = Math.max(timeCol.index, v.index, i.index) + 1;
  // A value holding the delimiter (a time written "103899,551") pushes every later cell one
  // column right: read as written it gives 551 V. Such a row is bad, never shifted. Rows a
  // vendor's rewriter builds are its own shape.
  const headerFields = spec.rowTransform ? Number.POSITIVE_INFINITY : layout.cells.length;
  let t0 = Number.NaN;
  const num = (cells: RowCells, c: MappedColumn | undefined): number | null => {
    if (!c) return null;
    const x = cells.number(c.index);
    return Number.isNaN(x) ? null : x * c.scale;
  };
  // Step states repeat for thousands of rows: classify each distinct text once.
  const kinds = new Map<string, StepKind | null>();
  const kindOfCached = (raw: string): StepKind | null => {
    let k = kinds.get(raw);
    if (k === undefined) {
      k = kindOf(raw);
      if (kinds.size < 1000) kinds.set(raw, k);
    }
    return k;
  };
  return (cells, line, rec) => {
    if (cells.length < needed) return `row has ${cells.length} of ${layout.cells.length} fields (cut short)`;
    if (cells.hasFieldsBeyond(headerFields)) return `row has more fields than the ${headerFields} of the header (a value holding the delimiter would shift the columns)`;
    let t: number;
    if (timeForm === 'number') t = cells.number(timeCol.index) * timeCol.scale;
    else if (timeForm === 'duration') t = cells.duration(timeCol.index);
    else {
      const abs = parseDateTime(cells.text(timeCol.index));
      if (Number.isNaN(t0)) t0 = abs;
      t = abs - t0;
    }
    if (Number.isNaN(t)) return badCell(timeCol, cells.text(timeCol.index));
    if (timeCol.field === 'datetime' && timeForm === 'number') {
      if (Number.isNaN(t0)) t0 = t;
      t -= t0;
    }
    const voltage = cells.number(v.index);
    if (Number.isNaN(voltage)) return badCell(v, cells.text(v.index));
    let current = cells.number(i.index);
    if (Number.isNaN(current)) return badCell(i, cells.text(i.index));
    current *= i.scale;
    let kind = state ? kindOfCached(cells.text(state.index)) : null;
    if (continues !== undefined && state && continues(cells.text(state.index)) && hasPrevious && num(cells, cols.cycle) === prevCycle && num(cells, cols.step) === prevStep) kind = prevKind;
    if (spec.currentIsMagnitude) current = kind === 'discharge' ? -Math.abs(current) : kind === 'charge' ? Math.abs(current) : current;
    const voltageV = voltage * v.scale;
    const implausible = implausibleRow(t, voltageV, current, null, null);
    if (implausible !== null) return implausible;
    rec.line = line;
    rec.timeS = t;
    rec.voltageV = voltageV;
    rec.currentA = current;
    rec.stepKind = kind;
    fillOptionalFields(rec, cells, num, cols, rowDirection(kind, current), netCounter);
    const implausibleCounter = implausibleRow(t, voltageV, current, rec.capacityAh, rec.energyWh);
    if (implausibleCounter !== null) return implausibleCounter;
    if (watch) sideline.see(cells, chgCap || disCap || netCounter ? num(cells, cap) : rec.capacityAh);
    if (continues !== undefined) {
      hasPrevious = true;
      prevKind = kind;
      prevCycle = rec.cycle;
      prevStep = rec.step;
    }
    return null;
  };
}

function badCell(c: MappedColumn, raw: string): string {
  const shown = raw.length > 40 ? `${raw.slice(0, 40)}…` : raw;
  return `column '${c.header.raw}' (column ${c.index + 1}): expected a number, found '${shown}'`;
}

function splitRow(line: string, delimiter: string): string[] {
  if (line.includes('"')) {
    try {
      const parsed = csvParse().parse(line, { delimiter, relax_quotes: true, relax_column_count: true }) as string[][];
      return parsed[0] ?? [];
    } catch {
      return line.split(delimiter);
    }
  }
  return line.split(delimiter);
}

/** A row's cells from either splitter, and the line's text only when the string path needs it. */
interface RowSource {
  lineNo: number;
  /** Where the line starts in the file (byte path only). */
  byteOffset: number;
  cells: RowCells;
  last: boolean;
}

/**
 * The byte path finds a cell's end while it parses the cell's number or duration, so its
 * delimiter must be a byte that cannot be part of one.
 */
const NUMBER_OR_DURATION_CHAR = /[0-9+\-.eE:]/;

/**
 * The byte path serves plain UTF-8 files with a one-byte delimiter and a decimal point — the
 * shape of nearly every large export. Everything else (UTF-16, GB18030, decimal commas,
 * multi-row layouts) goes through decoded strings. Both feed the same converter.
 */
function canUseBytes(encoding: string, layout: TableLayout, transform: unknown, options: ReadOptions): boolean {
  return (
    options.generalParser !== true &&
    encoding === 'utf-8' &&
    !layout.decimalComma &&
    transform === null &&
    layout.delimiter.length === 1 &&
    layout.delimiter.charCodeAt(0) < 128 &&
    !NUMBER_OR_DURATION_CHAR.test(layout.delimiter)
  );
}

/** One chunk's rows, visited synchronously (no promise per row), and its line numbers. */
interface ChunkOfRows {
  each(visit: (row: RowSource) => void): void;
  firstLine: number;
  /** Lines in the chunk, blank ones included. */
  lineCount: number;
  /** Where each line starts in the file (byte path only). */
  lineOffset(k: number): number;
}

/** Rows from `startByte` on; line numbers count from 1 there. */
async function* byteRows(path: string, startByte: number, layout: TableLayout, cellPlan: CellUse[]): AsyncGenerator<ChunkOfRows> {
  const bytes = new ByteCells(layout.delimiter.charCodeAt(0), cellPlan);
  const strings = new StringCells(false);
  const row: RowSource = { lineNo: 0, byteOffset: 0, cells: bytes, last: false };
  for await (const chunk of readByteLines(path, startByte)) {
    const each = (visit: (row: RowSource) => void): void => {
      const { buf, starts, ends, count, firstLine, fileOffset } = chunk;
      const mayHaveQuotes = buf.indexOf(34) !== -1;
      for (let k = 0; k < count; k++) {
        const start = starts[k]!;
        const end = ends[k]!;
        const first = buf[start];
        if (start === end || ((first === 32 || first === 9) && buf.subarray(start, end).every((c) => c === 32 || c === 9 || c === 13))) continue;
        row.lineNo = firstLine + k;
        row.byteOffset = fileOffset + start;
        row.last = chunk.unterminatedLast && k === count - 1;
        if (bytes.load(buf, start, end, mayHaveQuotes)) row.cells = bytes;
        else row.cells = strings.set(splitRow(buf.toString('utf8', start, end), layout.delimiter));
        visit(row);
      }
    };
    yield { each, firstLine: chunk.firstLine, lineCount: chunk.count, lineOffset: (k) => chunk.fileOffset + chunk.starts[k]! };
  }
}

async function* stringRows(
  path: string,
  encoding: string,
  bomLength: number,
  layout: TableLayout,
  transform: ((cells: string[]) => string[] | null) | null,
): AsyncGenerator<ChunkOfRows> {
  const strings = new StringCells(layout.decimalComma);
  const row: RowSource = { lineNo: 0, byteOffset: -1, cells: strings, last: false };
  for await (const chunk of readLines(path, encoding, bomLength)) {
    const each = (visit: (row: RowSource) => void): void => {
      const { lines, firstLine } = chunk;
      for (let k = 0; k < lines.length; k++) {
        const text = lines[k]!;
        if (text.length === 0 || text.trim().length === 0) continue;
        let cells: string[] | null = splitRow(text, layout.delimiter);
        if (transform) {
          cells = transform(cells);
          if (cells === null) continue;
        }
        row.lineNo = firstLine + k;
        row.last = chunk.unterminatedLast && k === lines.length - 1;
        strings.set(cells);
        visit(row);
      }
    };
    yield { each, firstLine: chunk.firstLine, lineCount: chunk.lines.length, lineOffset: () => -1 };
  }
}

/** One open text table: where it is, how it is laid out, and what reading it reports to. */
interface TextSource {
  path: string;
  file: string;
  encoding: string;
  bomLength: number;
  layout: TableLayout;
  transform: ((cells: string[]) => string[] | null) | null;
  options: ReadOptions;
  header: StreamHeader;
  stats: ReadStats;
}

/** Converts rows into records and keeps the count of good and bad ones. */
class RowTally {
  rows = 0;
  badRows = 0;
  firstBad: string | null = null;
  firstBadLine = 0;

  /** `skipThroughLine`: rows up to this line are the preamble and header. */
  constructor(
    private readonly convert: RowConverter,
    private readonly skipThroughLine: number,
    private readonly strict: boolean,
    private readonly file: string,
  ) {}

  /** Convert one row into `rec`; false for a row that is not a good record (counted, or thrown under --strict). */
  take(row: RowSource, rec: CanonicalRecord): boolean {
    const lineNo = row.lineNo;
    if (lineNo <= this.skipThroughLine) return false;
    let problem = this.convert(row.cells, lineNo, rec);
    if (problem !== null && row.last) problem = `last line is cut short: ${problem}; the file looks truncated`;
    if (problem !== null) {
      this.badRows++;
      if (this.firstBad === null) {
        this.firstBad = problem;
        this.firstBadLine = lineNo;
      }
      if (this.strict) throw new CyclekitError('E_VALUE', `${problem} (--strict)`, { file: this.file, line: lineNo });
      return false;
    }
    this.rows++;
    return true;
  }
}

/** After the last row: the stream's final counts, what the rows taught the header, and the bad-row verdict. */
function closeReading(source: TextSource, tally: Pick<RowTally, 'rows' | 'badRows' | 'firstBad' | 'firstBadLine'>, sideline: Sideline): void {
  const { stats, header, file } = source;
  const headerLine = source.layout.headerIndex + 1;
  stats.rows = tally.rows;
  stats.badRows = tally.badRows;
  stats.firstBad = tally.firstBad;
  sideline.finish(header);
  if (stats.rows === 0 && stats.badRows === 0) throw new CyclekitError('E_EMPTY', 'the header is not followed by any data row', { file, line: headerLine });
  if (stats.badRows > 0) {
    const total = stats.rows + stats.badRows;
    if (stats.badRows > TOLERATED_BAD_FRACTION * total) {
      const code = stats.firstBad?.includes('truncated') ? 'E_TRUNCATED' : 'E_VALUE';
      throw new CyclekitError(code, `${stats.firstBad} (${stats.badRows} bad of ${total} rows)`, { file, line: tally.firstBadLine });
    }
    header.warnings.push(`skipped ${stats.badRows} bad row(s) of ${total}; first at line ${tally.firstBadLine}: ${stats.firstBad}`);
  }
}

/**
 * The rows as records, two ways over one conversion: `batches` builds an object per record;
 * `visit` converts every row into one reused object, for consumers that only fold records.
 */
function streamRecords(source: TextSource, { convert, sideline, cellPlan }: Converter): Pick<RecordStream, 'batches' | 'visit'> {
  const { path, encoding, bomLength, layout, transform, options } = source;
  const tally = new RowTally(convert, layout.headerIndex + 1, options.strict, source.file);
  const bytePath = canUseBytes(encoding, layout, transform, options);
  const chunks = (): AsyncGenerator<ChunkOfRows> => (bytePath ? byteRows(path, bomLength, layout, cellPlan) : stringRows(path, encoding, bomLength, layout, transform));

  async function* batches(): AsyncGenerator<CanonicalRecord[]> {
    let batch: CanonicalRecord[] = [];
    const visitRow = (row: RowSource): void => {
      const rec = emptyRecord();
      if (tally.take(row, rec)) batch.push(rec);
    };
    for await (const chunk of chunks()) {
      chunk.each(visitRow);
      if (batch.length >= BATCH) {
        yield batch;
        batch = [];
      }
    }
    if (batch.length > 0) yield batch;
    closeReading(source, tally, sideline);
  }

  async function visit(each: (rec: CanonicalRecord) => void): Promise<void> {
    const rec = emptyRecord();
    const visitRow = (row: RowSource): void => {
      if (tally.take(row, rec)) each(rec);
    };
    for await (const chunk of chunks()) chunk.each(visitRow);
    closeReading(source, tally, sideline);
  }

  return { batches: batches(), visit };
}

/**
 * How far back from a piece's start to look for the good record that seeds it: one window
 * nearly always holds one; past the long one, the piece cannot be read on its own.
 */
const SEED_WINDOW_BYTES = 1 << 16;
const SEED_LOOKBACK_BYTES = 1 << 20;

/** How far past a nominal cut to look for the line start: a line longer than this is not cut. */
const CUT_PROBE_BYTES = 1 << 16;

/** Thrown to stop reading a piece once the sink has what it needs past the piece's end. */
const STOP_READING = Symbol('stop reading');

/**
 * Byte-range reading for the byte path. Each piece gets its own converter (the row converter
 * keeps per-file caches and the mass/stamp findings), and reports plain data that `finish`
 * merges in file order, so the result is the one reading the file whole gives.
 */
async function pieceReader(source: TextSource, newConverter: () => Converter, probe: Probe): Promise<PieceReader | undefined> {
  const { path, layout, bomLength } = source;
  const dataStartByte = byteAfterLine(probe.bytes, bomLength, layout.headerIndex + 1);
  if (dataStartByte === null) return undefined;
  let sizeBytes: number;
  try {
    sizeBytes = (await stat(path)).size;
  } catch {
    return undefined;
  }

  /**
   * The last good record before the piece, looked for in a short window first, then a long
   * one. 'none' when there is none between the header and the piece (the piece's first record
   * then opens the file's first step, as in one pass); null when the long window has none.
   */
  async function findSeed(piece: BytePiece, converter: Converter): Promise<CanonicalRecord | 'none' | null> {
    for (const lookback of [SEED_WINDOW_BYTES, SEED_LOOKBACK_BYTES]) {
      const from = Math.max(dataStartByte!, piece.startByte - lookback);
      const seed = lastGoodRecord(await readRange(path, from, piece.startByte), from === dataStartByte, converter);
      if (seed !== null) return seed;
      if (from === dataStartByte) return 'none';
    }
    return null;
  }

  /** The window's last line that converts to a record; `whole`: the window starts at a line start. */
  function lastGoodRecord(window: Buffer, whole: boolean, converter: Converter): CanonicalRecord | null {
    const delimiter = layout.delimiter.charCodeAt(0);
    // A window that does not start at the data's first byte starts mid-line: drop that part.
    let lineStart = whole ? 0 : window.indexOf(10) + 1;
    if (lineStart === 0 && !whole) return null;
    const starts: number[] = [];
    while (lineStart < window.length) {
      starts.push(lineStart);
      const nl = window.indexOf(10, lineStart);
      lineStart = nl === -1 ? window.length : nl + 1;
    }
    converter.sideline.watching = false;
    const rec = emptyRecord();
    const cells = new ByteCells(delimiter, converter.cellPlan);
    for (let k = starts.length - 1; k >= 0; k--) {
      const start = starts[k]!;
      let end = k + 1 < starts.length ? starts[k + 1]! - 1 : window.length - 1;
      if (end > start && window[end - 1] === 13) end--;
      if (end <= start) continue;
      const rowCells: RowCells = cells.load(window, start, end, true)
        ? cells
        : new StringCells(false).set(splitRow(window.toString('utf8', start, end), layout.delimiter));
      if (converter.convert(rowCells, 0, rec) === null) return rec;
    }
    return null;
  }

  async function read(piece: BytePiece, sink: PieceSink): Promise<PieceReport> {
    const converter = newConverter();
    const first = piece.startByte < dataStartByte!;
    const tally = new RowTally(converter.convert, first ? layout.headerIndex + 1 : 0, source.options.strict, source.file);
    const report = (seeded: boolean, lines: number): PieceReport => ({
      seeded,
      lines,
      rows: tally.rows,
      badRows: tally.badRows,
      firstBad: tally.firstBad,
      firstBadLine: tally.firstBadLine,
      findings: converter.sideline.findings(),
    });
    if (!first) {
      const seed = await findSeed(piece, converter);
      if (seed === null) return report(false, 0);
      if (seed !== 'none') sink.seed(seed);
      converter.sideline.watching = true;
    }
    const rec = emptyRecord();
    const end = piece.endByte;
    const visitRow = (row: RowSource): void => {
      if (row.byteOffset < end) {
        if (tally.take(row, rec)) sink.own(rec);
        return;
      }
      converter.sideline.watching = false;
      // Rows past the end are the next piece's to count: convert them without the tally.
      if (converter.convert(row.cells, row.lineNo, rec) === null && !sink.beyond(rec)) throw STOP_READING;
    };
    /** Lines that start before the piece's end, counted chunk by chunk until a chunk reaches past it. */
    let lines = 0;
    let linesDone = false;
    try {
      for await (const chunk of byteRows(path, first ? bomLength : piece.startByte, layout, converter.cellPlan)) {
        if (!linesDone) {
          const k = linesBefore(chunk, end);
          lines = chunk.firstLine - 1 + k;
          linesDone = k < chunk.lineCount;
        }
        chunk.each(visitRow);
      }
    } catch (err) {
      if (err !== STOP_READING) throw err;
    }
    return report(true, lines);
  }

  async function cut(pieceBytes: number): Promise<BytePiece[]> {
    const starts = [0];
    for (let at = Math.max(dataStartByte!, pieceBytes); at < sizeBytes; at += pieceBytes) {
      // The line start at or after `at`: just after the first newline from `at - 1`.
      const nl = (await readRange(path, at - 1, Math.min(sizeBytes, at - 1 + CUT_PROBE_BYTES))).indexOf(10);
      const start = at + nl;
      if (nl !== -1 && start > starts[starts.length - 1]! && start < sizeBytes) starts.push(start);
    }
    return starts.map((startByte, k) => ({ startByte, endByte: starts[k + 1] ?? sizeBytes }));
  }

  function finish(reports: PieceReport[]): void {
    const total = { rows: 0, badRows: 0, firstBad: null as string | null, firstBadLine: 0 };
    const sideline = newConverter().sideline;
    let lineOffset = 0;
    for (const r of reports) {
      total.rows += r.rows;
      total.badRows += r.badRows;
      if (total.firstBad === null && r.firstBad !== null) {
        total.firstBad = r.firstBad;
        total.firstBadLine = lineOffset + r.firstBadLine;
      }
      sideline.merge(r.findings as SidelineFindings);
      lineOffset += r.lines;
    }
    closeReading(source, total, sideline);
  }

  return { sizeBytes, dataStartByte, cut, read, finish };
}

/** How many of the chunk's lines start before byte `end`. */
function linesBefore(chunk: ChunkOfRows, end: number): number {
  let lo = 0;
  let hi = chunk.lineCount;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (chunk.lineOffset(mid) < end) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The byte just after the `count`-th newline from `from`, or null when the probe holds fewer. */
function byteAfterLine(bytes: Uint8Array, from: number, count: number): number | null {
  let at = from;
  for (let k = 0; k < count; k++) {
    const nl = bytes.indexOf(10, at);
    if (nl === -1) return null;
    at = nl + 1;
  }
  return at;
}

async function readRange(path: string, from: number, to: number): Promise<Buffer> {
  const handle = await open(path, 'r');
  try {
    const buf = Buffer.alloc(to - from);
    const { bytesRead } = await handle.read(buf, 0, buf.length, from);
    return buf.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/** The converter sets every field; this literal only fixes the object's shape. */
function emptyRecord(): CanonicalRecord {
  return { line: 0, timeS: 0, voltageV: 0, currentA: 0, capacityAh: null, energyWh: null, cycle: null, step: null, stepKind: null, temperatureC: null };
}

