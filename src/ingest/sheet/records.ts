import { implausibleRow } from '../plausible.js';
import { CycleCounterTotals } from '../cycle-counters.js';
import { CyclekitError } from '../../model/errors.js';
import type { CanonicalRecord, CounterReset, FileMetadata, InstrumentCycles, StepKind, StreamHeader } from '../../model/record.js';
import type { FormatReader, ReadOptions, ReadStats, RecordStream, SniffResult } from '../contract.js';
import { mapColumns, splitHeader, unitFor, unmetOverride, type Field, type MappedColumn } from '../text/columns.js';
import { stateToKind } from '../text/state.js';
import { parseDateTime, parseDuration, parseNumber } from '../text/values.js';
import { TOLERATED_BAD_FRACTION } from '../text/row-tally.js';
import { canonicalFieldName, fillOptionalFields, rowColumns, rowDirection } from '../row-fields.js';
import { oleDateToIso } from '../ole-date.js';
import type { Cell, Container, Workbook } from './cells.js';
import { openWorkbook, probeWorkbook } from './workbook.js';

/**
 * A vendor's spreadsheet export, declared: which sheets hold the records and the metadata,
 * its own header names and its quirks. Header mapping reuses the text engine's vocabulary
 * (`mapColumns`), so a column means the same thing in a CSV and in a workbook.
 */
export interface SheetFormatSpec {
  id: string;
  title: string;
  /** Recognise the export from its sheet names. */
  recognise(sheetNames: string[], container: Container): SniffResult | null;
  /** Sheets holding records, in the order to join them (Excel's row limit splits long tests). */
  dataSheets(sheetNames: string[]): string[];
  /** Small sheets read whole for metadata. */
  metadataSheets?(sheetNames: string[]): string[];
  metadata?(sheets: Map<string, Cell[][]>): { metadata: FileMetadata; warnings: string[]; instrumentCycles?: InstrumentCycles };
  aliases?: Partial<Record<Field, string[]>>;
  defaultUnits?: Partial<Record<Field, string>>;
  capacityCounter?: CounterReset | null;
  /**
   * The charge and discharge counters restart with every cycle (Arbin), so each cycle's largest
   * values are the cycler's own per-cycle capacities (`instrumentCycles`).
   */
  cycleCounters?: boolean;
  /**
   * Names of a step-time column that restarts at every step (Neware "Relative Time"). When
   * the sheet has no test-time column, test time is rebuilt by adding up the steps' times.
   */
  stepTimeNames?: string[];
  /** Infer the active mass as capacity ÷ specific capacity when the export has both (LAND). */
  massFromSpecificCapacity?: boolean;
}

const HEADER_SEARCH_ROWS = 50;
const SECONDS_PER_DAY = 86400;

export function makeSheetReader(spec: SheetFormatSpec): FormatReader {
  return {
    id: spec.id,
    title: spec.title,
    kind: 'binary',
    sniff(probe) {
      const wb = probeWorkbook(probe);
      if (!wb?.sheetNames) return null;
      return spec.recognise(wb.sheetNames, wb.container);
    },
    async open(path, displayName, probe, options) {
      const wanted = (names: string[]): string[] => [...spec.dataSheets(names), ...(spec.metadataSheets?.(names) ?? [])];
      const wb = await openWorkbook(path, displayName, probe, wanted);
      return openSheets(spec, wb, displayName, options);
    },
  };
}

function cellText(c: Cell | undefined): string {
  return c === null || c === undefined ? '' : String(c).trim();
}

function isBlank(row: Cell[]): boolean {
  return row.every((c) => c === null || (typeof c === 'string' && c.trim().length === 0));
}

async function readWhole(wb: Workbook, sheet: string): Promise<Cell[][]> {
  const rows: Cell[][] = [];
  for await (const batch of wb.rows(sheet)) rows.push(...batch);
  return rows;
}

interface Located {
  headerRow: number;
  cells: string[];
  columns: MappedColumn[];
  stepTime: MappedColumn | null;
}

function locateHeader(spec: SheetFormatSpec, rows: Cell[][], options: ReadOptions): Located | null {
  const mapOptions = { overrides: options.columns, aliases: spec.aliases ?? {}, defaultUnits: spec.defaultUnits ?? {} };
  for (let r = 0; r < Math.min(rows.length, HEADER_SEARCH_ROWS); r++) {
    const cells = rows[r]!.map(cellText);
    const columns = mapColumns(cells, mapOptions);
    if (!columns.some((c) => c.field === 'voltage') || !columns.some((c) => c.field === 'current')) continue;
    let stepTime: MappedColumn | null = null;
    const names = (spec.stepTimeNames ?? []).map((n) => n.toLowerCase());
    const index = cells.findIndex((c, i) => names.includes(splitHeader(c).name.toLowerCase()) && !columns.some((m) => m.index === i));
    if (index >= 0) {
      const header = splitHeader(cells[index]!);
      const u = unitFor('time', header.unit);
      if (u) stepTime = { index, field: 'time', header, scale: u.scale, unit: header.unit ?? 's' };
    }
    return { headerRow: r, cells, columns, stepTime };
  }
  return null;
}

async function openSheets(spec: SheetFormatSpec, wb: Workbook, file: string, options: ReadOptions): Promise<RecordStream> {
  const dataSheets = spec.dataSheets(wb.sheetNames);
  if (dataSheets.length === 0) {
    throw new CyclekitError('E_FORMAT', `no record sheet in the workbook; found sheets: ${wb.sheetNames.join(', ')}`, { file });
  }
  const metaSheets = new Map<string, Cell[][]>();
  for (const name of spec.metadataSheets?.(wb.sheetNames) ?? []) metaSheets.set(name, await readWhole(wb, name));
  const meta = spec.metadata?.(metaSheets) ?? { metadata: {}, warnings: [] };

  // Pull the first batch of the first record sheet to find its header row.
  const first = wb.rows(dataSheets[0]!);
  const firstBatch: Cell[][] = (await first.next()).value ?? [];
  const found = locateHeader(spec, firstBatch, options);
  if (!found) {
    const widest = firstBatch.slice(0, HEADER_SEARCH_ROWS).map((r) => r.map(cellText).filter(Boolean)).reduce((a, b) => (b.length > a.length ? b : a), [] as string[]);
    throw new CyclekitError(
      'E_HEADER',
      `sheet '${dataSheets[0]}': no header row with voltage and current columns; found: ${widest.slice(0, 20).join(', ') || 'no cells'} — pass --col voltage=NAME --col current=NAME`,
      { file, line: 1 },
    );
  }
  const located: Located = found;
  const unmet = unmetOverride(options.columns, located.columns, located.cells);
  if (unmet !== null) throw new CyclekitError('E_HEADER', `sheet '${dataSheets[0]}': ${unmet}`, { file, line: located.headerRow + 1 });
  const col = (f: Field): MappedColumn | undefined => located.columns.find((c) => c.field === f);
  const timeCol = col('time') ?? located.stepTime ?? col('datetime');
  if (!timeCol) {
    throw new CyclekitError('E_HEADER', `sheet '${dataSheets[0]}': expected a time column; found: ${located.cells.filter(Boolean).join(', ')} — pass --col time=NAME`, {
      file,
      line: located.headerRow + 1,
    });
  }
  const dayWarning = timeCol.field === 'time' ? checkDayFractionTime(located, firstBatch, timeCol) : null;
  const columns = located.columns.map((c) => ({ source: c.header.raw, field: canonicalFieldName(c.field), unit: c.unit, scale: c.scale }));
  if (timeCol === located.stepTime) columns.push({ source: timeCol.header.raw, field: 'timeS (sum of step times)', unit: timeCol.unit, scale: timeCol.scale });
  const header: StreamHeader = {
    format: spec.id,
    formatReason: '',
    encoding: wb.container === 'xlsx' ? 'xlsx (UTF-8 XML)' : 'xls (BIFF8)',
    delimiter: null,
    decimalMark: null,
    columns,
    capacityCounter: spec.capacityCounter ?? null,
    currentSign: 'as written by the cycler (positive = charge)',
    metadata: { ...meta.metadata, sheets: dataSheets.join(', ') },
    warnings: [...meta.warnings],
    ...(meta.instrumentCycles ? { instrumentCycles: meta.instrumentCycles } : {}),
  };
  if (dayWarning) header.warnings.push(dayWarning);
  if (dataSheets.length > 1) header.warnings.push(`records joined from ${dataSheets.length} sheets in order: ${dataSheets.join(', ')}`);
  if (timeCol === located.stepTime) header.warnings.push(`test time rebuilt by adding up the step times in '${timeCol.header.raw}' (the sheet has no test-time column)`);
  else if (timeCol.field === 'datetime') header.warnings.push(`time taken from wall-clock column '${timeCol.header.raw}' (relative to its first row)`);

  const stats: ReadStats = { rows: 0, badRows: 0, firstBad: null };
  const convert = rowConverter(spec, located, timeCol, col, header);
  const counters = spec.cycleCounters ? cycleCounterColumns(col) : null;
  // The first wall-clock stamp gives the start time when the workbook's metadata has none.
  const wallClock = col('datetime');
  let firstStamp: Cell | undefined;
  async function* batches(): AsyncGenerator<CanonicalRecord[]> {
    let firstBadAt = '';
    const handle = (rows: Cell[][], sheet: string, rowOffset: number, skipUntil: number, out: CanonicalRecord[]): void => {
      for (let k = 0; k < rows.length; k++) {
        const rowNo = rowOffset + k + 1;
        if (rowNo <= skipUntil) continue;
        const row = rows[k]!;
        if (isBlank(row)) continue;
        const rec: CanonicalRecord = {
          line: rowNo, timeS: 0, voltageV: 0, currentA: 0, capacityAh: null, energyWh: null, cycle: null, step: null, stepKind: null, temperatureC: null,
        };
        const problem = convert(row, rec);
        if (problem !== null) {
          stats.badRows++;
          if (stats.firstBad === null) {
            stats.firstBad = `sheet '${sheet}' row ${rowNo}: ${problem}`;
            firstBadAt = sheet;
          }
          if (options.strict) throw new CyclekitError('E_VALUE', `sheet '${sheet}': ${problem} (--strict)`, { file, line: rowNo });
          continue;
        }
        stats.rows++;
        counters?.see(row);
        if (firstStamp === undefined && wallClock) firstStamp = row[wallClock.index] ?? undefined;
        out.push(rec);
      }
    };
    for (let s = 0; s < dataSheets.length; s++) {
      const sheet = dataSheets[s]!;
      const iterator = s === 0 ? first : wb.rows(sheet);
      let rowOffset = 0;
      let skipUntil = s === 0 ? located.headerRow + 1 : 0;
      let pending: Cell[][] | undefined = s === 0 ? firstBatch : undefined;
      for (;;) {
        const rows: Cell[][] | undefined = pending ?? (await iterator.next()).value ?? undefined;
        pending = undefined;
        if (!rows) break;
        if (s > 0 && rowOffset === 0) {
          // A continuation sheet repeats the header row (or starts straight with data).
          const firstFilled = rows.findIndex((r) => !isBlank(r));
          if (firstFilled >= 0 && rows[firstFilled]!.map(cellText).join('\u0001') === located.cells.join('\u0001')) skipUntil = firstFilled + 1;
        }
        const out: CanonicalRecord[] = [];
        handle(rows, sheet, rowOffset, skipUntil, out);
        rowOffset += rows.length;
        if (out.length > 0) yield out;
      }
    }
    await wb.close();
    if (stats.rows === 0 && stats.badRows === 0) throw new CyclekitError('E_EMPTY', `sheet '${dataSheets[0]}': the header is not followed by any data row`, { file, line: located.headerRow + 1 });
    if (stats.badRows > 0) {
      const total = stats.rows + stats.badRows;
      if (stats.badRows > TOLERATED_BAD_FRACTION * total) throw new CyclekitError('E_VALUE', `${stats.firstBad} (${stats.badRows} bad of ${total} rows)`, { file });
      header.warnings.push(`skipped ${stats.badRows} bad row(s) of ${total}; first in sheet '${firstBadAt}': ${stats.firstBad}`);
    }
    finishMass(header);
    const instrumentCycles = counters?.result();
    if (instrumentCycles) header.instrumentCycles = instrumentCycles;
    if (header.metadata.startTime === undefined && wallClock && firstStamp !== undefined && firstStamp !== null) {
      const start = typeof firstStamp === 'number' ? oleDateToIso(firstStamp, ' ') : String(firstStamp).trim();
      if (start) {
        header.metadata.startTime = start;
        header.metadata.startTimeSource = `first row of '${wallClock.header.raw}'`;
      }
    }
  }
  return { header, batches: batches(), stats };
}

/** The per-cycle counters of a sheet whose counters restart with every cycle; null without a cycle column or counters. */
function cycleCounterColumns(col: (f: Field) => MappedColumn | undefined): { see(row: Cell[]): void; result(): InstrumentCycles | null } | null {
  const cycle = col('cycle');
  const [charge, discharge] = [col('chargeCapacity'), col('dischargeCapacity')];
  if (!cycle || (!charge && !discharge)) return null;
  const totals = new CycleCounterTotals();
  const value = (row: Cell[], c: MappedColumn | undefined): number | null => {
    const x = c ? cellNumber(row[c.index]) : Number.NaN;
    return Number.isNaN(x) ? null : x * c!.scale;
  };
  const named = [charge, discharge].filter((c) => c !== undefined).map((c) => `'${c.header.raw}'`);
  return {
    see: (row) => totals.see(value(row, cycle), value(row, charge), value(row, discharge)),
    result: () => totals.result(`${named.join(' and ')}, each cycle's largest value (the counters restart with every cycle)`),
  };
}

/**
 * A time column whose header names no unit is read as seconds, but Excel stores a cell
 * formatted as a duration (Neware BTS 8 writes "Total Time" as 0000.0) as a fraction of a
 * day. When the sheet also has a wall-clock column stored as serial days, the two spans must
 * agree: a time column that advances 1 per 86400 s of the wall clock is in days. The column's
 * scale is corrected in place and the warning says so.
 */
function checkDayFractionTime(located: Located, rows: Cell[][], timeCol: MappedColumn): string | null {
  const wall = located.columns.find((c) => c.field === 'datetime');
  if (!wall || timeCol.header.unit !== null) return null;
  const pairs = rows
    .slice(located.headerRow + 1)
    .map((r) => [r[timeCol.index], r[wall.index]] as const)
    .filter((p): p is readonly [number, number] => typeof p[0] === 'number' && typeof p[1] === 'number');
  if (pairs.length < 2) return null;
  const [t0, w0] = pairs[0]!;
  const [t1, w1] = pairs[pairs.length - 1]!;
  const wallSpanS = (w1 - w0) * SECONDS_PER_DAY;
  const timeSpan = t1 - t0;
  // Serial days are written to the millisecond: a few seconds of span decide it.
  if (!(timeSpan > 0) || !(wallSpanS >= 5)) return null;
  if (Math.abs((timeSpan * SECONDS_PER_DAY) / wallSpanS - 1) > 0.01) return null;
  timeCol.scale = SECONDS_PER_DAY;
  timeCol.unit = 'd';
  return `time column '${timeCol.header.raw}' names no unit and holds Excel day fractions (it advances 1 per 86400 s of '${wall.header.raw}'): read as days`;
}

/** Mass inference state lives on the header's metadata until the stream ends. */
const massSamples = new WeakMap<StreamHeader, { capacityAh: number; specificMAhG: number; source: string }>();

function finishMass(header: StreamHeader): void {
  const best = massSamples.get(header);
  if (!best || header.metadata.activeMassG !== undefined) return;
  const massG = (best.capacityAh * 1000) / best.specificMAhG;
  header.metadata.activeMassG = massG;
  header.metadata.activeMassSource = best.source;
  header.warnings.push(`active mass ${(massG * 1000).toPrecision(5)} mg inferred from ${best.source}`);
}

type Converter = (row: Cell[], rec: CanonicalRecord) => string | null;

function cellNumber(c: Cell | undefined): number {
  if (typeof c === 'number') return c;
  if (typeof c === 'string') return parseNumber(c, false);
  return Number.NaN;
}

function timeValue(c: Cell | undefined, scale: number): number {
  if (typeof c === 'number') return c * scale;
  if (typeof c !== 'string') return Number.NaN;
  const n = parseNumber(c, false);
  return Number.isNaN(n) ? parseDuration(c) : n * scale;
}

function rowConverter(
  spec: SheetFormatSpec,
  located: Located,
  timeCol: MappedColumn,
  col: (f: Field) => MappedColumn | undefined,
  header: StreamHeader,
): Converter {
  const cols = rowColumns(col);
  const { voltage: v, current: i, capacity: cap, cycle: cyc, step: stp, state } = cols;
  const spec_ = col('specificCapacity');
  const fromStepTime = timeCol === located.stepTime;
  const isWallClock = timeCol.field === 'datetime';
  let t0 = Number.NaN;
  let stepOffsetS = 0;
  let lastStepTimeS = Number.NaN;
  let lastStepKey = '';
  const num = (row: Cell[], c: MappedColumn | undefined): number | null => {
    if (!c) return null;
    const x = cellNumber(row[c.index]);
    return Number.isNaN(x) ? null : x * c.scale;
  };
  const bad = (c: MappedColumn, raw: Cell | undefined): string => `column '${c.header.raw}': expected a number, found '${cellText(raw).slice(0, 40)}'`;
  return (row, rec) => {
    let t: number;
    const rawT = row[timeCol.index];
    if (isWallClock) {
      // Excel stores date-times as serial days; text cells are parsed as dates.
      const abs = typeof rawT === 'number' ? rawT * SECONDS_PER_DAY : typeof rawT === 'string' ? parseDateTime(rawT) : Number.NaN;
      if (Number.isNaN(abs)) return bad(timeCol, rawT);
      if (Number.isNaN(t0)) t0 = abs;
      t = abs - t0;
    } else {
      t = timeValue(rawT, timeCol.scale);
      if (Number.isNaN(t)) return bad(timeCol, rawT);
      if (fromStepTime) {
        const key = `${cellText(cyc ? row[cyc.index] : null)}/${cellText(stp ? row[stp.index] : null)}`;
        // A new step (by number, or by its clock starting again) begins where the last one ended.
        if (!Number.isNaN(lastStepTimeS) && (key !== lastStepKey || t < lastStepTimeS)) stepOffsetS += lastStepTimeS;
        lastStepKey = key;
        lastStepTimeS = t;
        t += stepOffsetS;
      }
    }
    const voltage = cellNumber(row[v.index]);
    if (Number.isNaN(voltage)) return bad(v, row[v.index]);
    const current = cellNumber(row[i.index]);
    if (Number.isNaN(current)) return bad(i, row[i.index]);
    const kind: StepKind | null = state ? stateToKind(cellText(row[state.index])) : null;
    const currentA = current * i.scale;
    rec.timeS = t;
    rec.voltageV = voltage * v.scale;
    rec.currentA = currentA;
    rec.stepKind = kind;
    // None of the supported workbook exports writes a net (signed) counter, so magnitudes are kept.
    fillOptionalFields(rec, row, num, cols, rowDirection(kind, currentA), false);
    const implausible = implausibleRow(rec.timeS, rec.voltageV, rec.currentA, rec.capacityAh, rec.energyWh);
    if (implausible !== null) return implausible;
    if (spec.massFromSpecificCapacity && spec_ && cap) {
      // The largest pair gives the most significant digits of the ratio.
      const q = Math.abs(num(row, cap) ?? 0);
      const sq = Math.abs(num(row, spec_) ?? 0);
      const best = massSamples.get(header);
      if (q > 0 && sq > 0 && (!best || q > best.capacityAh)) massSamples.set(header, { capacityAh: q, specificMAhG: sq, source: `'${cap.header.raw}' ÷ '${spec_.header.raw}'` });
    }
    return null;
  };
}
