import type { StreamHeader } from '../../model/record.js';
import type { RowCells } from './cells.js';
import type { Field, MappedColumn } from './columns.js';
import { parseNumber } from './values.js';
import { CycleCounterTotals, type CycleCounterFindings } from '../cycle-counters.js';

/**
 * A start stamp for humans: Unix seconds (Arbin DateTime, BDF Unix Time) and MATLAB datenums
 * (BatteryData Datenum_d) become ISO 8601 UTC; text stamps are kept as written.
 */
function readableStamp(raw: string, columnName: string, decimalComma: boolean): string {
  const n = parseNumber(raw, decimalComma);
  if (Number.isNaN(n)) return raw;
  // MATLAB datenum: days since 0000-01-00; 719529 is 1970-01-01.
  if (/datenum/i.test(columnName) && n > 6e5 && n < 1e6) return new Date(Math.round((n - 719529) * 86400) * 1000).toISOString();
  if (n > 1e8 && n < 1e10) return new Date(n * 1000).toISOString();
  if (n > 1e11 && n < 1e13) return new Date(n).toISOString();
  return raw;
}

/**
 * What the reader learns from the rows besides the records: the first wall-clock stamp (a start
 * time when the preamble has none), for mass inference the row with the largest capacity that
 * also has a specific capacity (the largest values carry the most significant digits), and the
 * cycler's per-cycle counters when they restart with every cycle.
 */
export class Sideline {
  /** Off for rows a piece reads past its end: they belong to the next piece's findings. */
  watching = true;
  firstStamp: string | null = null;
  private readonly stampCol: MappedColumn | undefined;
  private readonly capCol: MappedColumn | undefined;
  private readonly specCol: MappedColumn | undefined;
  bestCapacityAh = 0;
  bestSpecificMAhG = 0;
  private readonly counters: { cycle: MappedColumn; charge: MappedColumn | undefined; discharge: MappedColumn | undefined; totals: CycleCounterTotals } | null;

  constructor(col: (f: Field) => MappedColumn | undefined, private readonly decimalComma: boolean, inferMass: boolean, cycleCounters: boolean) {
    this.stampCol = col('datetime');
    this.specCol = inferMass ? col('specificCapacity') : undefined;
    this.capCol = this.specCol ? col('capacity') : undefined;
    const cycle = col('cycle');
    const [charge, discharge] = [col('chargeCapacity'), col('dischargeCapacity')];
    this.counters = cycleCounters && cycle && (charge || discharge) ? { cycle, charge, discharge, totals: new CycleCounterTotals() } : null;
  }

  get active(): boolean {
    return this.stampCol !== undefined || this.capCol !== undefined || this.counters !== null;
  }

  /** `capacityAh` is the row's already-parsed capacity column (null when empty). */
  see(cells: RowCells, capacityAh: number | null): void {
    if (!this.watching) return;
    if (this.firstStamp === null && this.stampCol) {
      const raw = cells.text(this.stampCol.index).trim();
      if (raw.length > 0) this.firstStamp = raw;
    }
    if (this.counters) {
      const { cycle, charge, discharge, totals } = this.counters;
      const value = (c: MappedColumn | undefined): number | null => {
        const x = c ? cells.number(c.index) : Number.NaN;
        return Number.isNaN(x) ? null : x * c!.scale;
      };
      totals.see(value(cycle), value(charge), value(discharge));
    }
    if (this.capCol && this.specCol && capacityAh !== null) {
      const q = Math.abs(capacityAh);
      if (q > this.bestCapacityAh) {
        const spec = Math.abs(cells.number(this.specCol.index) * this.specCol.scale);
        if (spec > 0) {
          this.bestCapacityAh = q;
          this.bestSpecificMAhG = spec;
        }
      }
    }
  }

  findings(): SidelineFindings {
    return { firstStamp: this.firstStamp, bestCapacityAh: this.bestCapacityAh, bestSpecificMAhG: this.bestSpecificMAhG, cycleCounters: this.counters?.totals.findings() ?? [] };
  }

  /** Take in what a later piece found, as if its rows had been seen after this one's. */
  merge(later: SidelineFindings): void {
    if (this.firstStamp === null) this.firstStamp = later.firstStamp;
    if (later.bestCapacityAh > this.bestCapacityAh) {
      this.bestCapacityAh = later.bestCapacityAh;
      this.bestSpecificMAhG = later.bestSpecificMAhG;
    }
    this.counters?.totals.merge(later.cycleCounters);
  }

  /** Fill in what the preamble lacked, once every row has been seen. */
  finish(header: StreamHeader): void {
    if (header.metadata.startTime === undefined && this.firstStamp !== null) {
      header.metadata.startTime = readableStamp(this.firstStamp, this.stampCol!.header.name, this.decimalComma);
      header.metadata.startTimeSource = `first row of '${this.stampCol!.header.raw}'`;
    }
    if (header.metadata.activeMassG === undefined && this.capCol && this.specCol && this.bestSpecificMAhG > 0) {
      const grams = (this.bestCapacityAh * 1000) / this.bestSpecificMAhG;
      header.metadata.activeMassG = grams;
      header.metadata.activeMassSource = `inferred from '${this.capCol.header.raw}' / '${this.specCol.header.raw}'`;
      header.warnings.push(
        `active mass ${(grams * 1000).toPrecision(4)} mg inferred from '${this.capCol.header.raw}' / '${this.specCol.header.raw}' (the file states no mass; pass --mass to override)`,
      );
    }
    if (this.counters) {
      const { charge, discharge, totals } = this.counters;
      const named = [charge, discharge].filter((c) => c !== undefined).map((c) => `'${c.header.raw}'`);
      const table = totals.result(`${named.join(' and ')}, each cycle's largest value (the counters restart with every cycle)`);
      if (table) header.instrumentCycles = table;
    }
  }
}

export interface SidelineFindings {
  firstStamp: string | null;
  bestCapacityAh: number;
  bestSpecificMAhG: number;
  cycleCounters: CycleCounterFindings;
}
