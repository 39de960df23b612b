import { parseAsciiNumber } from '../fast/ascii-number.js';
import { parseDuration, parseNumber } from './values.js';

/**
 * One data row's cells, however they were split. The row converter reads cells only through
 * this interface, so the string path (any encoding, quotes, decimal commas) and the byte path
 * (plain UTF-8 numbers, parsed in place) share one conversion and give identical records.
 */
export interface RowCells {
  readonly length: number;
  text(index: number): string;
  /** The cell as a number (NaN when it is not one). */
  number(index: number): number;
  /** The cell as a duration in seconds (NaN when it is not one). */
  duration(index: number): number;
}

export class StringCells implements RowCells {
  cells: string[] = [];

  constructor(private readonly decimalComma: boolean) {}

  set(cells: string[]): this {
    this.cells = cells;
    return this;
  }

  get length(): number {
    return this.cells.length;
  }

  text(index: number): string {
    return this.cells[index] ?? '';
  }

  number(index: number): number {
    return parseNumber(this.cells[index] ?? '', this.decimalComma);
  }

  duration(index: number): number {
    return parseDuration(this.cells[index] ?? '');
  }
}

/**
 * Cells as byte ranges of a UTF-8 line split on a one-byte delimiter. Plain numbers and
 * `hh:mm:ss(.fff)` durations are parsed from the bytes; anything else falls back to the same
 * string parsers StringCells uses, so results never differ.
 */
export class ByteCells implements RowCells {
  private buf: Buffer = Buffer.alloc(0);
  private starts = new Int32Array(256);
  private ends = new Int32Array(256);
  /** Last decoded text per column and its bytes: state columns repeat for thousands of rows. */
  private lastText: string[] = [];
  private lastBytes: Buffer[] = [];
  private lineEnd = 0;
  private delimiter = 0;
  /** load() stopped before the end of the line. */
  private partial = false;
  length = 0;

  /**
   * Split [start, end) on the delimiter, as far as the first `maxFields` cells: the cells
   * past those are split only if asked for (a wall-clock column read for the first row only).
   * `mayHaveQuotes` is false when the whole chunk holds no '"', which spares a per-line scan.
   * Returns false when the line holds a quote (use the string path, where csv-parse handles quoting).
   */
  load(buf: Buffer, start: number, end: number, delimiter: number, mayHaveQuotes: boolean, maxFields: number): boolean {
    this.buf = buf;
    this.lineEnd = end;
    this.delimiter = delimiter;
    this.partial = false;
    if (mayHaveQuotes && buf.subarray(start, end).includes(34)) return false;
    this.length = this.split(start, 0, maxFields);
    return true;
  }

  /**
   * Record cells from byte `from` (the start of cell `n`) up to `maxFields` cells; returns the count.
   * A plain byte loop beats Buffer#indexOf here: cells are a few bytes long, and the native
   * call costs more than the scan.
   */
  private split(from: number, n: number, maxFields: number): number {
    const buf = this.buf;
    const end = this.lineEnd;
    const delimiter = this.delimiter;
    let s = from;
    for (let i = from; i < end; i++) {
      if (buf[i] === delimiter) {
        if (n + 1 >= this.starts.length) this.grow();
        this.starts[n] = s;
        this.ends[n] = i;
        n++;
        s = i + 1;
        if (n >= maxFields) {
          this.partial = true;
          return n;
        }
      }
    }
    this.starts[n] = s;
    this.ends[n] = end;
    return n + 1;
  }

  /** Whether cell `index` exists, splitting the rest of a partly split line when needed. */
  private has(index: number): boolean {
    if (index < this.length) return true;
    if (!this.partial) return false;
    this.partial = false;
    this.length = this.split(this.ends[this.length - 1]! + 1, this.length, Number.POSITIVE_INFINITY);
    return index < this.length;
  }

  private grow(): void {
    const a = new Int32Array(this.starts.length * 2);
    a.set(this.starts);
    this.starts = a;
    const b = new Int32Array(this.ends.length * 2);
    b.set(this.ends);
    this.ends = b;
  }

  text(index: number): string {
    if (!this.has(index)) return '';
    const s = this.starts[index]!;
    const e = this.ends[index]!;
    const prev = this.lastBytes[index];
    if (prev !== undefined && prev.length === e - s) {
      let same = true;
      for (let k = 0; k < prev.length; k++) {
        if (prev[k] !== this.buf[s + k]) {
          same = false;
          break;
        }
      }
      if (same) return this.lastText[index]!;
    }
    const text = this.buf.toString('utf8', s, e);
    if (e - s <= 64) {
      this.lastBytes[index] = Buffer.from(this.buf.subarray(s, e));
      this.lastText[index] = text;
    }
    return text;
  }

  number(index: number): number {
    if (!this.has(index)) return Number.NaN;
    const fast = parseAsciiNumber(this.buf, this.starts[index]!, this.ends[index]!);
    return fast !== undefined ? fast : parseNumber(this.text(index), false);
  }

  duration(index: number): number {
    if (!this.has(index)) return Number.NaN;
    const fast = asciiDuration(this.buf, this.starts[index]!, this.ends[index]!);
    return fast !== undefined ? fast : parseDuration(this.text(index));
  }
}

/** `h+:mm:ss(.fff)` from bytes, with the same arithmetic as parseDuration; undefined otherwise. */
function asciiDuration(buf: Uint8Array, start: number, end: number): number | undefined {
  let i = start;
  let h = 0;
  let hd = 0;
  while (i < end && buf[i]! >= 48 && buf[i]! <= 57) {
    h = h * 10 + (buf[i]! - 48);
    hd++;
    i++;
  }
  if (hd === 0 || hd > 9 || buf[i] !== 58) return undefined;
  i++;
  let m = 0;
  let md = 0;
  while (i < end && buf[i]! >= 48 && buf[i]! <= 57) {
    m = m * 10 + (buf[i]! - 48);
    md++;
    i++;
  }
  if (md === 0 || md > 2 || buf[i] !== 58) return undefined;
  i++;
  let sd = 0;
  for (let k = i; k < end && buf[k]! >= 48 && buf[k]! <= 57; k++) sd++;
  if (sd === 0 || sd > 2) return undefined;
  if (i + sd < end) {
    // Only `ss.fff` after the seconds, as parseDuration's pattern allows (no exponent, no sign).
    if (buf[i + sd] !== 46 || i + sd + 1 >= end) return undefined;
    for (let k = i + sd + 1; k < end; k++) if (buf[k]! < 48 || buf[k]! > 57) return undefined;
  }
  const seconds = parseAsciiNumber(buf, i, end);
  if (seconds === undefined || seconds < 0) return undefined;
  return 0 * 86400 + h * 3600 + m * 60 + seconds;
}
