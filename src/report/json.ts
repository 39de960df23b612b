import { VERSION } from '../version.js';

/** The one JSON document every command prints with --json (CLI.md "JSON envelope"). */
export function envelope(command: string, results: unknown[]): string {
  // JSON.stringify already writes NaN and ±Infinity as null, the contract's "absent".
  return JSON.stringify({ cyclekit: VERSION, command, results }, null, 2) + '\n';
}
