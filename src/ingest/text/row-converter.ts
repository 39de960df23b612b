import type { CanonicalRecord, StepKind } from '../../model/record.js';
import { implausibleRow } from '../plausible.js';
import { fillOptionalFields, rowColumns, rowDirection } from '../row-fields.js';
import type { CellUse, RowCells } from './cells.js';
import type { Field, MappedColumn } from './columns.js';
import type { TableLayout } from './layout.js';
import { Sideline } from './sideline.js';
import type { TextFormatSpec } from './spec.js';
import { stateToKind } from './state.js';
import { parseDateTime, type TimeForm } from './values.js';

/** A text table's rows → canonical records: the per-row converter, built once per read (or per piece). */
export interface Converter {
  convert: RowConverter;
  sideline: Sideline;
  /**
   * How the converter reads each leading cell on every row. Cells past them (a wall-clock
   * stamp read once, a specific capacity read rarely) need not be split on every row.
   */
  cellPlan: CellUse[];
}

export function buildConverter(spec: TextFormatSpec, layout: TableLayout, timeIndex: number, timeForm: TimeForm): Converter {
  const col = (f: Field): MappedColumn | undefined => layout.columns.find((c) => c.field === f);
  const timeColumn = layout.columns.find((c) => c.index === timeIndex)!;
  const sideline = new Sideline(col, layout.decimalComma, spec.inferMass !== false, spec.cycleCounters === true);
  const { state, ...numeric } = rowColumns(col);
  const everyRow = [timeColumn, state, ...Object.values(numeric)].filter((c) => c !== undefined);
  const cellPlan = new Array<CellUse>(Math.max(...everyRow.map((c) => c.index)) + 1).fill('other');
  for (const c of Object.values(numeric)) if (c) cellPlan[c.index] = 'number';
  if (timeForm !== 'datetime') cellPlan[timeColumn.index] = timeForm;
  return {
    convert: rowConverter(spec, layout, timeColumn, timeForm, col, sideline),
    sideline,
    cellPlan,
  };
}

export type RowConverter = (cells: RowCells, line: number, rec: CanonicalRecord) => string | null;

/** Build the per-row converter once, so the hot loop does no lookups by name. */
function rowConverter(
  spec: TextFormatSpec,
  layout: TableLayout,
  timeCol: MappedColumn,
  timeForm: TimeForm,
  col: (f: Field) => MappedColumn | undefined,
  sideline: Sideline,
): RowConverter {
  const watch = sideline.active;
  const cols = rowColumns(col);
  const { voltage: v, current: i, capacity: cap, chargeCapacity: chgCap, dischargeCapacity: disCap, state } = cols;
  const netCounter = spec.capacityCounter === 'net' || (cap !== undefined && /q qo|net/.test(cap.header.name.toLowerCase().replace(/[-_()]/g, ' ')));
  const kindOf = spec.stateKind ?? stateToKind;
  // The previous good row, for a state that continues its step (Maccor's closing `S` record).
  const continues = spec.continuesStep;
  let hasPrevious = false;
  let prevKind: StepKind | null = null;
  let prevCycle: number | null = null;
  let prevStep: number | null = null;
  const needed = Math.max(timeCol.index, v.index, i.index) + 1;
  // A value holding the delimiter (a time written "103899,551") pushes every later cell one
  // column right: read as written it gives 551 V. Such a row is bad, never shifted. Rows a
  // vendor's rewriter builds are its own shape.
  const headerFields = spec.rowTransform ? Number.POSITIVE_INFINITY : layout.cells.length;
  let t0 = Number.NaN;
  const num = (cells: RowCells, c: MappedColumn | undefined): number | null => {
    if (!c) return null;
    const x = cells.number(c.index);
    return Number.isNaN(x) ? null : x * c.scale;
  };
  // Step states repeat for thousands of rows: classify each distinct text once.
  const kinds = new Map<string, StepKind | null>();
  const kindOfCached = (raw: string): StepKind | null => {
    let k = kinds.get(raw);
    if (k === undefined) {
      k = kindOf(raw);
      if (kinds.size < 1000) kinds.set(raw, k);
    }
    return k;
  };
  return (cells, line, rec) => {
    if (cells.length < needed) return `row has ${cells.length} of ${layout.cells.length} fields (cut short)`;
    if (cells.hasFieldsBeyond(headerFields)) return `row has more fields than the ${headerFields} of the header (a value holding the delimiter would shift the columns)`;
    let t: number;
    if (timeForm === 'number') t = cells.number(timeCol.index) * timeCol.scale;
    else if (timeForm === 'duration') t = cells.duration(timeCol.index);
    else {
      const abs = parseDateTime(cells.text(timeCol.index));
      if (Number.isNaN(t0)) t0 = abs;
      t = abs - t0;
    }
    if (Number.isNaN(t)) return badCell(timeCol, cells.text(timeCol.index));
    if (timeCol.field === 'datetime' && timeForm === 'number') {
      if (Number.isNaN(t0)) t0 = t;
      t -= t0;
    }
    const voltage = cells.number(v.index);
    if (Number.isNaN(voltage)) return badCell(v, cells.text(v.index));
    let current = cells.number(i.index);
    if (Number.isNaN(current)) return badCell(i, cells.text(i.index));
    current *= i.scale;
    let kind = state ? kindOfCached(cells.text(state.index)) : null;
    if (continues !== undefined && state && continues(cells.text(state.index)) && hasPrevious && num(cells, cols.cycle) === prevCycle && num(cells, cols.step) === prevStep) kind = prevKind;
    if (spec.currentIsMagnitude) current = kind === 'discharge' ? -Math.abs(current) : kind === 'charge' ? Math.abs(current) : current;
    const voltageV = voltage * v.scale;
    rec.line = line;
    rec.timeS = t;
    rec.voltageV = voltageV;
    rec.currentA = current;
    rec.stepKind = kind;
    fillOptionalFields(rec, cells, num, cols, rowDirection(kind, current), netCounter);
    // One check per row, once every value is read: time, voltage and current come first, so the
    // reason given is the one two checks gave. A bad row's record is never used.
    const implausible = implausibleRow(t, voltageV, current, rec.capacityAh, rec.energyWh);
    if (implausible !== null) return implausible;
    if (watch) sideline.see(cells, chgCap || disCap || netCounter ? num(cells, cap) : rec.capacityAh);
    if (continues !== undefined) {
      hasPrevious = true;
      prevKind = kind;
      prevCycle = rec.cycle;
      prevStep = rec.step;
    }
    return null;
  };
}

function badCell(c: MappedColumn, raw: string): string {
  const shown = raw.length > 40 ? `${raw.slice(0, 40)}…` : raw;
  return `column '${c.header.raw}' (column ${c.index + 1}): expected a number, found '${shown}'`;
}

/** The converter sets every field; this literal only fixes the object's shape. */
export function emptyRecord(): CanonicalRecord {
  return { line: 0, timeS: 0, voltageV: 0, currentA: 0, capacityAh: null, energyWh: null, cycle: null, step: null, stepKind: null, temperatureC: null };
}
