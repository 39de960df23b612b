import { Chalk, type ChalkInstance } from 'chalk';

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

/**
 * Colour only when writing to a terminal and NO_COLOR is unset (https://no-color.org):
 * chalk alone looks at FORCE_COLOR and TTY support but not at NO_COLOR. The instance also
 * carries the output width that tables and charts fit themselves to.
 */
export function makeStyle(stream: NodeJS.WriteStream = process.stdout, env: NodeJS.ProcessEnv = process.env, wide = false): ChalkInstance & OutputWidth {
  const noColor = env.NO_COLOR !== undefined && env.NO_COLOR !== '';
  const level = noColor || !stream.isTTY ? 0 : 1;
  return Object.assign(new Chalk({ level }), { columns: terminalColumns(env, stream), wide });
}

/** The width a style carries; a bare chalk instance (library use, unit tests) has none. */
export function widthOf(style: ChalkInstance): OutputWidth | null {
  const w = style as Partial<OutputWidth>;
  return typeof w.columns === 'number' ? { columns: w.columns, wide: w.wide === true } : null;
}
