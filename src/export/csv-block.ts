/** Where a table writer puts one row's values, left to right (CSV text or a Parquet row group). */
export interface RowOut {
  /** A number; absent or non-finite is an empty cell. */
  number(x: number | null): void;
  text(s: string | null): void;
}

/** A block is handed on once it holds at least this many bytes. */
const BLOCK_BYTES = 64 * 1024;
/** Room past a full block for the row being written: rows of cyclekit's tables are well under 1 KB. */
const ROW_ROOM = 4096;

/** Bytes kept per column for the digits of its last number: the longest shortest-round-trip double is 24. */
const DIGITS_STRIDE = 32;

const COMMA = 0x2c;
const NEWLINE = 0x0a;

/**
 * CSV rows written as UTF-8 straight into one reused block of bytes, without a string per
 * block or row to outlive a young-generation collection.
 *
 * Numbers are written exactly as `String(x)` writes them (shortest round-trip decimal), empty
 * when absent or not finite, but not through `String(x)`: V8 keeps the string of each number it
 * converts in a cache and therefore makes it in the old generation, where it stays as garbage
 * until the next full collection (`convert --to bdf` over 10,000 cycles: 200 MB of such strings
 * and a 230 MB peak, with ~30 MB of its heap alive). A row's new numbers go through one
 * `JSON.stringify` instead, which writes the same digits (JSON's number is ToString) into one
 * short-lived string. A number equal to the one above it in its column (a constant current, a
 * running total of the other direction, a cycle number) reuses that one's digits: equal doubles
 * have the same shortest decimal, and about half of a BDF row repeats the row before. Text is
 * written as is, with no quoting: the callers' text cells are labels and headers without
 * commas or quotes.
 */
export class CsvBlock implements RowOut {
  private bytes: Buffer;
  private at = 0;
  /** The row being gathered: per cell a number (NaN when absent or not finite) or text. */
  private cells = 0;
  private readonly values: number[] = [];
  private readonly texts: (string | null)[] = [];
  private readonly isText: boolean[] = [];
  /** Per column: its last number written (NaN: none yet), and that number's digits. */
  private readonly lastValues: number[] = [];
  private digits = new Uint8Array(0);
  private readonly digitLengths: number[] = [];
  /** The columns of the row's numbers whose digits are not known yet. */
  private unknownColumns = new Int32Array(0);
  /** One array of doubles per length, filled in place: a new array per row was a third of convert's allocations. */
  private readonly runs: number[][] = [];

  constructor(private readonly blockBytes = BLOCK_BYTES) {
    this.bytes = Buffer.allocUnsafe(blockBytes + ROW_ROOM);
  }

  number(x: number | null): void {
    const k = this.cell();
    this.values[k] = x === null || !Number.isFinite(x) ? NaN : x;
    this.isText[k] = false;
  }

  text(s: string | null): void {
    const k = this.cell();
    this.texts[k] = s;
    this.isText[k] = true;
  }

  endRow(): void {
    this.learnDigits();
    for (let k = 0; k < this.cells; k++) {
      if (k > 0) {
        this.room(1);
        this.bytes[this.at++] = COMMA;
      }
      if (this.isText[k]) {
        this.writeText(this.texts[k]!);
        this.texts[k] = null;
      } else if (!Number.isNaN(this.values[k]!)) {
        const n = this.digitLengths[k]!;
        this.room(n);
        const b = this.bytes;
        const digits = this.digits;
        for (let i = 0, from = k * DIGITS_STRIDE; i < n; i++) b[this.at++] = digits[from + i]!;
      }
    }
    this.room(1);
    this.bytes[this.at++] = NEWLINE;
    this.cells = 0;
  }

  /** The block has reached its size: hand it on with `take`. */
  get full(): boolean {
    return this.at >= this.blockBytes;
  }

  get length(): number {
    return this.at;
  }

  /**
   * The rows written since the last take, as a view of the block, which the next row
   * overwrites: the caller hands them on and waits until they have been written or copied.
   */
  take(): Uint8Array {
    const rows = this.bytes.subarray(0, this.at);
    this.at = 0;
    return rows;
  }

  /** The next cell's column; a column never seen before gets room for its digits. */
  private cell(): number {
    const k = this.cells++;
    if (k === this.lastValues.length) {
      this.lastValues.push(NaN);
      this.digitLengths.push(0);
      const grown = new Uint8Array((k + 1) * DIGITS_STRIDE);
      grown.set(this.digits);
      this.digits = grown;
      this.unknownColumns = new Int32Array(k + 1);
    }
    return k;
  }

  /** The digits of the row's numbers that differ from their column's last one, through one JSON.stringify: `[a,b]`. */
  private learnDigits(): void {
    const columns = this.unknownColumns;
    let count = 0;
    for (let k = 0; k < this.cells; k++) {
      if (this.isText[k]) continue;
      const x = this.values[k]!;
      if (!Number.isNaN(x) && x !== this.lastValues[k]) columns[count++] = k;
    }
    if (count === 0) return;
    const unknown = (this.runs[count] ??= Array.from({ length: count }, () => 0.5));
    for (let u = 0; u < count; u++) unknown[u] = this.values[columns[u]!]!;
    const json = JSON.stringify(unknown);
    let i = 1;
    for (let u = 0; u < count; u++) {
      const k = columns[u]!;
      const start = k * DIGITS_STRIDE;
      let n = 0;
      for (let c = json.charCodeAt(i); c !== COMMA && c !== 0x5d; c = json.charCodeAt(++i)) this.digits[start + n++] = c;
      i++;
      this.digitLengths[k] = n;
      this.lastValues[k] = unknown[u]!;
    }
  }

  private writeText(s: string): void {
    if (s.length === 0) return;
    for (let i = 0; i < s.length; i++) {
      if (s.charCodeAt(i) > 0x7f) {
        this.room(s.length * 3);
        this.at += this.bytes.write(s, this.at, 'utf8');
        return;
      }
    }
    this.room(s.length);
    const b = this.bytes;
    let at = this.at;
    for (let i = 0; i < s.length; i++) b[at++] = s.charCodeAt(i);
    this.at = at;
  }

  /** An unusually long row grows the block instead of being cut. */
  private room(n: number): void {
    if (this.at + n <= this.bytes.length) return;
    const grown = Buffer.allocUnsafe(Math.max(this.bytes.length * 2, this.at + n));
    this.bytes.copy(grown, 0, 0, this.at);
    this.bytes = grown;
  }
}
