import { mapColumns, type Field, type MappedColumn } from './columns.js';

export interface TableLayout {
  /** 0-based index of the header line within the probe's lines. */
  headerIndex: number;
  delimiter: string;
  decimalComma: boolean;
  cells: string[];
  columns: MappedColumn[];
}

const DELIMITERS = ['\t', ',', ';'];

/** Split one line on the delimiter; quoted cells are unwrapped (the caller routes lines with quotes to csv-parse). */
export function splitLine(line: string, delimiter: string): string[] {
  return line.split(delimiter);
}

/**
 * Find the header row: the line (within the probe) whose cells map to the most canonical
 * fields, requiring voltage and current, with data rows after it of the same width.
 * Metadata blocks before it (BioLogic, Maccor, Novonix, PEC, BaSyTec) are thus skipped
 * without knowing their length in advance.
 */
export function findLayout(
  lines: string[],
  options: {
    overrides?: Record<string, string>;
    aliases?: Partial<Record<Field, string[]>>;
    defaultUnits?: Partial<Record<Field, string>>;
    exclude?: string[];
    maxLines?: number;
  } = {},
): TableLayout | null {
  let best: (TableLayout & { score: number }) | null = null;
  const limit = Math.min(lines.length, options.maxLines ?? 300);
  for (let i = 0; i < limit; i++) {
    const line = lines[i]!;
    if (line.trim().length === 0) continue;
    for (const delimiter of DELIMITERS) {
      if (!line.includes(delimiter)) continue;
      const cells = splitLine(line, delimiter).map((c) => c.trim());
      if (cells.length < 2 || mostlyNumbers(cells)) continue;
      const columns = mapColumns(cells, options);
      const has = (f: Field): boolean => columns.some((c) => c.field === f);
      if (!has('voltage') || !has('current')) continue;
      const score = columns.length * 10 + cells.length / 100;
      if (!best || score > best.score) {
        best = { headerIndex: i, delimiter, decimalComma: false, cells, columns, score };
      }
    }
  }
  if (!best) return null;
  best.decimalComma = detectDecimalComma(lines.slice(best.headerIndex + 1, best.headerIndex + 50), best.delimiter);
  const { score: _score, ...layout } = best;
  return layout;
}

/** A data row, not a header: more than half its non-empty cells are numbers. */
function mostlyNumbers(cells: string[]): boolean {
  let numeric = 0;
  let filled = 0;
  for (const c of cells) {
    if (c.length === 0) continue;
    filled++;
    if (/^[-+]?(\d+[.,]?\d*|[.,]\d+)(e[-+]?\d+)?$/i.test(c)) numeric++;
  }
  return numeric * 2 > filled;
}

/** Decimal comma when numeric cells look like "3,4512" and none like "3.4512" (never with a comma delimiter). */
export function detectDecimalComma(rows: string[], delimiter: string): boolean {
  if (delimiter === ',') return false;
  let comma = 0;
  let dot = 0;
  for (const row of rows) {
    for (const cell of row.split(delimiter)) {
      const c = cell.trim();
      if (/^[-+]?\d+,\d+(?:[eE][-+]?\d+)?$/.test(c)) comma++;
      else if (/^[-+]?\d*\.\d+(?:[eE][-+]?\d+)?$/.test(c)) dot++;
    }
  }
  return comma > 0 && dot === 0;
}

/** The lines before the header: vendors put mass, channel and start time there. */
export function preamble(lines: string[], layout: TableLayout): string[] {
  return lines.slice(0, layout.headerIndex);
}
