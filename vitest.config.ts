import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig } from 'vitest/config';

// The parsed-data cache of a test run lives in its own folder, never in the user's cache.
const cacheDir = mkdtempSync(join(tmpdir(), 'cyclekit-test-cache-'));
process.on('exit', () => rmSync(cacheDir, { recursive: true, force: true }));

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Vitest leaves one core free by default: on a 2-core machine that is one test file at a
    // time. The CLI runs in-process (test/helpers/cli.ts), so every core can take a file.
    maxWorkers: Math.max(2, availableParallelism()),
    env: { CYCLEKIT_CACHE_DIR: cacheDir },
  },
});
