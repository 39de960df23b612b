import { CyclekitError } from '../model/errors.js';
import type { Column, Row } from './schema.js';

/**
 * DuckDB, embedded, for the archive commands only: it writes the Parquet files and answers
 * queries over them. The native module is loaded on first use, so no other command pays for it.
 */
type DuckModule = typeof import('@duckdb/node-api');
type Connection = Awaited<ReturnType<Awaited<ReturnType<DuckModule['DuckDBInstance']['create']>>['connect']>>;

export class Duck {
  private constructor(private readonly conn: Connection) {}

  static async open(): Promise<Duck> {
    let mod: DuckModule;
    try {
      mod = await import('@duckdb/node-api');
    } catch (err) {
      throw new CyclekitError('E_IO', `the embedded DuckDB could not be loaded (${err instanceof Error ? err.message : String(err)}); reinstall cyclekit with npm ci`);
    }
    const instance = await mod.DuckDBInstance.create(':memory:', { threads: '1' });
    return new Duck(await instance.connect());
  }

  async run(sql: string): Promise<void> {
    await this.conn.run(sql);
  }

  /** Rows of a query as plain JSON values (BIGINT as number when it fits, else string). */
  async all(sql: string): Promise<Record<string, unknown>[]> {
    const reader = await this.conn.runAndReadAll(sql);
    return reader.getRowObjects().map((row) => {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(row)) out[k] = plain(v);
      return out;
    });
  }

  /** Column names of a query, in order. */
  async columns(sql: string): Promise<string[]> {
    const reader = await this.conn.runAndReadAll(sql);
    return reader.columnNames();
  }

  /** Write `rows` with exactly `columns` (in order, typed) to a Parquet file at `path`. */
  async writeParquet(path: string, columns: Column[], rows: Row[]): Promise<void> {
    const table = `t_${Math.random().toString(36).slice(2)}`;
    await this.conn.run(`CREATE TABLE ${table} (${columns.map((c) => `${ident(c.name)} ${c.type}`).join(', ')})`);
    try {
      const appender = await this.conn.createAppender(table);
      for (const row of rows) {
        for (const c of columns) {
          const v = row[c.name];
          if (v === null || v === undefined || (typeof v === 'number' && !Number.isFinite(v))) appender.appendNull();
          else if (c.type === 'DOUBLE') appender.appendDouble(Number(v));
          else if (c.type === 'BIGINT') appender.appendBigInt(BigInt(Math.trunc(Number(v))));
          else if (c.type === 'BOOLEAN') appender.appendBoolean(Boolean(v));
          else appender.appendVarchar(String(v));
        }
        appender.endRow();
      }
      appender.closeSync();
      await this.conn.run(`COPY ${table} TO ${literal(path)} (FORMAT parquet, COMPRESSION zstd)`);
    } finally {
      await this.conn.run(`DROP TABLE IF EXISTS ${table}`);
    }
  }
}

/** A DuckDB value as JSON can carry it: integers as numbers while exact, dates and the like as text. */
function plain(v: unknown): unknown {
  if (v === null || typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean') return v;
  if (typeof v === 'bigint') return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v.toString();
  return String(v);
}

export const ident = (name: string): string => `"${name.replace(/"/g, '""')}"`;
export const literal = (text: string): string => `'${text.replace(/'/g, "''")}'`;
