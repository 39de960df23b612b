import type { ChalkInstance } from 'chalk';

/**
 * Layout of `cyclekit report`: a header of facts about the file, then one titled section per
 * analysis, each holding either its body (rendered by that analysis's own presentation module)
 * or one line saying why it does not apply.
 */

export type SectionBody = { body: string } | { notApplicable: string } | { unavailable: string };

export interface ReportSectionText {
  title: string;
  content: SectionBody;
}

/**
 * Which rows of a long per-cycle table to print: all when there are at most `max`; else the
 * first few (formation), evenly spaced ones, and the last. Indices, ascending, distinct.
 */
export function shownCycleIndices(n: number, max: number): number[] {
  if (n <= 0) return [];
  if (n <= max) return Array.from({ length: n }, (_, i) => i);
  if (max <= 1) return [n - 1];
  const head = Math.min(3, Math.max(1, Math.floor(max / 3)));
  const picked = new Set<number>();
  for (let i = 0; i < head; i++) picked.add(i);
  picked.add(n - 1);
  const middle = max - head - 1;
  const from = head - 1;
  for (let k = 1; k <= middle; k++) picked.add(from + Math.round((k * (n - 1 - from)) / (middle + 1)));
  return [...picked].sort((a, b) => a - b);
}

/** How a subset was chosen, so nobody mistakes it for the whole test. */
export function shownCyclesNote(total: number, shown: number[]): string {
  if (shown.length >= total) return '';
  const head = shown.findIndex((v, i) => v !== i);
  const first = head === -1 ? shown.length : head;
  const middle = shown.length - first - 1;
  return `showing ${shown.length} of ${total} cycles: the first ${first}${middle > 0 ? `, ${middle} evenly spaced` : ''} and the last (--cycles-shown N for more, --json for all)`;
}

/** Aligned "label  value" lines under the report title. */
export function reportHeader(title: string, rows: [string, string][], style: ChalkInstance): string {
  const width = Math.max(...rows.map(([k]) => [...k].length));
  const lines = [style.bold(title)];
  for (const [k, v] of rows) lines.push(`  ${style.dim(k.padEnd(width))}  ${v}`);
  return lines.join('\n');
}

export function renderSection(s: ReportSectionText, style: ChalkInstance): string {
  const rule = style.bold(`── ${s.title}`);
  if ('body' in s.content) return `${rule}\n${s.content.body}`;
  if ('notApplicable' in s.content) return `${rule}\n${style.dim(`not applicable: ${s.content.notApplicable}`)}`;
  return `${rule}\n${style.yellow(`not available: ${s.content.unavailable}`)}`;
}

export function reportDocument(header: string, sections: ReportSectionText[], style: ChalkInstance): string {
  return [header, ...sections.map((s) => renderSection(s, style))].join('\n\n');
}
