import type { CellTypeEvidence } from '../../analysis/cell-type.js';
import type { CellType } from '../../ingest/sidecar.js';
import type { StreamHeader } from '../../model/record.js';
import { formatDuration } from '../../report/numbers.js';
import { renderTable } from '../../report/table.js';
import { loadDataset } from '../../pipeline/load.js';
import { loadOptions, type InputFlags } from '../options.js';
import type { PerFileRunner } from '../per-file.js';

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
export async function inspectFile(file: string, flags: InputFlags): Promise<InspectResult> {
  const dataset = await loadDataset(file, loadOptions(flags, false));
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

export function inspectJson(r: InspectResult): object {
  return { ...r };
}

function shownDelimiter(d: string | null): string {
  if (d === null) return '—';
  return d === '\t' ? 'tab' : d === ',' ? 'comma' : d === ';' ? 'semicolon' : JSON.stringify(d);
}

export function inspectTable(r: InspectResult, style: Parameters<typeof renderTable>[2]): string {
  const meta = Object.entries(r.metadata).filter(([, v]) => v !== undefined);
  const lines = [
    `${style.bold('format')}          ${r.format} — ${r.formatReason}`,
    `${style.bold('encoding')}        ${r.encoding} · delimiter ${shownDelimiter(r.delimiter)} · decimal mark ${r.decimalMark ?? '—'}`,
    `${style.bold('rows')}            ${r.rows}${r.skippedRows > 0 ? ` (${r.skippedRows} skipped)` : ''} in ${r.steps} steps`,
    `${style.bold('cycles')}          ${r.cycles}${r.cycleNumbers ? ` (${r.cycleNumbers.first}–${r.cycleNumbers.last})` : ''} · ${r.cycleRule}`,
    `${style.bold('time span')}       ${formatDuration(r.timeSpanS, 'exact')}`,
    `${style.bold('current sign')}    ${r.currentSign}`,
    `${style.bold('capacity')}        file counter ${r.capacityCounter}`,
    `${style.bold('active mass')}     ${r.massG === null ? 'none' : `${(r.massG * 1000).toPrecision(4)} mg (${r.massSource})`}`,
    `${style.bold('cell type')}       ${r.cellType} (${r.cellTypeSource}) — ${r.cellTypeReason}`,
    `${style.bold('metadata')}        ${meta.length === 0 ? 'none found' : meta.map(([k, v]) => `${k}=${v}`).join(' · ')}`,
    '',
    renderTable(
      [{ header: 'source column', align: 'left' }, { header: 'field', align: 'left' }, { header: 'unit', align: 'left' }, { header: 'scale', align: 'right' }],
      r.columns.map((c) => [c.source, c.field, c.unit, String(c.scale)]),
      style,
    ),
  ];
  return lines.join('\n');
}

export const inspectRunner: PerFileRunner<InputFlags, InspectResult> = {
  prepare: (flags: InputFlags) => (f) => inspectFile(f, flags),
  emit: {
    json: inspectJson,
    table: inspectTable,
    csv: (r) => ({ header: ['source', 'field', 'unit', 'scale'], rows: r.columns.map((c) => [c.source, c.field, c.unit, c.scale]) }),
    warnings: (r) => r.warnings,
  },
};
