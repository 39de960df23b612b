import { CyclekitError } from '../model/errors.js';
import { VERSION } from '../version.js';

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

/** Rows per row group: large enough for fast scans, small enough to keep memory flat on long files. */
const ROW_GROUP_ROWS = 100_000;

/**
 * A Parquet file written in row groups as rows arrive: `append` buffers rows and writes a row
 * group every ROW_GROUP_ROWS, `finish` writes the rest and the footer. Bytes go to `sink` as
 * each row group is done, so memory does not grow with the number of rows.
 */
interface RowGroupWriter {
  write(o: { columnData: { name: string; data: Cell[]; nullable: boolean }[]; rowGroupSize: number }): void | Promise<void>;
  finish(): void | Promise<void>;
}

export class ParquetTableWriter {
  private buffered: Cell[][];
  private rows = 0;
  private constructor(
    private readonly columns: ParquetColumn[],
    private readonly writer: RowGroupWriter,
  ) {
    this.buffered = columns.map(() => []);
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
    for (let k = 0; k < this.columns.length; k++) this.buffered[k]!.push(this.check(k, row[k] ?? null));
    if (++this.rows % ROW_GROUP_ROWS === 0) await this.writeGroup();
  }

  async finish(): Promise<void> {
    await this.writeGroup();
    await this.writer.finish();
  }

  private async writeGroup(): Promise<void> {
    if (this.buffered[0]!.length === 0 && this.rows > 0) return;
    const columnData = this.columns.map((c, k) => ({ name: c.name, data: this.buffered[k]!, nullable: true }));
    await this.writer.write({ columnData, rowGroupSize: ROW_GROUP_ROWS });
    this.buffered = this.columns.map(() => []);
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
