import type { ChalkInstance } from 'chalk';
import type { CompareRow, Reference } from '../analysis/compare.js';
import type { CompareOutcome } from '../pipeline/compare.js';
import type { Emitters } from './emitters.js';
import { csvNumber } from './numbers.js';
import { renderTable } from './table.js';

export type CompareJson = ReturnType<typeof compareJson>;

export function compareJson(reference: Reference, rows: CompareRow[]) {
  return { reference: { id: reference.id, name: reference.name, source: reference.source }, rows };
}

/** Significant digits that suit the unit: fractions as percent, voltages to mV. */
function show(x: number | null, unit: string): string {
  if (x === null || !Number.isFinite(x)) return '–';
  if (unit === 'fraction') return `${(x * 100).toFixed(1)} %`;
  if (unit === 'V') return x.toFixed(3);
  return x.toFixed(1);
}

function showDiff(x: number | null, unit: string): string {
  if (x === null || !Number.isFinite(x)) return '–';
  const s = show(x, unit);
  return x > 0 ? `+${s}` : s;
}

export function compareTable(reference: Reference, rows: CompareRow[], style: ChalkInstance): string {
  const verdict = (v: CompareRow['verdict']): string => (v === 'pass' ? style.green('pass') : v === 'fail' ? style.red('fail') : style.dim('n/a'));
  const unitLabel = (u: string): string => (u === 'fraction' ? '' : u);
  const table = renderTable(
    [
      { header: 'quantity', align: 'left' },
      { header: 'unit', align: 'left' },
      { header: 'measured' },
      // At 80 columns the theory and difference columns give way first (--wide shows them).
      { header: 'theory', priority: 1 },
      { header: 'reported' },
      { header: 'diff', priority: 1 },
      { header: 'within', align: 'left' },
      { header: 'verdict', align: 'left' },
    ],
    rows.map((r) => [r.quantity, unitLabel(r.unit), show(r.measured, r.unit), show(r.theoretical, r.unit), show(r.reported, r.unit), showDiff(r.difference, r.unit), r.criterion, verdict(r.verdict)]),
    style,
  );
  const notes = rows.map((r, i) => (r.note ? style.dim(`  ${i + 1}. ${r.quantity}: ${r.note}`) : '')).filter((s) => s);
  const counts = { pass: 0, fail: 0, 'n/a': 0 };
  for (const r of rows) counts[r.verdict]++;
  return [
    style.dim(`reference: ${reference.name} (${reference.id})${reference.source ? ` — ${reference.source}` : ''}`),
    table,
    `${counts.pass} pass · ${counts.fail} fail · ${counts['n/a']} n/a`,
    ...(notes.length > 0 ? ['', style.dim('notes'), ...notes] : []),
  ].join('\n');
}

export const COMPARE_CSV_HEADER = ['reference', 'quantity', 'unit', 'measured', 'theoretical', 'reported', 'difference', 'verdict', 'note'];

export function compareCsvRows(reference: Reference, rows: CompareRow[]): (string | number | null)[][] {
  return rows.map((r) => [reference.id, r.quantity, r.unit, csvNumber(r.measured), csvNumber(r.theoretical), csvNumber(r.reported), csvNumber(r.difference), r.verdict, r.note]);
}

export const compareEmitters: Emitters<CompareOutcome, CompareJson> = {
  json: (r) => compareJson(r.reference, r.rows),
  table: (r, style) => compareTable(r.reference, r.rows, style),
  csv: (r) => ({ header: COMPARE_CSV_HEADER, rows: compareCsvRows(r.reference, r.rows) }),
  warnings: (r) => r.warnings,
  rows: (r) => r.records,
};
