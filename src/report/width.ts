/**
 * The width text output is fitted to, apart from colour: tables and charts read it without
 * loading chalk, so a command writing JSON or CSV never loads it (~20 ms of start-up).
 */

/** How wide terminal output may be: `columns` (from $COLUMNS, the terminal, else 80); `wide` lifts the limit for tables. */
export interface OutputWidth {
  columns: number;
  wide: boolean;
}

/**
 * The width text output is fitted to: $COLUMNS when set (shells export it), else the
 * terminal's own width, else 80 — the width nobody's terminal is narrower than.
 */
export function terminalColumns(env: NodeJS.ProcessEnv = process.env, stream?: NodeJS.WriteStream): number {
  const fromEnv = Number(env.COLUMNS);
  if (Number.isInteger(fromEnv) && fromEnv >= 40) return fromEnv;
  if (stream?.isTTY && typeof stream.columns === 'number' && stream.columns >= 40) return stream.columns;
  return 80;
}

/** The width a style carries; a bare chalk instance (library use, unit tests) has none. */
export function widthOf(style: object): OutputWidth | null {
  const w = style as Partial<OutputWidth>;
  return typeof w.columns === 'number' ? { columns: w.columns, wide: w.wide === true } : null;
}
