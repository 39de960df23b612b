import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Vitest leaves one core free by default: on a 2-core machine that is one test file at a
    // time. The CLI runs in-process (test/helpers/cli.ts), so every core can take a file.
    maxWorkers: Math.max(2, availableParallelism()),
  },
});
