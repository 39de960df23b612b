import type { ReportSection } from '../analysis/applicability.js';
import type { InstrumentCeComparison } from '../analysis/instrument-ce.js';
import type { CellType } from '../ingest/sidecar.js';
import { formatCRateBasis } from '../model/units.js';
import type { ReportResult } from '../pipeline/report.js';
import { compareTable } from './compare.js';
import { couplesTable, dqdvChart, peaksTable } from './dqdv.js';
import type { Emitters, Style } from './emitters.js';
import { energyTable } from './energy.js';
import { fixed, percent } from './numbers.js';
import { profileChart } from './profile.js';
import { rateTable } from './rate.js';
import { reportJson, type ReportJson } from './report-json.js';
import { reportDocument, reportHeader, shownCycleIndices, shownCyclesNote, type ReportSectionText, type SectionBody } from './report.js';
import { formatDuration } from './numbers.js';
import { retentionChart, retentionTable } from './retention.js';
import { widthOf } from './width.js';
import { summaryTable } from './summary.js';
import { windowsTable } from './windows.js';
import { itemOf } from '../util/lazy-items.js';
import { wrapText } from './wrap.js';

/** What the text report shows besides the results: rows of long tables, and whether to draw charts. */
export interface ReportTextOptions {
  cyclesShown: number;
  charts: boolean;
}

const message = (err: unknown): string => (err instanceof Error ? err.message : String(err));

function headerRows(r: ReportResult): [string, string][] {
  const d = r.base.dataset;
  const n = d.cycles.cycles.length;
  const rows: [string, string][] = [
    ['format', `${d.header.format}`],
    ['records', `${d.stats.rows}${d.stats.badRows > 0 ? ` (${d.stats.badRows} bad rows skipped)` : ''}`],
    ['cycles', n === 0 ? '0' : `${n} (${d.cycles.cycles[0]!.number}–${d.cycles.cycles[n - 1]!.number}) · ${d.cycles.description}`],
    ['active mass', d.massG !== null ? `${fixed(d.massG * 1000, 3)} mg (${d.massSource})` : 'none — specific capacities and energy densities not reported (pass --mass or add cell.yaml)'],
    ['1C', d.cRateBasis ? `${formatCRateBasis(d.cRateBasis)} (${d.cRateBasisSource})` : 'not defined — C-rates not reported (pass --c-rate-basis 100mA/g or add cRateBasis to cell.yaml)'],
    ['time span', formatDuration(r.timeSpanS)],
  ];
  // A sidecar's cell type reads as before; one from the flag or the data says where it came from.
  const t = d.cellType;
  const typeText = t.source.startsWith('sidecar') ? r.cellType : `${r.cellType} (${t.source})`;
  rows.push(['cell', [typeText, r.referenceName !== null ? `reference ${r.referenceName}` : null].filter((x) => x !== null).join(' · ')]);
  if (!t.source.startsWith('sidecar') && t.source !== '--cell-type') rows.push(['evidence', t.reason]);
  if (r.base.instrument) rows.push(['cycler CE', instrumentCeText(r.base.instrument)]);
  return rows;
}

/** One line on how cyclekit's CE compares with the cycler's own per-cycle figures (JSON `instrumentCycles` has them all). */
export function instrumentCeText(c: InstrumentCeComparison): string {
  if (!c.compared) return `not compared: ${c.notComparedReason} (${c.source})`;
  const n = c.cycles.filter((x) => x.differencePoints !== null).length;
  if (n === 0) return `the file's own figures give no CE to compare (${c.source})`;
  const verdict = c.disagreeing.length === 0 ? `within ${c.tolerancePoints} point of the file's own in ${n} of ${n} cycles` : `differs by more than ${c.tolerancePoints} point in ${c.disagreeing.length} of ${n} cycles (see the warning)`;
  return `${verdict} (${c.source})`;
}

function section(r: ReportResult, s: ReportSection, render: () => string): SectionBody {
  const why = r.notApplicable[s];
  if (why !== undefined) return r.failed.has(s) ? { unavailable: why.replace(/^not available: /, '') } : { notApplicable: why };
  try {
    return { body: render() };
  } catch (err) {
    return { unavailable: message(err) };
  }
}

export function reportText(r: ReportResult, style: Style, options: ReportTextOptions): string {
  const d = r.base.dataset;
  const sections: ReportSectionText[] = [];

  sections.push({
    title: 'per-cycle summary',
    content: section(r, 'summary', () => {
      const shown = shownCycleIndices(r.base.cycles.length, options.cyclesShown);
      const note = shownCyclesNote(r.base.cycles.length, shown);
      const noMass = d.massG === null ? style.dim('no active mass: capacities in mAh only, no mAh g⁻¹ or Wh kg⁻¹') : '';
      return [summaryTable(shown.map((i) => r.base.cycles[i]!), style), note ? style.dim(note) : '', noMass].filter((x) => x).join('\n');
    }),
  });

  if (options.charts && r.profile !== null && r.profile.length > 0) {
    sections.push({ title: 'voltage profile', content: { body: profileChart(r.profile, d.massG, style) } });
  }

  sections.push({
    title: 'Coulombic efficiency',
    content: section(r, 'coulombicEfficiency', () => {
      const c = r.ce!;
      const lines = [`${style.bold('first cycle')}   ${percent(c.firstCycleValue, 2)} % (cycle ${c.firstCycle})${c.firstCycleValue !== null && c.firstCycleValue > 1 ? style.dim(aboveHundredNote(r.cellType)) : ''}`];
      if (c.partialCycles.length > 0) lines.push(style.dim(`partial cycle(s) ${c.partialCycles.join(', ')} left out`));
      if (c.cycles > 0) lines.push(`${style.bold('later cycles')}  mean ${percent(c.meanAfterFirst, 3)} % over ${c.cycles} cycle(s) · min ${percent(c.minAfterFirst, 2)} % (cycle ${c.minCycle})`);
      else lines.push(`${style.bold('later cycles')}  – ${style.dim('(one cycle only)')}`);
      return lines.join('\n');
    }),
  });

  sections.push({
    title: `capacity by voltage window (edges ${r.edgesV.map((e) => fixed(e, 2)).join(', ')} V)`,
    content: section(r, 'windows', () => {
      const w = r.windows!;
      const shownCycles = w.shown.map((i) => itemOf(w.cycles, i));
      const note = shownCycles.length < w.cycles.length ? style.dim(`cycles ${shownCycles.map((c) => c.cycle).join(', ')} of ${w.cycles.length} shown (first, dQ/dV cycle, last); --json for all`) : '';
      return [style.dim('capacity = ∫I dt, split at the edges by linear interpolation'), style.dim(`edges: ${r.edgesSource}`), r.edgesNote ? style.dim(`edges note: ${r.edgesNote}`) : '', windowsTable(shownCycles, r.edgesV, style), note].filter((x) => x).join('\n');
    }),
  });

  sections.push({
    title: r.dqdv ? `dQ/dV and redox couples (cycle ${r.dqdv.cycle})` : 'dQ/dV and redox couples',
    content: section(r, 'dqdv', () => {
      const q = r.dqdv!;
      const s = q.settings;
      const parts = [
        style.dim(`cycle ${q.cycle}: ${q.why} · Q(V) on a ${s.dqdv.stepV * 1000} mV grid, Savitzky–Golay ${s.dqdv.window} pts / order ${s.dqdv.polynomial}; peaks with prominence ≥ ${s.prominenceText}`),
        peaksTable(q.analysis.halfCycles, style),
      ];
      if (q.analysis.couples.length > 0) {
        parts.push('', style.bold('redox couples') + style.dim(s.couples.reference ? ` (labels: ${s.couples.reference.id})` : q.labelsNote ? ` (${q.labelsNote})` : ' (no reference: unlabelled — pass --reference he-v|nvp|"LABEL=V,…")'), couplesTable(q.analysis.couples, style));
      } else parts.push(style.dim('no oxidation/reduction peak pair in this cycle: no redox couple'));
      if (options.charts) parts.push('', dqdvChart(q.analysis.halfCycles, style));
      return parts.join('\n');
    }),
  });

  sections.push({
    title: 'capacity retention',
    content: section(r, 'retention', () => {
      // Outlier cycles become NaN gaps in retentionChart, and asciichart's own min/max turn a
      // NaN into an invalid chart height (a crash on any outlier with ≤ 64 cycles). Outliers are
      // listed under the table anyway, so the chart here simply leaves them out.
      const shown = { ...r.retention!, cycles: r.retention!.cycles.map((c) => (c.outlier !== null ? { ...c, retention: null } : c)) };
      const full = retentionTable(shown, style);
      if (options.charts) return full;
      // retentionTable always ends with its chart (after a blank line): cut it for --no-charts.
      const chart = retentionChart(shown, style);
      return full.endsWith(chart) ? full.slice(0, full.length - chart.length).trimEnd() : full;
    }),
  });

  sections.push({ title: 'rate capability', content: section(r, 'rate', () => rateTable(r.rate!, style)) });

  sections.push({
    title: r.cellType === 'full' ? 'energy density (full cell, on cathode active mass)' : 'energy density',
    content: section(r, 'energy', () => {
      const note = r.cellType === 'full' ? '' : style.dim(`${d.cellType.source.startsWith('sidecar') || d.cellType.source === '--cell-type' ? '' : `cell type ${d.cellType.source}: `}vs the counter electrode of a half cell: the cathode's specific energy, not a full-cell figure`);
      return [energyTable(r.energy!, style, Math.max(3, options.cyclesShown)), note].filter((x) => x).join('\n');
    }),
  });

  sections.push({
    title: r.compare ? `comparison with ${r.compare.reference.id}` : r.referenceName ? `comparison with ${r.referenceName}` : 'comparison with a reference',
    content: section(r, 'compare', () => compareTable(r.compare!.reference, r.compare!.rows, style)),
  });

  const text = reportDocument(reportHeader(`cyclekit report — ${d.file}`, headerRows(r), style), sections, style);
  // Tables and charts fit themselves; prose and notes are wrapped here. The title line holds the
  // file's path, which is copied whole, so it is never broken.
  const width = widthOf(style);
  if (!width) return text;
  const nl = text.indexOf('\n');
  return nl < 0 ? text : text.slice(0, nl + 1) + wrapText(text.slice(nl + 1), width.columns);
}

/** A first-cycle CE above 100 % means something different for each cell type. */
function aboveHundredNote(cellType: CellType): string {
  // A Na-rich cathode gives it in a half cell and in a full cell alike; an anode has no such start.
  if (cellType === 'half-anode') return ' — above 100 %: more delithiation (charge) than lithiation (discharge); check the cycle pairing or --ce';
  return ' — above 100 %: more charge out on discharge than in on charge (e.g. a Na-rich cathode), not an error';
}

/** `report`'s outputs: JSON and text (it has no --csv: it is many tables; the single commands have one each). */
export function reportEmitters(options: ReportTextOptions): Emitters<ReportResult, ReportJson> {
  return {
    json: reportJson,
    table: (r, style) => reportText(r, style, options),
    csv: () => ({ header: [], rows: [] }),
    warnings: (r) => r.warnings,
    rows: (r) => r.base.dataset.stats.rows,
  };
}
