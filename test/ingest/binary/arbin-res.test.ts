import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadDataset, type LoadOptions } from '../../../src/pipeline/load.js';
import { openRecords } from '../../../src/ingest/open.js';
import { REAL } from '../../helpers/cli.js';

const RES = join(REAL, 'arbin', '20160805_test001_45_cc_01.res');
const options: LoadOptions = { columns: {}, strict: false, restCurrentA: 1e-7, keepPoints: false, cycleRule: 'auto', massG: null, cRateBasis: null };

describe('Arbin .res (Access database)', () => {
  it('reads every row of Channel_Normal_Table in Data_Point order, with Global_Table metadata', async () => {
    const stream = await openRecords(RES, { columns: {}, strict: false });
    expect(stream.header.format).toBe('arbin-res');
    let n = 0;
    let last = 0;
    for await (const batch of stream.batches) {
      for (const r of batch) {
        expect(r.line).toBeGreaterThan(last);
        last = r.line;
        n++;
      }
    }
    expect(n).toBe(10261); // cellpy loader_arbin_res golden
    expect(stream.header.metadata.channel).toBe('3');
    expect(stream.header.metadata.creator).toBe('hfa');
    expect(stream.header.metadata.startTime).toMatch(/^2016-08-05T16:16:23/); // OLE 42587.67804398148
    expect(stream.header.metadata.activeMassG).toBeCloseTo(0.000852838, 9);
  });

  it('gives the cellpy golden per-cycle capacities (MANIFEST GOLD)', async () => {
    const ds = await loadDataset(RES, options);
    const cycles = ds.cycles.cycles;
    expect(cycles).toHaveLength(18);
    const c1 = cycles[0]!;
    expect(c1.number).toBe(1);
    expect(c1.steps.at(-1)!.endLine).toBe(1457);
    const sum = (kind: 'charge' | 'discharge', c = c1): number => c.steps.filter((s) => s.kind === kind).reduce((a, s) => a + (s.fileCapacityAh ?? 0), 0);
    expect(sum('charge')).toBeCloseTo(0.001625406, 9);
    expect(sum('discharge')).toBeCloseTo(0.001755094, 9);
    expect(sum('charge', cycles[1]!)).toBeCloseTo(0.001699564, 9);
    expect(sum('discharge', cycles[1]!)).toBeCloseTo(0.001567475, 9);
    const steps = ds.steps.length;
    expect(steps).toBeGreaterThanOrEqual(103 - 18); // cellpy counts 103 (cycle, step) pairs
  });
});
