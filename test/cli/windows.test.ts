import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, REAL } from '../helpers/cli.js';

interface Win { fromV: number | null; toV: number | null; capacityMAh: number; specificCapacityMAhG: number | null; fraction: number }
interface Half { totalMAh: number; fileTotalMAh: number | null; windows: Win[] }

describe('cyclekit windows', () => {
  const nw = join(REAL, 'neware', 'neware_uio.csv');
  it('JSON per CLI.md; windows sum to the half-cycle total; totals agree with the file counter', () => {
    const r = cli(['windows', '--json', '--edges', '0.1,0.3', nw]);
    expect(r.code, r.stderr).toBe(0);
    const res = JSON.parse(r.stdout).results[0];
    expect(res.edgesV).toEqual([0.1, 0.3]);
    const summary = JSON.parse(cli(['summary', '--json', nw]).stdout).results[0].cycles;
    for (const c of res.cycles as { cycle: number; charge: Half | null; discharge: Half | null }[]) {
      for (const [h, key] of [[c.charge, 'chargeCapacityMAh'], [c.discharge, 'dischargeCapacityMAh']] as const) {
        if (!h) continue;
        expect(h.windows.map((w) => [w.fromV, w.toV])).toEqual([[null, 0.1], [0.1, 0.3], [0.3, null]]);
        const sum = h.windows.reduce((s, w) => s + w.capacityMAh, 0);
        expect(Math.abs(sum - h.totalMAh)).toBeLessThan(1e-9 * h.totalMAh);
        expect(h.windows.reduce((s, w) => s + w.fraction, 0)).toBeCloseTo(1, 9);
        expect(h.windows[1]!.specificCapacityMAhG).toBeCloseTo(h.windows[1]!.capacityMAh / 0.00208, 0);
        // ∫I dt vs the summary's number (the file's counter): same within 1 %
        const s = summary.find((x: { cycle: number }) => x.cycle === c.cycle)[key];
        expect(Math.abs(h.totalMAh - s) / s).toBeLessThan(0.01);
      }
    }
  });

  it('CSV long format and table', () => {
    const csv = cli(['windows', '--csv', '--cycle', '2', nw]);
    expect(csv.code).toBe(0);
    const lines = csv.stdout.trim().split('\n');
    expect(lines[0]).toBe('file,cycle,direction,fromV,toV,capacityMAh,specificCapacityMAhG,fraction,totalMAh,fileTotalMAh');
    // One edge by default: the valley at 0.17 V between graphite's stage couples at 0.10 and 0.26 V.
    expect(lines).toHaveLength(1 + 2 * 2);
    const t = cli(['windows', '--cycle', '2', nw]);
    expect(t.stdout).toMatch(/edges: valleys between the dQ\/dV couples of cycle 2 \(0\.10 V, 0\.26 V\)/);
    expect(t.stdout).toMatch(/< 0\.17 V/);
    expect(t.stdout).toMatch(/≥ 0\.17 V/);
  });

  it('rejects edges that do not increase', () => {
    const r = cli(['windows', '--edges', '3.6,3.0', 'fixtures/demo/cc-demo.csv']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--edges 3\.6,3\.0: voltage edges must increase/);
  });
});
