import { lazy } from '../../util/lazy.js';
import type { ReadOptions } from '../contract.js';
import { readByteLines } from '../fast/byte-rows.js';
import { ByteCells, StringCells, type CellUse, type RowCells } from './cells.js';
import type { TableLayout } from './layout.js';
import { readLines } from './lines.js';

/**
 * Where a text table's rows come from: split from decoded strings, or parsed straight from the
 * bytes (plain UTF-8), chunk by chunk.
 */

/** csv-parse handles the rare quoted rows; plain rows never load it. */
const csvParse = lazy<typeof import('csv-parse/sync')>('csv-parse/sync');

export function splitRow(line: string, delimiter: string): string[] {
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
export interface RowSource {
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
export function canUseBytes(encoding: string, layout: TableLayout, transform: unknown, options: ReadOptions): boolean {
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
export interface ChunkOfRows {
  each(visit: (row: RowSource) => void): void;
  firstLine: number;
  /** Lines in the chunk, blank ones included. */
  lineCount: number;
  /** Where each line starts in the file (byte path only). */
  lineOffset(k: number): number;
}

/** Rows from `startByte` on; line numbers count from 1 there. */
export async function* byteRows(path: string, startByte: number, layout: TableLayout, cellPlan: CellUse[]): AsyncGenerator<ChunkOfRows> {
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

export async function* stringRows(
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
