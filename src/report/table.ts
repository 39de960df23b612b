import { stripVTControlCharacters } from 'node:util';
import type { ChalkInstance } from 'chalk';
import { widthOf } from './width.js';

export interface TableColumn {
  header: string;
  /** Printed under the header, e.g. "mAh g⁻¹". */
  unit?: string;
  align?: 'left' | 'right';
  /**
   * Which columns go first when the table is wider than the terminal: lower goes first
   * (default 2; the first column is always kept). `--wide` shows every column.
   */
  priority?: number;
}

/**
 * Columns a cell takes on a terminal: colour codes take none, and a combining mark (the bar of
 * V̄) sits on the character before it.
 */
export function displayWidth(s: string): number {
  // Most cells are plain ASCII numbers: one column per character, no colour to strip.
  if (PLAIN_ASCII.test(s)) return s.length;
  return [...stripVTControlCharacters(s).replace(/\p{M}/gu, '')].length;
}

const PLAIN_ASCII = /^[\x20-\x7e]*$/;

/** The widest cell of column `i` (a loop: spreading 100,000 rows into Math.max overflows the stack). */
function widestCell(rows: string[][], i: number, start: number): number {
  let widest = start;
  for (const r of rows) widest = Math.max(widest, displayWidth(r[i] ?? ''));
  return widest;
}

/** Cut plain text to `width` columns with an ellipsis (colour dropped: only long free text is cut). */
function abbreviate(s: string, width: number): string {
  const plain = stripVTControlCharacters(s);
  if (displayWidth(plain) <= width) return s;
  return [...plain].slice(0, Math.max(1, width - 1)).join('') + '…';
}

const GAP = 2;
/** A left-aligned text column is abbreviated down to this before any column is dropped. */
const MIN_TEXT_WIDTH = 16;

/**
 * An aligned text table: headers, a units line, a rule, then rows, aligned by displayWidth.
 * When the style carries a terminal width (the CLI's does) and not `wide`, a table that would
 * be wider first abbreviates its long left-aligned text columns, then hides the columns of
 * lowest priority, and says which under it.
 */
export function renderTable(columns: TableColumn[], rows: string[][], style: ChalkInstance): string {
  const width = displayWidth;
  let cols = columns.map((c, i) => ({ ...c, i, w: widestCell(rows, i, Math.max(width(c.header), width(c.unit ?? ''))), cut: Infinity }));
  const total = (): number => cols.reduce((s, c) => s + Math.min(c.w, c.cut), 0) + GAP * Math.max(0, cols.length - 1);
  const limit = widthOf(style);
  const hidden: string[] = [];
  const dropOne = (maxPriority: number): boolean => {
    // The lowest priority goes first; among equals, the rightmost. The first column stays.
    let drop = -1;
    cols.forEach((c, k) => {
      if (k === 0 || (c.priority ?? 2) > maxPriority) return;
      if (drop < 0 || (c.priority ?? 2) <= (cols[drop]!.priority ?? 2)) drop = k;
    });
    if (drop < 0) return false;
    hidden.push(cols[drop]!.header);
    cols = cols.filter((_, k) => k !== drop);
    return true;
  };
  if (limit && !limit.wide && total() > limit.columns) {
    // Columns marked expendable (priority ≤ 1) go before any text is abbreviated.
    while (total() > limit.columns && dropOne(1));
    for (const c of [...cols].filter((c) => c.align === 'left' && c.w > MIN_TEXT_WIDTH).sort((a, b) => b.w - a.w)) {
      const excess = total() - limit.columns;
      if (excess <= 0) break;
      c.cut = Math.max(MIN_TEXT_WIDTH, c.w - excess);
    }
    while (total() > limit.columns && dropOne(Infinity));
  }
  const widths = cols.map((c) => Math.min(c.w, c.cut));
  const cell = (s: string, k: number): string => {
    const c = cols[k]!;
    const text = c.cut < c.w ? abbreviate(s, c.cut) : s;
    const gap = ' '.repeat(Math.max(0, widths[k]! - width(text)));
    return c.align === 'left' ? text + gap : gap + text;
  };
  const lines: string[] = [];
  const sep = ' '.repeat(GAP);
  lines.push(style.bold(cols.map((c, k) => cell(c.header, k)).join(sep)));
  if (cols.some((c) => c.unit)) lines.push(style.dim(cols.map((c, k) => cell(c.unit ?? '', k)).join(sep)));
  lines.push(style.dim(widths.map((w) => '─'.repeat(w)).join(sep)));
  for (const r of rows) lines.push(cols.map((c, k) => cell(r[c.i] ?? '', k)).join(sep));
  const out = lines.map((l) => l.replace(/\s+$/, ''));
  if (hidden.length > 0) {
    const note = `(${hidden.reverse().join(', ')} hidden at ${limit!.columns} columns: --wide shows all)`;
    out.push(style.dim(note.length <= limit!.columns ? note : `(${hidden.length} columns hidden: --wide shows all)`));
  }
  return out.join('\n');
}
