#!/usr/bin/env node
// Regenerate fixtures/he-v/ with the built CLI (`npm run fixtures` builds first). Every file is
// seeded, so rerunning gives the same bytes; fixtures/he-v/PROVENANCE.md lists the same commands.
import { execFileSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..');
const BIN = join(ROOT, 'bin', 'cyclekit.js');
const OUT = join(ROOT, 'fixtures', 'he-v');

/** file name → simulate options (without -o). Keep in step with PROVENANCE.md. */
export const FIXTURES = {
  'he-v-0.2C.csv': ['--material', 'he-v', '--protocol', 'cycling', '--c-rate', '0.2', '--cycles', '4', '--dt', '60', '--seed', '1'],
  'he-v-0.2C.neware.csv': ['--material', 'he-v', '--protocol', 'cycling', '--c-rate', '0.2', '--cycles', '4', '--dt', '60', '--seed', '1', '--layout', 'neware'],
  'he-v-0.2C.land.txt': ['--material', 'he-v', '--protocol', 'cycling', '--c-rate', '0.2', '--cycles', '4', '--dt', '60', '--seed', '1', '--layout', 'land'],
  'nvp-0.2C.csv': ['--material', 'nvp', '--protocol', 'cycling', '--c-rate', '0.2', '--cycles', '4', '--dt', '60', '--seed', '2'],
  'he-v-rate.csv': ['--material', 'he-v', '--protocol', 'rate', '--cycles', '2', '--dt', '60', '--dv', '0.01', '--seed', '3'],
  'hc-he-v-full-0.2C.csv': ['--protocol', 'full-cell', '--c-rate', '0.2', '--cycles', '4', '--dt', '60', '--seed', '4'],
  'he-v-long-50C-200.csv': ['--material', 'he-v', '--protocol', 'long', '--c-rate', '50', '--cycles', '200', '--dt', '10', '--dv', '0.1', '--seed', '5'],
};

let total = 0;
for (const [name, args] of Object.entries(FIXTURES)) {
  const file = join(OUT, name);
  execFileSync(process.execPath, [BIN, 'simulate', ...args, '-o', file], { stdio: ['ignore', 'inherit', 'inherit'] });
  total += statSync(file).size;
}
process.stderr.write(`fixtures/he-v: ${Object.keys(FIXTURES).length} files, ${(total / 1e6).toFixed(2)} MB\n`);
