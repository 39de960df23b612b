import type { ChalkInstance } from 'chalk';
import type { CycleWindows, HalfCycleWindows } from '../analysis/windows.js';
import type { WindowsResult } from '../pipeline/windows.js';
import { cellTypeJson, type CellTypeJson } from './dataset.js';
import type { Emitters } from './emitters.js';
import { csvNumber, fixed, percent } from './numbers.js';
import { renderTable, type TableColumn } from './table.js';
import { allItems, itemOf, type Items } from '../util/lazy-items.js';

/** "< 3.00 V", "3.00–3.60 V", "≥ 3.60 V". */
export function windowLabel(fromV: number | null, toV: number | null): string {
  if (fromV === null) return `< ${fixed(toV, 2)} V`;
  if (toV === null) return `≥ ${fixed(fromV, 2)} V`;
  return `${fixed(fromV, 2)}–${fixed(toV, 2)} V`;
}

/** One row per cycle and direction; each window shows mAh (or mAh g⁻¹ with a mass) and its share. */
export function windowsTable(cycles: CycleWindows[], edgesV: number[], style: ChalkInstance): string {
  const hasMass = cycles.some((c) => (c.charge ?? c.discharge)?.totalSpecificCapacityMAhG != null);
  const unit = hasMass ? 'mAh g⁻¹' : 'mAh';
  const bounds = [null, ...edgesV].map((from, i) => [from, i < edgesV.length ? edgesV[i]! : null] as const);
  const columns: TableColumn[] = [
    { header: 'cycle', align: 'right' },
    { header: 'dir', align: 'left' },
    { header: 'total', unit },
    ...bounds.flatMap(([a, b]) => [{ header: windowLabel(a, b), unit }, { header: '', unit: '%' }]),
  ];
  const rows: string[][] = [];
  for (const c of cycles) {
    for (const [dir, h] of [['chg', c.charge], ['dis', c.discharge]] as const) {
      if (!h) continue;
      rows.push([String(c.cycle), dir, value(h.totalMAh, h.totalSpecificCapacityMAhG), ...h.windows.flatMap((w) => [value(w.capacityMAh, w.specificCapacityMAhG), percent(w.fraction, 1)])]);
    }
  }
  return renderTable(columns, rows, style);

  function value(mAh: number, mAhG: number | null): string {
    return hasMass ? fixed(mAhG, 2) : fixed(mAh, 4);
  }
}

export const WINDOWS_CSV_HEADER = ['cycle', 'direction', 'fromV', 'toV', 'capacityMAh', 'specificCapacityMAhG', 'fraction', 'totalMAh', 'fileTotalMAh'];

/** Long format: one row per cycle, direction and window, made as they are iterated (cycles one at a time when they are LazyItems). */
export function* windowsCsvRows(cycles: Items<CycleWindows>): Generator<(string | number | null)[]> {
  function* half(cycle: number, direction: string, h: HalfCycleWindows | null): Generator<(string | number | null)[]> {
    if (!h) return;
    for (const w of h.windows) {
      yield [cycle, direction, csvNumber(w.fromV), csvNumber(w.toV), csvNumber(w.capacityMAh), csvNumber(w.specificCapacityMAhG), csvNumber(w.fraction), csvNumber(h.totalMAh), csvNumber(h.fileTotalMAh)];
    }
  }
  for (let i = 0; i < cycles.length; i++) {
    const c = itemOf(cycles, i);
    yield* half(c.cycle, 'charge', c.charge);
    yield* half(c.cycle, 'discharge', c.discharge);
  }
}

/** `windows --json` (and report's `windows` key): how the file was read, the edges and why, every cycle's windows. */
export interface WindowsJson extends CellTypeJson {
  format: string;
  massG: number | null;
  cycleRule: string;
  capacityBasis: string;
  edgesV: number[];
  edgesSource: string;
  edgesNote: string | null;
  cycles: Items<CycleWindows>;
  warnings: string[];
}

/** What the window capacities are: the same words in `windows --json` and report's `windows` key. */
export const WINDOWS_CAPACITY_BASIS = 'integrated current (∫I dt) over each half cycle';

export function windowsJson(r: WindowsResult): WindowsJson {
  const d = r.base.dataset;
  return { format: d.header.format, massG: d.massG, ...cellTypeJson(d), cycleRule: d.cycles.description, capacityBasis: WINDOWS_CAPACITY_BASIS, edgesV: r.edgesV, edgesSource: r.edgesSource, edgesNote: r.edgesNote, cycles: r.cycles, warnings: r.warnings };
}

export const windowsEmitters: Emitters<WindowsResult, WindowsJson> = {
  json: windowsJson,
  table: (r, style) => `${style.dim(`${r.base.dataset.header.format} · ${r.base.dataset.cycles.description} · capacity = ∫I dt`)}\n${style.dim(`edges: ${r.edgesSource}`)}${r.edgesNote ? `\n${style.dim(`edges note: ${r.edgesNote}`)}` : ''}\n${windowsTable(allItems(r.cycles), r.edgesV, style)}`,
  csv: (r) => ({ header: WINDOWS_CSV_HEADER, rows: windowsCsvRows(r.cycles) }),
  warnings: (r) => r.warnings,
  rows: (r) => r.base.dataset.stats.rows,
};
