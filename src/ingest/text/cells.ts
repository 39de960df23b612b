import { parseAsciiNumber, scanAsciiNumber } from '../fast/ascii-number.js';
import { parseAsciiDuration, scanAsciiDuration } from '../fast/ascii-duration.js';
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
  /**
   * Whether the row holds a non-blank field at `count` or past it: more values than the
   * header has names. Blank trailing fields (a trailing delimiter) do not count.
   */
  hasFieldsBeyond(count: number): boolean;
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

  hasFieldsBeyond(count: number): boolean {
    for (let k = count; k < this.cells.length; k++) if (this.cells[k]!.trim().length > 0) return true;
    return false;
  }
}

/** How the row converter reads a cell on every row, so the byte path can parse it while splitting. */
export type CellUse = 'number' | 'duration' | 'other';

const USE_OTHER = 0;
const USE_NUMBER = 1;
const USE_DURATION = 2;

/**
 * Cells as byte ranges of a UTF-8 line split on a one-byte delimiter. The cells the converter
 * reads as numbers or durations on every row (the plan, fixed per file) are parsed in the same
 * pass that finds their ends; other cells are only delimited, and parsed from their bytes if
 * ever asked. Anything not in the plain form falls back to the same string parsers StringCells
 * uses, so results never differ.
 */
export class ByteCells implements RowCells {
  private buf: Buffer = Buffer.alloc(0);
  /** Length of every per-cell array below. */
  private capacity = 256;
  private starts: Int32Array = new Int32Array(this.capacity);
  private ends: Int32Array = new Int32Array(this.capacity);
  private cellUses = new Uint8Array(this.capacity);
  /**
   * Parsed values of the planned cells; NaN means "not in the plain form: ask the general parser".
   * Unplanned slots are never written, so they stay NaN and send every read to the lazy path.
   */
  private numbers: Float64Array = new Float64Array(this.capacity).fill(Number.NaN);
  private durationsS: Float64Array = new Float64Array(this.capacity).fill(Number.NaN);
  /** Last decoded text per column and its bytes: state columns repeat for thousands of rows. */
  private lastText: string[] = [];
  private lastBytes: Buffer[] = [];
  private lineEnd = 0;
  /** load() stopped before the end of the line. */
  private partial = false;
  /** Cells split on every row: the plan's; the cells past them are split only if asked for. */
  private readonly cellsPerRow: number;
  length = 0;

  constructor(
    private readonly delimiter: number,
    plan: readonly CellUse[],
  ) {
    this.cellsPerRow = Math.max(1, plan.length);
    while (this.capacity <= plan.length) this.grow();
    plan.forEach((use, index) => {
      this.cellUses[index] = use === 'number' ? USE_NUMBER : use === 'duration' ? USE_DURATION : USE_OTHER;
    });
  }

  /**
   * Split [start, end) on the delimiter, parsing the planned cells on the way. The cells past
   * the plan are split only if asked for (a wall-clock column read for the first row only).
   * `mayHaveQuotes` is false when the whole chunk holds no '"', which spares a per-line scan.
   * Returns false when the line holds a quote (use the string path, where csv-parse handles quoting).
   */
  load(buf: Buffer, start: number, end: number, mayHaveQuotes: boolean): boolean {
    this.buf = buf;
    this.lineEnd = end;
    this.partial = false;
    if (mayHaveQuotes && buf.subarray(start, end).includes(34)) return false;
    this.length = this.split(start, 0, this.cellsPerRow);
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
    let cellStart = from;
    for (;;) {
      if (n + 1 >= this.capacity) this.grow();
      const use = this.cellUses[n];
      let cellEnd: number;
      if (use === USE_NUMBER) cellEnd = scanAsciiNumber(buf, cellStart, end, delimiter, this.numbers, n);
      else if (use === USE_DURATION) cellEnd = scanAsciiDuration(buf, cellStart, end, delimiter, this.durationsS, n);
      else {
        cellEnd = cellStart;
        while (cellEnd < end && buf[cellEnd] !== delimiter) cellEnd++;
      }
      this.starts[n] = cellStart;
      this.ends[n] = cellEnd;
      n++;
      if (cellEnd >= end) return n;
      cellStart = cellEnd + 1;
      if (n >= maxFields) {
        this.partial = true;
        return n;
      }
    }
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
    this.capacity *= 2;
    const int32 = (a: Int32Array): Int32Array => {
      const b = new Int32Array(this.capacity);
      b.set(a);
      return b;
    };
    this.starts = int32(this.starts);
    this.ends = int32(this.ends);
    const uses = new Uint8Array(this.capacity);
    uses.set(this.cellUses);
    this.cellUses = uses;
    const float64 = (a: Float64Array): Float64Array => {
      const b = new Float64Array(this.capacity).fill(Number.NaN);
      b.set(a);
      return b;
    };
    this.numbers = float64(this.numbers);
    this.durationsS = float64(this.durationsS);
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
    // A slot of a cell this row lacks still holds an earlier row's value: check the length first.
    if (index < this.length) {
      const parsed = this.numbers[index]!;
      if (!Number.isNaN(parsed)) return parsed;
    }
    return this.numberFromText(index);
  }

  duration(index: number): number {
    if (index < this.length) {
      const parsed = this.durationsS[index]!;
      if (!Number.isNaN(parsed)) return parsed;
    }
    return this.durationFromText(index);
  }

  hasFieldsBeyond(count: number): boolean {
    const buf = this.buf;
    const end = this.lineEnd;
    let pos: number;
    if (this.length > count) pos = this.starts[count]!;
    else if (!this.partial) return false;
    else {
      // Walk the delimiters of the part load() left unsplit, without recording cells.
      pos = this.ends[this.length - 1]! + 1;
      for (let n = this.length; n < count; n++) {
        while (pos < end && buf[pos] !== this.delimiter) pos++;
        if (pos >= end) return false;
        pos++;
      }
    }
    for (let k = pos; k < end; k++) {
      const c = buf[k];
      if (c !== this.delimiter && c !== 32 && c !== 9 && c !== 13) return true;
    }
    return false;
  }

  /** A cell outside the plan, or one the plan found not plain (then only the general parser can tell). */
  private numberFromText(index: number): number {
    if (!this.has(index)) return Number.NaN;
    const plain = this.cellUses[index] === USE_NUMBER ? undefined : parseAsciiNumber(this.buf, this.starts[index]!, this.ends[index]!);
    return plain !== undefined ? plain : parseNumber(this.text(index), false);
  }

  private durationFromText(index: number): number {
    if (!this.has(index)) return Number.NaN;
    const plain = this.cellUses[index] === USE_DURATION ? undefined : parseAsciiDuration(this.buf, this.starts[index]!, this.ends[index]!);
    return plain !== undefined ? plain : parseDuration(this.text(index));
  }
}
