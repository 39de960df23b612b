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

/**
 * RFC 4180 CSV: quote a cell only when it needs it; text cells are neutralised first. With a
 * decimal comma, numbers are written 0,6596.
 */
export function toCsv(header: string[], rows: (string | number | null)[][], dialect: CsvDialect = DEFAULT_DIALECT): string {
  const special = new RegExp(`["\\n\\r${dialect.sep.replace(/[\\\]^-]/g, '\\$&')}]`);
  const cell = (v: string | number | null): string => {
    if (v === null) return '';
    let s = typeof v === 'number' ? String(v) : neutraliseCell(v);
    if (dialect.decimal === ',' && NUMBER.test(s)) s = s.replace('.', ',');
    return special.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return [header, ...rows].map((r) => r.map(cell).join(dialect.sep)).join('\n') + '\n';
}
