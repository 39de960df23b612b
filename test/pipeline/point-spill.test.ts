import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadDataset, type LoadOptions } from '../../src/pipeline/load.js';
import { PointSpill } from '../../src/pipeline/point-spill.js';
import { cycleWindows } from '../../src/analysis/windows.js';
import { CacheStore } from '../../src/cache/store.js';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { ROOT, tempDir } from '../helpers/cli.js';

/**
 * Points kept in a temporary file (LoadOptions.spillPointsFromBytes) must be the points kept in
 * memory, bit for bit, wherever the analyses read them from; only memory may differ.
 */
const base: LoadOptions = { columns: {}, strict: false, restCurrentA: 1e-7, keepPoints: true, cycleRule: 'auto', massG: null, cRateBasis: null };
const LONG = join(ROOT, 'fixtures', 'he-v', 'he-v-long-50C-200.csv');

describe('points spilled to a temporary file', () => {
  it('give the same points and windows as points in memory (200 cycles, 400 steps)', async () => {
    const inMemory = await loadDataset(LONG, base);
    const spilled = await loadDataset(LONG, { ...base, spillPointsFromBytes: 0 });
    expect(spilled.steps.length).toBe(inMemory.steps.length);
    expect(spilled.steps.length).toBe(400);
    expect(Object.getOwnPropertyDescriptor(spilled.steps[0]!, 'points')!.get).toBeDefined();
    // Out of order and again: the store reads runs of steps back and keeps a few.
    const order = [...spilled.steps.keys()].reverse().concat([...spilled.steps.keys()]);
    let compared = 0;
    const differing: string[] = [];
    for (const i of order) {
      const a = inMemory.steps[i]!.points!;
      const b = spilled.steps[i]!.points!;
      for (const k of ['timeS', 'voltageV', 'currentA', 'chargeAh'] as const) {
        if (b.length !== a.length || b[k].length !== a.length) differing.push(`step ${i} length`);
        for (let j = 0; j < a.length; j++) if (!Object.is(a[k][j], b[k][j])) differing.push(`step ${i} ${k}[${j}]`);
        compared += a.length;
      }
    }
    expect(differing.slice(0, 5)).toEqual([]);
    expect(compared).toBe(95_296); // 400 steps' four arrays, twice
    const windows = (d: typeof inMemory): string => JSON.stringify(cycleWindows(d.cycles.cycles.slice(0, 20), [3.0, 3.6], 0.002));
    expect(windows(spilled)).toBe(windows(inMemory));
    // Setting points lets them go (report does) and the step says so from then on.
    spilled.steps[3]!.points = null;
    expect(spilled.steps[3]!.points).toBeNull();
    expect(spilled.steps[4]!.points!.length).toBe(inMemory.steps[4]!.points!.length);
  });

  it('a file below the size stays in memory; an unknown id is an error, not zeros', async () => {
    const small = await loadDataset(LONG, { ...base, spillPointsFromBytes: 1 << 30 });
    expect(Object.getOwnPropertyDescriptor(small.steps[0]!, 'points')!.get).toBeUndefined();
    const spill = PointSpill.create()!;
    const id = spill.put({ timeS: Float64Array.of(1, 2), voltageV: Float64Array.of(3, 4), currentA: Float64Array.of(5, 6), chargeAh: Float64Array.of(7, 8), length: 2 });
    expect(Array.from(spill.get(id).chargeAh)).toEqual([7, 8]);
    expect(() => spill.get(id + 1)).toThrow(RangeError);
    spill.close();
  });

  it('a cache entry read back lazily gives the same points; a block damaged meanwhile is an E_IO error, never other numbers', async () => {
    const dir = tempDir('cyclekit-cache-');
    const cache = new CacheStore({ dir, maxBytes: 1 << 30 });
    const inMemory = await loadDataset(LONG, base);
    await loadDataset(LONG, { ...base, cache }); // fills the entry
    const lazy = await loadDataset(LONG, { ...base, cache, spillPointsFromBytes: 0 });
    expect(Object.getOwnPropertyDescriptor(lazy.steps[1]!, 'points')!.get).toBeDefined();
    for (const i of [399, 0, 200, 1]) expect(Array.from(lazy.steps[i]!.points!.voltageV)).toEqual(Array.from(inMemory.steps[i]!.points!.voltageV));
    // Damage the last block's bytes (the table and meta still check out): reading it must fail.
    const again = await loadDataset(LONG, { ...base, cache, spillPointsFromBytes: 0 });
    const entry = join(dir, readdirSync(dir).find((n) => n.endsWith('.bin'))!);
    const bytes = readFileSync(entry);
    bytes[bytes.length - 16] ^= 0xff;
    writeFileSync(entry, bytes);
    expect(() => again.steps[399]!.points).toThrow(/cache entry .* damaged/);
  });
});
