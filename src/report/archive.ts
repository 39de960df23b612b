import type { IndexSummary } from '../archive/index.js';
import { VERSION } from '../version.js';
import { toCsv } from './csv.js';
import type { makeStyle } from './style.js';
import { renderTable } from './table.js';

/** `index`: the run's one line, or with --json its counts. */
export function indexSummaryText(summary: IndexSummary, archive: string, sharded: boolean): string {
  return `indexed ${summary.indexed}, unchanged ${summary.unchanged}, unreadable ${summary.errors}${sharded ? `, other shards ${summary.otherShard}` : ''} → ${archive}\n`;
}

export function indexSummaryJson(summary: IndexSummary, archive: string): string {
  return `${JSON.stringify({ cyclekit: VERSION, command: 'index', archive, ...summary })}\n`;
}

/** A query's answer: the columns DuckDB named, and its rows as DuckDB returned them. */
export interface QueryAnswer {
  archive: string;
  columns: string[];
  rows: Record<string, unknown>[];
}

export function queryJson(a: QueryAnswer): string {
  return `${JSON.stringify({ cyclekit: VERSION, command: 'query', archive: a.archive, columns: a.columns, rows: a.rows }, null, 2)}\n`;
}

const csvCell = (v: unknown): string | number | null => (v === null || v === undefined ? null : typeof v === 'number' ? v : typeof v === 'object' ? JSON.stringify(v) : String(v));

export function queryCsv(a: QueryAnswer): string {
  return toCsv(a.columns, a.rows.map((r) => a.columns.map((c) => csvCell(r[c]))));
}

/** Query rows as the project's tables render them (fitted to the terminal unless wide); numbers to 6 significant digits. */
export function queryTable(a: QueryAnswer, style: ReturnType<typeof makeStyle>): string {
  const show = (v: unknown): string => (v === null || v === undefined ? '–' : typeof v === 'number' ? String(Number(v.toPrecision(6))) : typeof v === 'object' ? JSON.stringify(v) : String(v));
  const body = a.rows.map((r) => a.columns.map((c) => show(r[c])));
  const numeric = a.columns.map((c) => a.rows.length > 0 && a.rows.every((r) => r[c] === null || typeof r[c] === 'number'));
  const table = renderTable(a.columns.map((c, k) => ({ header: c, align: numeric[k] ? 'right' : 'left' })), body, style);
  return `${table}\n(${a.rows.length} row${a.rows.length === 1 ? '' : 's'})\n`;
}
