import { afterAll, beforeAll } from 'vitest';

/**
 * The suite runs with CYCLEKIT_ISOLATE=off (vitest.config.ts: a worker per spreadsheet or
 * container is ~0.3 s the other tests need not pay). Hostile containers are the point of worker
 * isolation, so their test files turn it back on for every CLI call they make.
 */
export function withWorkerIsolation(): void {
  let saved: string | undefined;
  beforeAll(() => {
    saved = process.env.CYCLEKIT_ISOLATE;
    process.env.CYCLEKIT_ISOLATE = 'on';
  });
  afterAll(() => {
    if (saved === undefined) delete process.env.CYCLEKIT_ISOLATE;
    else process.env.CYCLEKIT_ISOLATE = saved;
  });
}
