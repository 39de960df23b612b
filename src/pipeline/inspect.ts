import type { CellTypeEvidence } from '../analysis/cell-type.js';
import type { CellType } from '../ingest/sidecar.js';
import type { StreamHeader } from '../model/record.js';
import { loadDataset, type LoadOptions } from './load.js';

/** What `inspect` reports for one file: plain data, so it also survives a worker thread. */
export interface InspectResult extends Pick<StreamHeader, 'format' | 'formatReason' | 'encoding' | 'delimiter' | 'decimalMark' | 'columns' | 'currentSign' | 'metadata'> {
  rows: number;
  skippedRows: number;
  steps: number;
  cycles: number;
  cycleNumbers: { first: number; last: number } | null;
  cycleRule: string;
  timeSpanS: number | null;
  capacityCounter: string;
  massG: number | null;
  massSource: string | null;
  cellType: CellType;
  cellTypeSource: string;
  /** Why that cell type, in one sentence, and the numbers it rests on. */
  cellTypeReason: string;
  cellTypeEvidence: CellTypeEvidence;
  warnings: string[];
}

const COUNTER_TEXT: Record<string, string> = {
  step: 'resets every step',
  cycle: 'resets every cycle',
  test: 'never resets (cumulative)',
  net: 'signed net counter',
};

/** Read and segment one file, and say what was understood. */
export async function inspectFile(file: string, load: LoadOptions): Promise<InspectResult> {
  const dataset = await loadDataset(file, { ...load, keepPoints: false });
  const h = dataset.header;
  const steps = dataset.steps;
  const first = steps[0];
  const last = steps[steps.length - 1];
  const cycles = dataset.cycles.cycles;
  return {
    format: h.format,
    formatReason: h.formatReason,
    encoding: h.encoding,
    delimiter: h.delimiter,
    decimalMark: h.decimalMark,
    columns: h.columns,
    rows: dataset.stats.rows,
    skippedRows: dataset.stats.badRows,
    steps: steps.length,
    cycles: cycles.length,
    cycleNumbers: cycles.length > 0 ? { first: cycles[0]!.number, last: cycles[cycles.length - 1]!.number } : null,
    cycleRule: dataset.cycles.description,
    timeSpanS: first && last ? last.endTimeS - first.startTimeS : null,
    capacityCounter: h.capacityCounter === null ? 'inferred per step (a counter that drops has been reset)' : (COUNTER_TEXT[h.capacityCounter] ?? h.capacityCounter),
    currentSign: h.currentSign,
    metadata: h.metadata,
    massG: dataset.massG,
    massSource: dataset.massSource,
    cellType: dataset.cellType.cellType,
    cellTypeSource: dataset.cellType.source,
    cellTypeReason: dataset.cellType.reason,
    cellTypeEvidence: dataset.cellType.evidence,
    warnings: dataset.warnings,
  };
}

