#!/usr/bin/env node
// Thin shim: the program lives in dist/ (built by `npm run build`, run automatically by `npm ci`).
import { main } from '../dist/cli/main.js';

main(process.argv).then((code) => {
  process.exitCode = code;
});
