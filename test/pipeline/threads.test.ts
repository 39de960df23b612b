import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, writeTemp } from '../helpers/cli.js';

/**
 * Worker threads need the compiled build (`npm test` builds before it runs), so this file
 * drives dist/ — the code the CLI runs — with pieces cut small enough to give every thread work.
 */
const dist = (p: string): string => join(ROOT, 'dist', p);
const { loadDataset } = (await import(dist('pipeline/load.js'))) as typeof import('../../src/pipeline/load.js');
const { foldInParallel } = (await import(dist('pipeline/fold-parallel.js'))) as typeof import('../../src/pipeline/fold-parallel.js');
const { openRecords } = (await import(dist('ingest/open.js'))) as typeof import('../../src/ingest/open.js');

const base = { columns: {}, strict: false, restCurrentA: 1e-7, keepPoints: false, cycleRule: 'auto' as const, massG: null, cRateBasis: null };
const oneThread = { threads: 1, minBytes: 0, pieceBytes: 1 << 16 };
const threads = (n: number) => ({ threads: n, minBytes: 0, pieceBytes: 1 << 16 });

describe('folding on worker threads', () => {
  for (const name of ['he-v-long-50C-200.csv', 'he-v-rate.csv', 'he-v-0.2C.neware.csv']) {
    it(`${name}: 2 and 3 threads give the one-thread dataset, points included`, async () => {
      const file = join(ROOT, 'fixtures', 'he-v', name);
      const one = await loadDataset(file, { ...base, keepPoints: true, parallel: oneThread });
      // 2 threads: the threaded fold itself, so that a silent fall-back to one pass cannot pass for it.
      const stream = await openRecords(file, base);
      const steps = await foldInParallel(stream, base, { ...base, keepPoints: true, capacityCounter: stream.header.capacityCounter }, threads(2));
      expect(steps).not.toBeNull();
      expect(steps).toEqual(one.steps);
      // 3 threads: the whole dataset as the CLI loads it.
      const many = await loadDataset(file, { ...base, keepPoints: true, parallel: threads(3) });
      expect(many).toEqual(one);
    });
  }

  it('really folds in pieces (not a silent fallback)', async () => {
    const file = join(ROOT, 'fixtures', 'he-v', 'he-v-long-50C-200.csv');
    const stream = await openRecords(file, base);
    const joined = await foldInParallel(stream, base, { ...base, capacityCounter: stream.header.capacityCounter }, threads(2));
    expect(joined).not.toBeNull();
    // 200 cycles of one charge and one discharge step.
    expect(joined!.length).toBe(400);
    expect(joined!.filter((s) => s.kind === 'charge').length).toBe(200);
    expect(joined![0]!.startLine).toBe(2);
    expect(stream.stats.rows).toBe(joined!.reduce((n, s) => n + s.records, 0));
  });

  it('an error in a piece is reported as one pass reports it', async () => {
    const rows = ['Test Time (s),Voltage (V),Current (A),Cycle Index,Step Index'];
    for (let k = 1; k <= 20000; k++) rows.push(`${k === 15000 ? 1 : k},3.5,${k % 200 < 100 ? 0.001 : -0.001},${1 + Math.floor(k / 200)},${k % 200 < 100 ? 1 : 2}`);
    const file = writeTemp('backwards.csv', rows.join('\n') + '\n');
    const one = await loadDataset(file, { ...base, parallel: oneThread }).catch((e: Error) => e.message);
    const many = await loadDataset(file, { ...base, parallel: threads(2) }).catch((e: Error) => e.message);
    expect(one).toMatch(/time goes backwards: 1 s after 14999 s on line 15000/);
    expect(many).toBe(one);
  });
});
