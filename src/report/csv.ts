/** Field separator and decimal mark of a CSV: `,` and `.` by default; `;` and `,` for European spreadsheets. */
export interface CsvDialect {
  sep: string;
  decimal: '.' | ',';
}

export const DEFAULT_DIALECT: CsvDialect = { sep: ',', decimal: '.' };

const NUMBER = /^-?\d+(\.\d+)?(e[-+]?\d+)?$/i;

/**
 * A text cell a spreadsheet would run as a formula: it starts with `=`, `@`, a tab or a
 * carriage return, or with `+`/`-` and is not a plain number. Such text comes from the data
 * (a step name, a file name, a rule name) and could run `=cmd|…` when the CSV is opened.
 */
const FORMULA_START = /^[=@\t\r]|^[+-](?![0-9.]+(?:[eE][-+]?[0-9]+)?$)./s;

/**
 * Neutralise formula injection (OWASP "CSV injection"): a leading `'` makes a spreadsheet
 * show the cell as text. Numbers, and text that is a plain signed number, are left alone.
 * docs/security.md describes the rule.
 */
export function neutraliseCell(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/** One cell as RFC 4180 wants it in `dialect`: quoted only when it needs it, text neutralised first. */
function csvCellWriter(dialect: CsvDialect): (v: string | number | null) => string {
  const special = new RegExp(`["\\n\\r${dialect.sep.replace(/[\\\]^-]/g, '\\$&')}]`);
  return (v) => {
    if (v === null) return '';
    let s = typeof v === 'number' ? String(v) : neutraliseCell(v);
    if (dialect.decimal === ',' && NUMBER.test(s)) s = s.replace('.', ',');
    return special.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
}

/**
 * RFC 4180 CSV: quote a cell only when it needs it; text cells are neutralised first. With a
 * decimal comma, numbers are written 0,6596.
 */
export function toCsv(header: string[], rows: (string | number | null)[][], dialect: CsvDialect = DEFAULT_DIALECT): string {
  return [...csvPieces(header, rows, dialect, Infinity)].join('');
}

/**
 * The same text as toCsv in pieces of about `pieceChars` characters, each row turned into text
 * only when its piece is made: rows that are made while they are iterated (windows over 10,000
 * cycles) are then never all in memory, nor is the whole CSV. Pieces are small for the reason
 * JSON's are (envelopePieces): what a piece gathers is otherwise moved to the old generation.
 */
export function* csvPieces(header: string[], rows: Iterable<(string | number | null)[]>, dialect: CsvDialect = DEFAULT_DIALECT, pieceChars = 1 << 16): Generator<string> {
  const cell = csvCellWriter(dialect);
  let lines = [header.map(cell).join(dialect.sep)];
  let chars = lines[0]!.length;
  for (const row of rows) {
    const line = row.map(cell).join(dialect.sep);
    lines.push(line);
    chars += line.length + 1;
    if (chars >= pieceChars) {
      yield lines.join('\n') + '\n';
      lines = [];
      chars = 0;
    }
  }
  if (lines.length > 0) yield lines.join('\n') + '\n';
}
