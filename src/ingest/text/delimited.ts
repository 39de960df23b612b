import { CyclekitError } from '../../model/errors.js';
import type { CanonicalRecord, CounterReset, FileMetadata, StreamHeader } from '../../model/record.js';
import type { FormatReader, Probe, ReadOptions, ReadStats, RecordStream } from '../contract.js';
import { nearestLayouts } from '../nearest.js';
import { canonicalFieldName } from '../row-fields.js';
import { unmetOverride, type Field, type MappedColumn } from './columns.js';
import { detectEncoding } from './encoding.js';
import { findLayout, preamble, type TableLayout } from './layout.js';
import { scanPreamble } from './metadata.js';
import { pieceReader } from './pieces.js';
import { buildConverter, emptyRecord, type Converter } from './row-converter.js';
import { byteRows, canUseBytes, splitRow, stringRows, type ChunkOfRows, type RowSource } from './row-sources.js';
import { closeReading, RowTally, type TextSource } from './row-tally.js';
import type { TextFormatSpec } from './spec.js';
import { detectTimeForm, parseDateTime, parseNumber, type TimeForm } from './values.js';

/**
 * The shared reader of delimited text tables: a vendor declares its format (spec.ts) and this
 * finds the table, builds the header `inspect` shows, and streams the rows as records — whole
 * (row-sources.ts → row-converter.ts → row-tally.ts) or in byte-range pieces (pieces.ts).
 */

const BATCH = 8192;

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
  const afterRows = spec.instrumentCycles
    ? (h: StreamHeader): void => {
        const table = spec.instrumentCycles!(layout);
        if (table) h.instrumentCycles = table;
      }
    : undefined;
  const source: TextSource = { path, file: displayName, encoding, bomLength, layout, transform, options, header, stats, ...(afterRows ? { afterRows } : {}) };
  const records = streamRecords(source, newConverter());
  // Rows stand alone when time is not counted from the first row (a wall clock is).
  const rowsStandAlone = timeCol.field === 'time' && timeForm !== 'datetime';
  const pieces = rowsStandAlone && canUseBytes(encoding, layout, transform, options) ? await pieceReader(source, newConverter, probe) : undefined;
  return { header, stats, ...records, ...(pieces ? { pieces } : {}) };
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

  async function visit(each: (rec: CanonicalRecord) => void, between?: () => Promise<void>): Promise<void> {
    const rec = emptyRecord();
    const visitRow = (row: RowSource): void => {
      if (tally.take(row, rec)) each(rec);
    };
    for await (const chunk of chunks()) {
      chunk.each(visitRow);
      if (between) await between();
    }
    closeReading(source, tally, sideline);
  }

  return { batches: batches(), visit };
}

