import { Chalk, type ChalkInstance } from 'chalk';

/**
 * Colour only when writing to a terminal and NO_COLOR is unset (https://no-color.org):
 * chalk alone looks at FORCE_COLOR and TTY support but not at NO_COLOR.
 */
export function makeStyle(stream: NodeJS.WriteStream = process.stdout, env: NodeJS.ProcessEnv = process.env): ChalkInstance {
  const noColor = env.NO_COLOR !== undefined && env.NO_COLOR !== '';
  const level = noColor || !stream.isTTY ? 0 : 1;
  return new Chalk({ level });
}
