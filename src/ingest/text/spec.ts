import type { CounterReset, FileMetadata, InstrumentCycles, StepKind } from '../../model/record.js';
import type { Probe, SniffResult } from '../contract.js';
import type { Field } from './columns.js';
import type { TableLayout } from './layout.js';

/**
 * A vendor's text format, declared: how to recognise it, its own header names, and its
 * quirks. Everything else (encodings, delimiters, units, bad rows) is shared.
 */
export interface TextFormatSpec {
  id: string;
  title: string;
  sniff(probe: Probe): SniffResult | null;
  aliases?: Partial<Record<Field, string[]>>;
  defaultUnits?: Partial<Record<Field, string>>;
  /** When the file's capacity counters reset; null lets segmentation infer it per step. */
  capacityCounter?: CounterReset | null;
  /** Current is written as a magnitude and the sign comes from the state column (Maccor). */
  currentIsMagnitude?: boolean;
  /**
   * A state cell that only closes the step before it (Maccor's `S` record, written seconds after
   * the step's last reading with its last capacity increment): such a row takes the previous
   * row's kind when its cycle and step are the same, so it stays in that step. The previous row
   * is the one converted just before, which is also what a piece's seed search leaves behind.
   */
  continuesStep?(raw: string): boolean;
  /** Map a state cell to a step kind when the shared rules are not enough. */
  stateKind?(raw: string): StepKind | null;
  /** Extra metadata from the lines above the header. */
  metadata?(preamble: string[]): FileMetadata;
  /** Locate the header row when the generic search would pick the wrong one. */
  headerIndex?(lines: string[]): number | null;
  /**
   * Build the whole table layout when the file's header is not one plain row (Neware's
   * layered export: cycle, step and record rows each with their own header line).
   */
  layout?(lines: string[], options: LayoutOptions): TableLayout | null;
  /**
   * A fresh row rewriter per read: returns the cells to convert, or null for a row that is
   * not a record (a cycle or step row in a layered export). It may carry state between rows.
   */
  rowTransform?(layout: TableLayout): ((cells: string[]) => string[] | null) | null;
  /** Check or correct what was found in the preamble (placeholder masses); returns warnings. */
  reviewMetadata?(metadata: FileMetadata): string[];
  /** Infer the active mass from a capacity column and its specific-capacity twin; default true. */
  inferMass?: boolean;
  /** Source columns the shared vocabulary would map wrongly for this vendor. */
  exclude?: string[];
  /**
   * The charge and discharge counters restart with every cycle (Arbin, PEC), so each cycle's
   * largest values are the cycler's own per-cycle capacities (`instrumentCycles`).
   */
  cycleCounters?: boolean;
  /**
   * The cycler's own per-cycle figures from rows the row rewriter keeps back (a layered export's
   * cycle rows), asked for once every row has been read.
   */
  instrumentCycles?(layout: TableLayout): InstrumentCycles | null;
}

export interface LayoutOptions {
  overrides?: Record<string, string>;
  aliases?: Partial<Record<Field, string[]>>;
  defaultUnits?: Partial<Record<Field, string>>;
  exclude?: string[];
}
