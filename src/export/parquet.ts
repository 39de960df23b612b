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

interface RowGroupWriter {
  write(o: { columnData: { name: string; data: Cell[] | Float64Array; nullable: boolean }[]; rowGroupSize: number }): void | Promise<void>;
  finish(): void | Promise<void>;
}

/**
 * One row group's values as they are gathered: numbers in Float64Arrays (NaN for absent: a
 * DOUBLE column writes non-finite values as absent anyway), anything else as cells. As arrays
 * of cells, 100,000 rows of BDF's doubles with a few nulls were 1.6 M boxed numbers moved to
 * the old generation and dropped at each group: `convert --to bdf-parquet` peaked at 366 MB.
 */
class RowGroup {
  readonly numbers: (Float64Array | null)[];
  readonly cells: Cell[][];
  /** Per number column: some value in this group is absent. */
  readonly absent: boolean[];
  rows = 0;

  constructor(columns: ParquetColumn[]) {
    this.numbers = columns.map((c) => (c.type === 'DOUBLE' || c.type === 'INT32' ? new Float64Array(1024) : null));
    this.cells = columns.map(() => []);
    this.absent = columns.map(() => false);
  }

  put(k: number, v: Cell): void {
    const at = this.rows;
    let numbers = this.numbers[k];
    if (!numbers) {
      this.cells[k]!.push(v);
      return;
    }
    if (at === numbers.length) {
      // Grown as rows come, up to one group: a small table never holds a group's worth.
      const grown = new Float64Array(Math.min(numbers.length * 2, ROW_GROUP_ROWS));
      grown.set(numbers);
      this.numbers[k] = numbers = grown;
    }
    if (v === null) {
      numbers[at] = NaN;
      this.absent[k] = true;
    } else numbers[at] = v as number;
  }

  /**
   * The columns as the Parquet writer takes them. A number column with no absent value is
   * handed over as its doubles (the writer reads a typed array as it reads an array: the same
   * bytes); one with absent values as numbers and nulls, made only when the writer reaches that
   * column and dropped after it (a group's 17 arrays of 25,000 boxed numbers, made at once,
   * outlived the collections during the encoding and went to the old generation).
   */
  columnData(columns: ParquetColumn[]): { name: string; data: Cell[] | Float64Array; nullable: boolean }[] {
    return columns.map((c, k) => {
      const numbers = this.numbers[k]?.subarray(0, this.rows);
      if (!numbers) return { name: c.name, data: this.cells[k]!, nullable: true };
      if (this.rows > 0 && !this.absent[k]) return { name: c.name, data: numbers, nullable: true };
      return {
        name: c.name,
        get data(): Cell[] {
          return Array.from(numbers, (x) => (Number.isNaN(x) ? null : x));
        },
        nullable: true,
      };
    });
  }

  /** Empty again, keeping its arrays for the next group. */
  clear(): void {
    for (let k = 0; k < this.cells.length; k++) {
      this.cells[k]!.length = 0;
      this.absent[k] = false;
    }
    this.rows = 0;
  }
}

/**
 * A Parquet file written in row groups as rows arrive: a row group is closed every
 * ROW_GROUP_ROWS rows, and `sent` encodes the closed groups and hands each one's bytes to
 * `sink` (a view of the encoder's buffer, which the next group overwrites: the sink is done
 * with it when its promise resolves). `finish` writes the rest and the footer. Memory does not
 * grow with the number of rows: the rows being gathered, the closed groups `sent` has not
 * encoded yet (one, when `sent` is awaited after each chunk of rows) and one group's bytes.
 */
export class ParquetTableWriter implements RowOut {
  private group: RowGroup;
  /** Closed groups waiting for `sent`, and an encoded one kept to gather the next. */
  private readonly closed: RowGroup[] = [];
  private spare: RowGroup | null = null;
  private rows = 0;
  /** The next cell's column in the row being written. */
  private column = 0;

  private constructor(
    private readonly columns: ParquetColumn[],
    private readonly writer: RowGroupWriter,
  ) {
    this.group = new RowGroup(columns);
  }

  static async open(columns: ParquetColumn[], sink: (bytes: Uint8Array) => Promise<void>, metadata: Record<string, string> = {}): Promise<ParquetTableWriter> {
    const { ByteWriter, ParquetWriter } = await import('hyparquet-writer');
    const bytes = new ByteWriter();
    // Hand each finished row group to the sink as a view, not a copy (a megabyte per group, held
    // while it is written, piled up outside the heap until a full collection), then start the
    // buffer again (the writer keeps the file offset). Nothing is encoded meanwhile: `sent` and
    // `finish` await each group's write.
    const flush = async (): Promise<void> => {
      if (bytes.index === 0) return;
      await sink(new Uint8Array(bytes.buffer, 0, bytes.index));
      bytes.index = 0;
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

  /** Close the row (cells not given are absent); a full row group is closed for `sent` to write. */
  endRow(): void {
    while (this.column < this.columns.length) this.put(null);
    this.column = 0;
    this.rows++;
    if (++this.group.rows === ROW_GROUP_ROWS) this.closeGroup();
  }

  /** Encode every closed row group and hand its bytes to the sink, one after the other. */
  async sent(): Promise<void> {
    for (let group = this.closed.shift(); group; group = this.closed.shift()) {
      await this.writer.write({ columnData: group.columnData(this.columns), rowGroupSize: ROW_GROUP_ROWS });
      group.clear();
      this.spare = group;
    }
  }

  async finish(): Promise<void> {
    // An empty table still writes its one empty group; after a full group, there is nothing left.
    if (this.group.rows > 0 || this.rows === 0) this.closeGroup();
    await this.sent();
    await this.writer.finish();
  }

  private closeGroup(): void {
    this.closed.push(this.group);
    this.group = this.spare ?? new RowGroup(this.columns);
    this.spare = null;
  }

  private put(value: Cell): void {
    const k = this.column++;
    if (k >= this.columns.length) throw new CyclekitError('E_VALUE', `a Parquet row of more than ${this.columns.length} cells`);
    this.group.put(k, this.check(k, value));
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
  // The writer reuses its buffer: each piece is copied as it comes.
  const w = await ParquetTableWriter.open(inferColumns(header, rows, integers), async (b) => void parts.push(Buffer.from(b)), metadata);
  for (const r of rows) await w.append(r);
  await w.finish();
  return Buffer.concat(parts);
}
