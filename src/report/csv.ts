/** Field separator and decimal mark of a CSV: `,` and `.` by default; `;` and `,` for European spreadsheets. */
export interface CsvDialect {
  sep: string;
  decimal: '.' | ',';
}

export const DEFAULT_DIALECT: CsvDialect = { sep: ',', decimal: '.' };

const NUMBER = /^-?\d+(\.\d+)?(e[-+]?\d+)?$/i;

/** RFC 4180 CSV: quote a cell only when it needs it. With a decimal comma, numbers are written 0,6596. */
export function toCsv(header: string[], rows: (string | number | null)[][], dialect: CsvDialect = DEFAULT_DIALECT): string {
  const special = new RegExp(`["\\n\\r${dialect.sep.replace(/[\\\]^-]/g, '\\$&')}]`);
  const cell = (v: string | number | null): string => {
    if (v === null) return '';
    let s = String(v);
    if (dialect.decimal === ',' && NUMBER.test(s)) s = s.replace('.', ',');
    return special.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return [header, ...rows].map((r) => r.map(cell).join(dialect.sep)).join('\n') + '\n';
}
