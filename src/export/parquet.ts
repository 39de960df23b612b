import { CyclekitError } from '../model/errors.js';
import { VERSION } from '../version.js';
import type { RowOut } from './csv-block.js';

/**
 * Parquet output through hyparquet-writer (pure JavaScript, loaded only when Parquet is asked
 * for). Numbers are written as IEEE doubles, so a value read back is the very double cyclekit
 * computed (nothing is rounded, unlike the CSV's 12 significant digits); whole-number columns
 * (cycle and step counts) are INT32, text UTF-8, absent values null.
 */
export type ParquetColumnType = 'DOUBLE' | 'INT32' | 'STRING' | 'BOOLEAN';

export interface ParquetColumn {
  name: string;
  type: ParquetColumnType;
}

export type Cell = string | number | boolean | null;

/**
 * Rows per row group: large enough for fast scans (a few hundred kB per column), small enough to
 * keep memory flat on long files: the Parquet writer holds a whole group while it encodes it
 * (10,000 cycles, 1.18 M rows: 341 MB peak with 100,000-row groups, 240 MB with 25,000).
 */
const ROW_GROUP_ROWS = 25_000;

/**
 * A Parquet file written in row groups as rows arrive: `append` buffers rows and writes a row
 * group every ROW_GROUP_ROWS, `finish` writes the rest and the footer. Bytes go to `sink` as
 * each row group is done, so memory does not grow with the number of rows.
 */
interface RowGroupWriter {
  write(o: { columnData: { name: string; data: Cell[]; nullable: boolean }[]; rowGroupSize: number }): void | Promise<void>;
  finish(): void | Promise<void>;
}

export class ParquetTableWriter implements RowOut {
  /**
   * The row group being gathered: numbers in Float64Arrays (NaN for absent: a DOUBLE column
   * writes non-finite values as absent anyway), anything else as cells. As arrays of cells,
   * 100,000 rows of BDF's doubles with a few nulls were 1.6 M boxed numbers moved to the old
   * generation and dropped at each group: `convert --to bdf-parquet` peaked at 366 MB.
   */
  private numbers: (Float64Array | null)[];
  private cells: Cell[][];
  private rows = 0;
  /** Row groups encoded whose bytes the sink has not taken yet, and the first failure to send. */
  private sending: Promise<void>[] = [];
  private failure: unknown = null;
  /** The next cell's column in the row being written. */
  private column = 0;
  /** Rows gathered since the last group was written. */
  private pending = 0;
  private constructor(
    private readonly columns: ParquetColumn[],
    private readonly writer: RowGroupWriter,
  ) {
    this.numbers = columns.map((c) => (c.type === 'DOUBLE' || c.type === 'INT32' ? new Float64Array(1024) : null));
    this.cells = columns.map(() => []);
  }

  static async open(columns: ParquetColumn[], sink: (bytes: Uint8Array) => Promise<void>, metadata: Record<string, string> = {}): Promise<ParquetTableWriter> {
    const { ByteWriter, ParquetWriter } = await import('hyparquet-writer');
    const bytes = new ByteWriter();
    // Hand each finished row group to the sink and start the buffer again (the writer keeps the file offset).
    const flush = async (): Promise<void> => {
      if (bytes.index === 0) return;
      const chunk = new Uint8Array(bytes.buffer.slice(0, bytes.index));
      bytes.index = 0;
      await sink(chunk);
    };
    Object.assign(bytes, { flush, finish: flush });
    const schema = [
      { name: 'root', num_children: columns.length },
      ...columns.map((c) => ({
        name: c.name,
        type: c.type === 'STRING' ? ('BYTE_ARRAY' as const) : c.type,
        ...(c.type === 'STRING' ? { converted_type: 'UTF8' as const } : {}),
        repetition_type: 'OPTIONAL' as const,
      })),
    ];
    const kvMetadata = Object.entries(metadata).map(([key, value]) => ({ key, value }));
    const writer = new ParquetWriter({ writer: bytes, schema, kvMetadata, createdBy: `cyclekit ${VERSION}` });
    return new ParquetTableWriter(columns, writer as unknown as RowGroupWriter);
  }

  async append(row: Cell[]): Promise<void> {
    for (let k = 0; k < this.columns.length; k++) this.put(row[k] ?? null);
    this.endRow();
    await this.sent();
  }

  /** The next cell of the row being written (RowOut: a row's values left to right, then `endRow`). */
  number(x: number | null): void {
    this.put(x);
  }

  text(s: string | null): void {
    this.put(s);
  }

  /**
   * Close the row (cells not given are absent). A full row group is encoded at once and its
   * bytes handed to the sink; `sent` waits for them.
   */
  endRow(): void {
    while (this.column < this.columns.length) this.put(null);
    this.column = 0;
    this.rows++;
    if (++this.pending === ROW_GROUP_ROWS) this.writeGroup();
  }

  /** Resolves once the sink has taken every row group encoded so far. */
  async sent(): Promise<void> {
    while (this.sending.length > 0) await this.sending.shift();
    if (this.failure !== null) throw this.failure;
  }

  private put(value: Cell): void {
    const k = this.column++;
    if (k >= this.columns.length) throw new CyclekitError('E_VALUE', `a Parquet row of more than ${this.columns.length} cells`);
    const v = this.check(k, value);
    const at = this.pending;
    let numbers = this.numbers[k];
    if (numbers && at === numbers.length) {
      // Grown as rows come, up to one group: a small table never holds a group's worth.
      const grown = new Float64Array(Math.min(numbers.length * 2, ROW_GROUP_ROWS));
      grown.set(numbers);
      this.numbers[k] = numbers = grown;
    }
    if (numbers) numbers[at] = v === null ? NaN : (v as number);
    else this.cells[k]!.push(v);
  }

  async finish(): Promise<void> {
    this.writeGroup();
    await this.sent();
    await this.writer.finish();
  }

  private writeGroup(): void {
    // An empty table still writes its one empty group; after a full group, finish() has nothing left.
    if (this.pending === 0 && this.rows > 0) return;
    const data = (k: number): Cell[] => {
      const numbers = this.numbers[k];
      return numbers ? Array.from(numbers.subarray(0, this.pending), (x) => (Number.isNaN(x) ? null : x)) : this.cells[k]!;
    };
    const columnData = this.columns.map((c, k) => ({ name: c.name, data: data(k), nullable: true }));
    const sending = this.writer.write({ columnData, rowGroupSize: ROW_GROUP_ROWS });
    // Caught at once (a rejection nobody awaits yet would end the process) and rethrown by `sent`.
    if (sending) this.sending.push(sending.catch((err: unknown) => void (this.failure ??= err)));
    this.cells = this.columns.map(() => []);
    this.pending = 0;
  }

  /** A value that does not fit its column's type is refused, never written as something else. */
  private check(k: number, v: Cell): Cell {
    if (v === null) return null;
    const c = this.columns[k]!;
    const ok =
      c.type === 'STRING' ? typeof v === 'string' : c.type === 'BOOLEAN' ? typeof v === 'boolean' : c.type === 'INT32' ? typeof v === 'number' && Number.isInteger(v) && Math.abs(v) < 2 ** 31 : typeof v === 'number';
    if (!ok) throw new CyclekitError('E_VALUE', `Parquet column '${c.name}' (${c.type}) cannot hold ${JSON.stringify(v)}`);
    return c.type === 'DOUBLE' && !Number.isFinite(v as number) ? null : v;
  }
}

/** Text columns of cyclekit's tables: typed as text even when every value is absent, so files of different data share one schema. */
const TEXT_COLUMNS: ReadonlySet<string> = new Set(['file', 'format', 'massSource', 'cellType', 'capacitySource', 'cycleRule', 'outlier', 'direction', 'label', 'quantity', 'unit', 'verdict', 'rule', 'metric', 'status', 'reason', 'source', 'field']);

/**
 * Column types for a table of plain values: known text columns are STRING; a column whose
 * values are all numbers is DOUBLE (INT32 when named in `integers`), all booleans BOOLEAN,
 * anything else STRING.
 */
export function inferColumns(header: string[], rows: Cell[][], integers: ReadonlySet<string> = new Set()): ParquetColumn[] {
  return header.map((name, k) => {
    if (TEXT_COLUMNS.has(name)) return { name, type: 'STRING' };
    const values = rows.map((r) => r[k] ?? null).filter((v) => v !== null);
    if (values.length > 0 && values.every((v) => typeof v === 'boolean')) return { name, type: 'BOOLEAN' };
    if (values.every((v) => typeof v === 'number')) return { name, type: integers.has(name) && values.every((v) => Number.isInteger(v)) ? 'INT32' : 'DOUBLE' };
    return { name, type: 'STRING' };
  });
}

/** A whole table as Parquet bytes (per-cycle tables are small). */
export async function parquetTable(header: string[], rows: Cell[][], integers: ReadonlySet<string> = new Set(), metadata: Record<string, string> = {}): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  const w = await ParquetTableWriter.open(inferColumns(header, rows, integers), async (b) => void parts.push(b), metadata);
  for (const r of rows) await w.append(r);
  await w.finish();
  return Buffer.concat(parts);
}
