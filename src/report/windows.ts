import type { ChalkInstance } from 'chalk';
import type { CycleWindows, HalfCycleWindows } from '../analysis/windows.js';
import { csvNumber, fixed, percent } from './numbers.js';
import { renderTable, type TableColumn } from './table.js';

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

/** Long format: one row per cycle, direction and window. */
export function windowsCsvRows(cycles: CycleWindows[]): (string | number | null)[][] {
  const rows: (string | number | null)[][] = [];
  const add = (cycle: number, direction: string, h: HalfCycleWindows | null): void => {
    if (!h) return;
    for (const w of h.windows) {
      rows.push([cycle, direction, csvNumber(w.fromV), csvNumber(w.toV), csvNumber(w.capacityMAh), csvNumber(w.specificCapacityMAhG), csvNumber(w.fraction), csvNumber(h.totalMAh), csvNumber(h.fileTotalMAh)]);
    }
  };
  for (const c of cycles) {
    add(c.cycle, 'charge', c.charge);
    add(c.cycle, 'discharge', c.discharge);
  }
  return rows;
}
