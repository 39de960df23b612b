import type { InstrumentCycles } from '../../model/record.js';
import { readCycleTable, type CycleTableColumns } from '../sheet/cycle-table.js';
import type { TableLayout } from './layout.js';

/**
 * The cycle rows of a layered export (Neware's and Novonix's cycle / step / record layers) met
 * by the read in progress: the cycler's own per-cycle figures, kept as `instrumentCycles`. A
 * reader's layout is its key: the layout names the cycle layer's header cells, each read
 * starts a fresh list (the layout is probed before it is read), and the rows are read as a
 * cycle table once the read is done.
 */
export class LayeredCycleRows {
  private readonly tables = new WeakMap<TableLayout, { header: string[]; rows: string[][] }>();

  /** When the layout is made: the header cells of the cycle layer. */
  declare(layout: TableLayout, header: string[]): void {
    this.tables.set(layout, { header, rows: [] });
  }

  /** When a read starts: where its cycle rows go (nowhere for a layout declared without one). */
  startRead(layout: TableLayout): (cells: string[]) => void {
    const table = this.tables.get(layout);
    if (!table) return () => undefined;
    table.rows = [];
    return (cells) => void table.rows.push(cells);
  }

  /** After the read: the cycle rows as the cycler's per-cycle figures, found by `columns`. */
  figures(layout: TableLayout, columns: CycleTableColumns): InstrumentCycles | null {
    const table = this.tables.get(layout);
    return table ? readCycleTable([table.header, ...table.rows], 'cycle rows', columns) : null;
  }
}
