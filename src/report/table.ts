import { stripVTControlCharacters } from 'node:util';
import type { ChalkInstance } from 'chalk';

export interface TableColumn {
  header: string;
  /** Printed under the header, e.g. "mAh g⁻¹". */
  unit?: string;
  align?: 'left' | 'right';
}

/**
 * Columns a cell takes on a terminal: colour codes take none, and a combining mark (the bar of
 * V̄) sits on the character before it.
 */
export function displayWidth(s: string): number {
  return [...stripVTControlCharacters(s).replace(/\p{M}/gu, '')].length;
}

/** An aligned text table: headers, a units line, a rule, then rows, aligned by displayWidth. */
export function renderTable(columns: TableColumn[], rows: string[][], style: ChalkInstance): string {
  const width = displayWidth;
  const widths = columns.map((c, i) => Math.max(width(c.header), width(c.unit ?? ''), ...rows.map((r) => width(r[i] ?? ''))));
  const pad = (s: string, i: number): string => {
    const w = widths[i]!;
    const gap = ' '.repeat(Math.max(0, w - width(s)));
    return columns[i]!.align === 'left' ? s + gap : gap + s;
  };
  const lines: string[] = [];
  lines.push(style.bold(columns.map((c, i) => pad(c.header, i)).join('  ')));
  if (columns.some((c) => c.unit)) lines.push(style.dim(columns.map((c, i) => pad(c.unit ?? '', i)).join('  ')));
  lines.push(style.dim(widths.map((w) => '─'.repeat(w)).join('  ')));
  for (const r of rows) lines.push(columns.map((_, i) => pad(r[i] ?? '', i)).join('  '));
  return lines.map((l) => l.replace(/\s+$/, '')).join('\n');
}
