import { VERSION } from '../version.js';

/** The one JSON document every command prints with --json (CLI.md "JSON envelope"). */
export function envelope(command: string, results: unknown[]): string {
  return JSON.stringify({ cyclekit: VERSION, command, results }, replacer, 2) + '\n';
}

/** NaN and ±Infinity are not JSON: absent values are null. */
function replacer(_key: string, value: unknown): unknown {
  if (typeof value === 'number' && !Number.isFinite(value)) return null;
  return value;
}
