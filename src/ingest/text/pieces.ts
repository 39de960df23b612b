import { open, stat } from 'node:fs/promises';
import type { CanonicalRecord } from '../../model/record.js';
import type { BytePiece, PieceReader, PieceReport, PieceSink, Probe } from '../contract.js';
import { ByteCells, StringCells, type RowCells } from './cells.js';
import { emptyRecord, type Converter } from './row-converter.js';
import { byteRows, splitRow, type ChunkOfRows, type RowSource } from './row-sources.js';
import { closeReading, RowTally, type TextSource } from './row-tally.js';
import type { SidelineFindings } from './sideline.js';

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
export async function pieceReader(source: TextSource, newConverter: () => Converter, probe: Probe): Promise<PieceReader | undefined> {
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
