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
    // time. The CLI runs in-process (test/helpers/cli.ts), so every core can take a file, and one
    // more keeps the cores busy while a file waits on a child process or the browser
    // (measured on 2 cores: 79 s with 3 forks, 90 s with 2, 85 s with 4).
    maxWorkers: Math.max(2, availableParallelism()) + 1,
    env: { CYCLEKIT_CACHE_DIR: cacheDir, CYCLEKIT_ISOLATE: 'off' },
    // Test files share a fork's module cache: the CLI runner thread (test/helpers/cli.ts) and
    // the program it loads start once per fork instead of once per file. No test mocks modules.
    isolate: false,
  },
});
