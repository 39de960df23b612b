import type { InstrumentCycle, InstrumentCycles } from '../../model/record.js';
import type { Cell } from './cells.js';

/** Header patterns of a cycler's per-cycle sheet; capacities in mAh. */
export interface CycleTableColumns {
  cycle: RegExp;
  chargeMAh?: RegExp;
  dischargeMAh?: RegExp;
  /** A CE column in percent. */
  cePercent?: RegExp;
}

const text = (c: Cell | undefined): string => (c === null || c === undefined ? '' : String(c).trim());

/**
 * The cycler's per-cycle figures from a cycle table (LAND Cycle-Tab, Neware Cycle_* sheets, the
 * cycle rows of a layered export): the first row naming the cycle column and at least one
 * other, then one row per cycle. A blank or non-numeric cell is null, never 0. Null when the
 * table has no such header. `where` names the table in the source ("Cycle-Tab sheet").
 */
export function readCycleTable(rows: Cell[][], where: string, columns: CycleTableColumns): InstrumentCycles | null {
  const find = (row: string[], re: RegExp | undefined): number => (re ? row.findIndex((h) => re.test(h)) : -1);
  for (let r = 0; r < rows.length; r++) {
    const header = rows[r]!.map(text);
    const at = { cycle: find(header, columns.cycle), charge: find(header, columns.chargeMAh), discharge: find(header, columns.dischargeMAh), ce: find(header, columns.cePercent) };
    if (at.cycle < 0 || (at.charge < 0 && at.discharge < 0 && at.ce < 0)) continue;
    const number = (row: Cell[], k: number, scale: number): number | null => {
      if (k < 0 || text(row[k]) === '') return null;
      const v = Number(row[k]);
      return Number.isFinite(v) ? v * scale : null;
    };
    const cycles: InstrumentCycle[] = [];
    for (const row of rows.slice(r + 1)) {
      const cycle = number(row, at.cycle, 1);
      if (cycle === null || !Number.isInteger(cycle)) continue;
      const ce = number(row, at.ce, 0.01);
      cycles.push({ cycle, chargeCapacityAh: number(row, at.charge, 1e-3), dischargeCapacityAh: number(row, at.discharge, 1e-3), coulombicEfficiency: ce !== null && ce > 0 ? ce : null });
    }
    const named = [at.charge, at.discharge, at.ce].filter((k) => k >= 0).map((k) => header[k]);
    return cycles.length === 0 ? null : { source: `${where} (${named.join(', ')})`, ceConvention: null, cycles };
  }
  return null;
}
