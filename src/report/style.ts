import { Chalk, type ChalkInstance } from 'chalk';
import { terminalColumns, type OutputWidth } from './width.js';

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
