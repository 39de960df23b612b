import type { CanonicalRecord, StepKind } from '../model/record.js';
import type { Field, MappedColumn } from './text/columns.js';

/**
 * The mapped columns a row converter reads, looked up once per file so the per-row code does
 * no lookups by name. The text and spreadsheet readers share this so that a column turns into
 * the same record field however the file was stored.
 */
export interface RowColumns {
  voltage: MappedColumn;
  current: MappedColumn;
  capacity: MappedColumn | undefined;
  chargeCapacity: MappedColumn | undefined;
  dischargeCapacity: MappedColumn | undefined;
  energy: MappedColumn | undefined;
  chargeEnergy: MappedColumn | undefined;
  dischargeEnergy: MappedColumn | undefined;
  cycle: MappedColumn | undefined;
  step: MappedColumn | undefined;
  state: MappedColumn | undefined;
  temperature: MappedColumn | undefined;
}

/** The record field a mapped column fills, as `inspect` shows it beside the source column. */
export function canonicalFieldName(f: Field): string {
  const names: Record<Field, string> = {
    time: 'timeS', datetime: 'timeS (wall clock)', voltage: 'voltageV', current: 'currentA', capacity: 'capacityAh',
    chargeCapacity: 'capacityAh (charge)', dischargeCapacity: 'capacityAh (discharge)', energy: 'energyWh',
    chargeEnergy: 'energyWh (charge)', dischargeEnergy: 'energyWh (discharge)', cycle: 'cycle', step: 'step',
    state: 'stepKind', temperature: 'temperatureC', specificCapacity: 'specificCapacityMAhG (mass inference)',
  };
  return names[f];
}

/** Callers have already required voltage and current when they located the header. */
export function rowColumns(col: (f: Field) => MappedColumn | undefined): RowColumns {
  return {
    voltage: col('voltage')!,
    current: col('current')!,
    capacity: col('capacity'),
    chargeCapacity: col('chargeCapacity'),
    dischargeCapacity: col('dischargeCapacity'),
    energy: col('energy'),
    chargeEnergy: col('chargeEnergy'),
    dischargeEnergy: col('dischargeEnergy'),
    cycle: col('cycle'),
    step: col('step'),
    state: col('state'),
    temperature: col('temperature'),
  };
}

/**
 * Which half of a cycle a row belongs to: the state column when it says so, else the sign of
 * the current (positive = charge). Rest and unknown rows at zero current have none.
 */
export function rowDirection(kind: StepKind | null, currentA: number): StepKind | null {
  return kind === 'charge' || kind === 'discharge' ? kind : currentA > 0 ? 'charge' : currentA < 0 ? 'discharge' : null;
}

/** A row's number in a column, already scaled to canonical units; null when absent or not a number. */
export type CellNumber<Row> = (row: Row, column: MappedColumn | undefined) => number | null;

/**
 * Fill the optional record fields from one row. Split charge/discharge counters give the
 * counter of the row's own direction, and nothing for a row with no direction. A single counter is stored as a magnitude, unless it is a net counter whose sign carries
 * the direction (`keepSign`).
 */
export function fillOptionalFields<Row>(
  rec: CanonicalRecord,
  row: Row,
  num: CellNumber<Row>,
  cols: RowColumns,
  direction: StepKind | null,
  keepSign: boolean,
): void {
  if (cols.chargeCapacity || cols.dischargeCapacity) {
    rec.capacityAh = direction === 'charge' ? num(row, cols.chargeCapacity) : direction === 'discharge' ? num(row, cols.dischargeCapacity) : null;
  } else {
    const q = num(row, cols.capacity);
    rec.capacityAh = q === null ? null : keepSign ? q : Math.abs(q);
  }
  if (cols.chargeEnergy || cols.dischargeEnergy) {
    rec.energyWh = direction === 'charge' ? num(row, cols.chargeEnergy) : direction === 'discharge' ? num(row, cols.dischargeEnergy) : null;
  } else {
    const e = num(row, cols.energy);
    rec.energyWh = e === null ? null : keepSign ? e : Math.abs(e);
  }
  rec.cycle = num(row, cols.cycle);
  rec.step = num(row, cols.step);
  rec.temperatureC = num(row, cols.temperature);
}
