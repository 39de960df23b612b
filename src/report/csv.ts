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

/** RFC 4180 CSV: quote a cell only when it needs it; text cells are neutralised first. */
export function toCsv(header: string[], rows: (string | number | null)[][]): string {
  const cell = (v: string | number | null): string => {
    if (v === null) return '';
    const s = typeof v === 'number' ? String(v) : neutraliseCell(v);
    return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return [header, ...rows].map((r) => r.map(cell).join(',')).join('\n') + '\n';
}
