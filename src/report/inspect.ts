import type { InspectResult } from '../pipeline/inspect.js';
import type { Emitters } from './emitters.js';
import { renderTable } from './table.js';
import { formatDuration } from './numbers.js';

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

/** `inspect`: the result is its own JSON (every key is documented in docs/json.md). */
export const inspectEmitters: Emitters<InspectResult, InspectResult> = {
  json: (r) => ({ ...r }),
  table: inspectTable,
  csv: (r) => ({ header: ['source', 'field', 'unit', 'scale'], rows: r.columns.map((c) => [c.source, c.field, c.unit, c.scale]) }),
  warnings: (r) => r.warnings,
  rows: (r) => r.rows,
};
