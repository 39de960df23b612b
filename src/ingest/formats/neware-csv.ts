import { mapColumns, splitHeader, unitFor } from '../text/columns.js';
import { makeTextReader } from '../text/delimited.js';
import { byColumns, headerCells, probeLines } from '../text/sniff.js';
import { parseDuration, parseNumber } from '../text/values.js';
import type { TableLayout } from '../text/layout.js';
import { LayeredCycleRows } from '../text/cycle-rows.js';

/**
 * Neware BTS flat CSV (one header row): `Cycle Index`, `Step Index`, `Step Type`, `Time` (step
 * time), `Total Time`/`Cumulative Time` (h:mm:ss, hours past 24), `Current(A)`, `Voltage(V)`,
 * `Capacity(Ah)`, `Chg. Cap.(Ah)`, `DChg. Cap.(Ah)`. Neware's capacity counters restart at every step.
 */
export const newareCsv = makeTextReader({
  id: 'neware-csv',
  title: 'Neware BTS CSV export (flat)',
  sniff(probe) {
    const lines = probeLines(probe, 20);
    return (
      byColumns(lines, ['Cycle Index', 'Step Index', 'Step Type'], 0.9, 'Neware') ??
      byColumns(lines, ['循环号', '工步类型'], 0.9, 'Neware (Chinese headers)') ??
      byColumns(lines, ['Cycle ID', 'Step ID', 'Step Type'], 0.85, 'Neware')
    );
  },
  aliases: {
    time: ['Total Time', 'Cumulative Time', 'Test Time', '总时间'],
    capacity: ['Capacity', '容量'],
    specificCapacity: ['Spec. Cap.', '比容量'],
  },
  capacityCounter: 'step',
});

const CYCLE_ROW = /^cycle id$/i;
const STEP_ROW = /^step id$/i;
const RECORD_ROW = /^record id$/i;

/** The cycle rows: the cycler's own per-cycle figures (`Cap_Chg(mAh)`, `Cap_DChg(mAh)`, `Charge/Discharge Efficiency(%)`). */
const cycleRows = new LayeredCycleRows();

/**
 * Neware's layered CSV export: three header lines (cycle, step, record), then rows whose
 * leading empty fields say their layer — `1,…` a cycle, `,1,CC_Chg,…` a step, `,,1,…` a record.
 * Records carry only step time (a duration or a number in the header's unit), so test time is
 * accumulated across steps; cycle number, step number and step name come from the enclosing
 * cycle and step rows, and the cycle rows' own capacities and efficiency are the cycler's
 * per-cycle figures.
 */
export const newareLayeredCsv = makeTextReader({
  id: 'neware-layered-csv',
  title: 'Neware BTS CSV export (layered: cycle / step / record rows)',
  sniff(probe) {
    const lines = probeLines(probe, 10);
    const i = layeredHeaderIndex(lines);
    return i === null ? null : { confidence: 0.95, reason: `Neware layered export: header lines ${i - 1}–${i + 1} start with 'Cycle ID', ',Step ID', ',,Record ID'` };
  },
  layout(lines, options) {
    const at = layeredHeaderIndex(lines);
    if (at === null) return null;
    const delimiter = lines[at]!.includes('\t') ? '\t' : ',';
    const cells = [...recordCells(lines[at]!.split(delimiter)), 'Test Time(s)', 'Cycle ID', 'Step ID', 'Step Name'];
    const columns = mapColumns(cells, { ...options, aliases: { time: ['Test Time'], state: ['Step Name'], cycle: ['Cycle ID'], step: ['Step ID'] }, exclude: ['Time'] });
    const layout: TableLayout = { headerIndex: at, delimiter, decimalComma: false, cells, columns };
    cycleRows.declare(layout, lines[at - 2]!.split(delimiter).map((c) => c.trim()));
    return layout;
  },
  rowTransform(layout) {
    const recordTime = recordTimeColumn(layout.cells);
    let cycle = '';
    let step = '';
    let stepName = '';
    let offsetS = 0;
    let lastStepTimeS = 0;
    const keepCycleRow = cycleRows.startRead(layout);
    return (cells) => {
      const lead = cells.findIndex((c) => c.trim().length > 0);
      if (lead === 0) {
        // A cycle row: its summaries are the cycler's per-cycle figures, not records.
        cycle = cells[0]!.trim();
        keepCycleRow(cells.map((c) => c.trim()));
        return null;
      }
      if (lead === 1) {
        // A new step: its records count time from zero again.
        offsetS += lastStepTimeS;
        lastStepTimeS = 0;
        step = cells[1]!.trim();
        stepName = (cells[2] ?? '').trim();
        return null;
      }
      if (lead !== 2) return null;
      const record = cells.slice(2);
      const stepTimeS = recordTime ? recordTime.seconds(record[recordTime.index] ?? '') : Number.NaN;
      if (!Number.isNaN(stepTimeS)) lastStepTimeS = stepTimeS;
      return [...record, String(offsetS + stepTimeS), cycle, step, stepName];
    };
  },
  instrumentCycles(layout) {
    return cycleRows.figures(layout, {
      cycle: /^cycle id$/i,
      chargeMAh: /^(cap_chg|chg\.? cap\.?|capacity of charge)\s*\(mah\)$/i,
      dischargeMAh: /^(cap_dchg|dchg\.? cap\.?|capacity of discharge)\s*\(mah\)$/i,
      cePercent: /efficiency\s*\(%\)$/i,
    });
  },
  capacityCounter: 'step',
});

/** Index of the record-layer header line, or null when the three layered headers are absent. */
function layeredHeaderIndex(lines: string[]): number | null {
  for (let i = 0; i + 2 < Math.min(lines.length, 20); i++) {
    const a = headerCells(lines[i]!);
    const b = headerCells(lines[i + 1]!);
    const c = headerCells(lines[i + 2]!);
    if (CYCLE_ROW.test(a[0] ?? '') && (b[0] ?? 'x') === '' && STEP_ROW.test(b[1] ?? '') && (c[0] ?? 'x') === '' && (c[1] ?? 'x') === '' && RECORD_ROW.test(c[2] ?? '')) {
      return i + 2;
    }
  }
  return null;
}

/**
 * The record layer's own clock (the step time): `Time(h:min:s.ms)` as a duration in some
 * exports, plain numbers in a unit (`Time(s)`, `Time(h)`) in others, while the cycle layer
 * above may write its `Chg. Time` / `DChg. Time` as duration strings either way.
 */
function recordTimeColumn(cells: string[]): { index: number; seconds(raw: string): number } | null {
  const index = cells.findIndex((c) => /^(time|step time|relative time)$/i.test(splitHeader(c).name.trim()));
  if (index < 0) return null;
  const unit = unitFor('time', splitHeader(cells[index]!).unit);
  const scale = unit?.scale ?? 1;
  return {
    index,
    seconds(raw) {
      const n = parseNumber(raw, false);
      return Number.isNaN(n) ? parseDuration(raw) : n * scale;
    },
  };
}

function recordCells(cells: string[]): string[] {
  return cells.slice(2).map((c) => c.trim());
}
