#!/usr/bin/env node
// Thin shim: the program lives in dist/ (built by `npm run build`, run automatically by `npm ci`).
import { runFromShell } from '../dist/cli/entry.js';

// `cyclekit … | head`: a reader that closes the pipe has all it wants. Stop quietly instead of
// dying on an unhandled EPIPE with a stack trace (and instead of computing output nobody reads).
process.stdout.on('error', (err) => {
  if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw err;
});

runFromShell(process.argv).then(
  (code) => {
    process.exitCode = code;
  },
  // main() turns every error into one line; this is for a bug before or around it.
  (err) => {
    process.stderr.write(`cyclekit: internal error: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 2;
  },
);
