import { describe, expect, it } from 'vitest';
import { biologicRecords, chooseBiologicMass } from '../../../src/ingest/formats/biologic-records.js';
import { StepSegmenter } from '../../../src/segment/steps.js';
import { assignCycles } from '../../../src/segment/cycles.js';
import { summariseCycles } from '../../../src/analysis/summary.js';
import type { FileMetadata } from '../../../src/model/record.js';

/** A table from rows of [time s, Ns, half cycle, Q charge/discharge mAh, I mA]. */
function table(rows: [number, number, number, number, number][]) {
  const col = (k: number) => Float64Array.from(rows.map((r) => r[k]!));
  const columns = new Map<string, Float64Array>([
    ['time/s', col(0)],
    ['Ewe/V', Float64Array.from(rows.map(() => 3.5))],
    ['Ns', col(1)],
    ['half cycle', col(2)],
    ['Q charge/discharge/mA.h', col(3)],
    ['I/mA', col(4)],
  ]);
  return { points: rows.length, column: (n: string) => columns.get(n), lineOf: (p: number) => p + 1 };
}

function cycles(rows: [number, number, number, number, number][]) {
  const mapped = biologicRecords(table(rows));
  const seg = new StepSegmenter({ restCurrentA: 1e-12, keepPoints: false, capacityCounter: mapped.capacityCounter });
  for (const r of mapped.records) seg.push(r);
  const assigned = assignCycles(seg.finish(), 'auto', mapped.cycleNumbering);
  return { rule: assigned.description, rows: summariseCycles(assigned.cycles, { massG: null, cRateBasis: null, ce: 'discharge-over-charge', capacityTolerance: 1 }) };
}

describe('EC-Lab half-cycle counter → per-cycle capacities', () => {
  it('a counter carried through rest and EIS steps is counted once, where it grew (Modulo Bat)', () => {
    const s = cycles([
      // half cycle 0 (charge): rest, charge to 1.0 mAh
      [0, 0, 0, 0, 0],
      [1, 1, 0, 0.5, 1],
      [2, 1, 0, 1.0, 1],
      // half cycle 1 (discharge): discharge to 0.8, rest (counter held), EIS dips then grows to 0.9
      [3, 2, 1, -0.4, -1],
      [4, 2, 1, -0.8, -1],
      [5, 3, 1, -0.8, 0],
      [6, 4, 1, -0.79, 0.5],
      [7, 4, 1, -0.9, -0.5],
      // half cycle 2 (charge): a new cycle, counter restarts
      [8, 1, 2, 0.6, 1],
      [9, 1, 2, 1.1, 1],
    ]);
    expect(s.rule).toMatch(/^file: EC-Lab's cycle number, counted from 0/);
    expect(s.rows.map((c) => [c.cycle, c.chargeCapacityMAh, c.dischargeCapacityMAh])).toEqual([
      [0, 1.0, expect.closeTo(0.9, 12)],
      [1, expect.closeTo(1.1, 12), null],
    ]);
  });

  it('a run where the counter did not grow is rest (no current) or other (current, e.g. EIS with no net charge)', () => {
    const mapped = biologicRecords(
      table([
        [0, 0, 0, 0, 0],
        [1, 1, 0, 0, 0.3],
        [2, 1, 0, 0, -0.3],
        [3, 2, 0, 0.2, 1],
      ]),
    );
    expect(mapped.records.map((r) => r.stepKind)).toEqual(['rest', 'other', 'other', 'charge']);
    expect(mapped.records.map((r) => r.capacityAh)).toEqual([null, null, null, 0.0002]);
  });
});

describe('active mass from EC-Lab settings', () => {
  const pick = (active: number | null, characteristic: number | null): FileMetadata => {
    const meta: FileMetadata = {};
    chooseBiologicMass(meta, active, characteristic);
    return meta;
  };
  it('prefers "Mass of active material" and skips the 0.001 mg / 0.001 g defaults', () => {
    expect(pick(7, 0.001)).toMatchObject({ activeMassG: 7, activeMassSource: 'EC-Lab "Mass of active material"' });
    expect(pick(1e-6, 0.0123)).toMatchObject({ activeMassG: 0.0123, activeMassSource: 'EC-Lab "Characteristic mass"' });
    expect(pick(1e-6, 0.001).activeMassG).toBeUndefined();
    expect(pick(null, null).activeMassG).toBeUndefined();
  });
});
