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

const COMMA = 0x2c;
const NEWLINE = 0x0a;
const LETTER_N = 0x6e;

/**
 * CSV rows written as UTF-8 straight into one reused block of bytes, without a string per
 * block or row to outlive a young-generation collection.
 *
 * Numbers are written exactly as `String(x)` writes them (shortest round-trip decimal), empty
 * when absent or not finite, but not through `String(x)`: V8 keeps the string of each number it
 * converts in a cache and therefore makes it in the old generation, where it stays as garbage
 * until the next full collection (`convert --to bdf` over 10,000 cycles: 200 MB of such strings
 * and a 230 MB peak, with ~30 MB of its heap alive). A run of numbers goes through
 * `JSON.stringify` instead, which writes the same digits (JSON's number is ToString) into one
 * short-lived string. Text is written as is, with no quoting: the callers' text cells are
 * labels and headers without commas or quotes.
 */
export class CsvBlock implements RowOut {
  private bytes: Buffer;
  private at = 0;
  private rowStarted = false;
  /** The row's numbers not written yet (NaN for an empty cell: JSON writes it as null). */
  private readonly numbers: number[] = [];

  constructor(private readonly blockBytes = BLOCK_BYTES) {
    this.bytes = Buffer.allocUnsafe(blockBytes + ROW_ROOM);
  }

  number(x: number | null): void {
    this.numbers.push(x === null ? NaN : x);
  }

  text(s: string | null): void {
    this.writeNumbers();
    this.separate();
    if (s === null || s.length === 0) return;
    for (let i = 0; i < s.length; i++) {
      if (s.charCodeAt(i) > 0x7f) {
        this.room(s.length * 3);
        this.at += this.bytes.write(s, this.at, 'utf8');
        return;
      }
    }
    this.room(s.length);
    this.copyAscii(s, 0, s.length);
  }

  endRow(): void {
    this.writeNumbers();
    this.room(1);
    this.bytes[this.at++] = NEWLINE;
    this.rowStarted = false;
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

  private separate(): void {
    if (this.rowStarted) {
      this.room(1);
      this.bytes[this.at++] = COMMA;
    }
    this.rowStarted = true;
  }

  /** `[a,null,b]` as `a,,b`: the commas are the cells' separators, null an empty cell. */
  private writeNumbers(): void {
    if (this.numbers.length === 0) return;
    const json = JSON.stringify(this.numbers);
    this.numbers.length = 0;
    this.separate();
    this.room(json.length);
    const b = this.bytes;
    let at = this.at;
    for (let i = 1; i < json.length - 1; i++) {
      const c = json.charCodeAt(i);
      if (c === LETTER_N) i += 3;
      else b[at++] = c;
    }
    this.at = at;
  }

  private copyAscii(s: string, from: number, to: number): void {
    const b = this.bytes;
    let at = this.at;
    for (let i = from; i < to; i++) b[at++] = s.charCodeAt(i);
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
