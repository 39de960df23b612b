import type { ChalkInstance } from 'chalk';
import type { RetentionResult } from '../analysis/retention.js';
import { compactEmitters } from './emitters.js';
import { lineChart } from './chart.js';
import { csvNumber, fixed, percent } from './numbers.js';
import { renderTable } from './table.js';

/** `retention --json` (and report's `retention` key): the analysis as the contract names it. */
export type RetentionJson = ReturnType<typeof retentionJson>;

export function retentionJson(r: RetentionResult) {
  return {
    referenceCycle: r.referenceCycle,
    referenceReason: r.referenceReason,
    referenceCapacityMAh: r.referenceCapacityMAh,
    referenceCRate: r.referenceCRate,
    threshold: r.threshold,
    cycles: r.cycles,
    segments: r.segments,
    overall: r.overall,
    fadePerCycle: r.fadePerCycle,
    fadePer1000Cycles: r.fadePer1000Cycles,
    fit: r.fit,
    cyclesToThreshold: r.cyclesToThreshold,
    thresholdCycle: r.thresholdCycle,
    thresholdExtrapolated: r.thresholdExtrapolated,
    outliers: r.outliers,
    longCyclingLevel: r.longCyclingLevel,
    otherRateCycles: r.otherRateCycles,
    fadeNote: r.fadeNote,
  };
}

export const RETENTION_CSV_HEADER = ['cycle', 'dischargeCapacityMAh', 'dischargeSpecificCapacityMAhG', 'retention', 'coulombicEfficiency', 'cRate', 'outlier'];

export function retentionCsvRows(r: RetentionResult): (string | number | null)[][] {
  return r.cycles.map((c) => [c.cycle, csvNumber(c.dischargeCapacityMAh), csvNumber(c.dischargeSpecificCapacityMAhG), csvNumber(c.retention), csvNumber(c.coulombicEfficiency), csvNumber(c.cRate), c.outlier]);
}

export function retentionChart(r: RetentionResult, style: ChalkInstance): string {
  const rows = r.cycles.filter((c) => c.retention !== null);
  if (rows.length < 2) return '(one cycle: nothing to plot)';
  // Outliers would dominate the y range and hide the fade: they are left as gaps and listed below.
  // Rounded to 1e-6 %: asciichart divides by the y range, and a range of 1e-14 (float noise on a
  // flat curve) makes it draw ~1e14 rows.
  const values = rows.map((c) => (c.outlier === null ? Math.round(c.retention! * 1e8) / 1e6 : Number.NaN));
  return lineChart([{ values, label: 'retention' }], style, {
    title: `capacity retention vs cycle ${r.referenceCycle}`,
    yUnit: '%',
    xRange: [rows[0]!.cycle, rows[rows.length - 1]!.cycle],
    xLabel: 'cycle',
    height: 10,
  });
}

/** "1–3, 5, 9–14": runs collapsed, long lists cut. */
function listCycleNumbers(cycles: number[]): string {
  const parts: string[] = [];
  for (let i = 0; i < cycles.length; ) {
    let j = i;
    while (j + 1 < cycles.length && cycles[j + 1] === cycles[j]! + 1) j++;
    parts.push(i === j ? `${cycles[i]}` : `${cycles[i]}–${cycles[j]}`);
    i = j + 1;
  }
  return parts.length > 8 ? `${parts.slice(0, 8).join(', ')}, …` : parts.join(', ');
}

export function retentionTable(r: RetentionResult, style: ChalkInstance): string {
  const lines: string[] = [];
  lines.push(`${style.bold('reference')}  cycle ${r.referenceCycle}, ${fixed(r.referenceCapacityMAh, 4)} mAh${r.referenceCRate !== null ? ` at ${fixed(r.referenceCRate, 2)}C` : ''} ${style.dim(`(${r.referenceReason})`)}`);
  const segs = [...r.segments];
  if (!(segs.length === 1 && segs[0] === r.overall)) segs.push(r.overall);
  lines.push(renderTable(
    [
      { header: 'cycles', align: 'left' },
      { header: 'relative to', align: 'right' },
      { header: 'retention', unit: '%' },
      { header: 'mean CE', unit: '%' },
      { header: 'min CE', unit: '%' },
      { header: 'at cycle', align: 'right' },
    ],
    segs.map((s, i) => [
      `${s.fromCycle}–${s.toCycle}${s.toCycleUsed !== s.toCycle ? ` (→${s.toCycleUsed})` : ''}${i === segs.length - 1 && segs.length > 1 ? ' all' : ''}`,
      String(s.relativeToCycle),
      percent(s.retention, 1),
      percent(s.meanCoulombicEfficiency, 2),
      percent(s.minCoulombicEfficiency, 2),
      s.minCoulombicEfficiencyCycle === null ? '–' : String(s.minCoulombicEfficiencyCycle),
    ]),
    style,
  ));
  if (r.otherRateCycles.length > 0) {
    lines.push(`${style.bold('measured')}   at ${r.longCyclingLevel} (the long cycling); ${r.otherRateCycles.length} cycle(s) at other rates left out (rate steps or check-ups): ${listCycleNumbers(r.otherRateCycles)}`);
  }
  if (r.fit && r.fit.slope < 0) {
    lines.push(`${style.bold('fade')}       ${fixed((r.fadePerCycle ?? 0) * 100, 5)} % per cycle · ${fixed((r.fadePer1000Cycles ?? 0) * 100, 2)} % per 1000 cycles ${style.dim(`(${r.fit.method}, ${r.fit.points} cycles)`)}`);
  } else lines.push(`${style.bold('fade')}       – ${style.dim(`(${r.fadeNote ?? 'no fit'})`)}`);
  const thr = `${percent(r.threshold, 0)} %`;
  if (r.thresholdCycle === null) lines.push(`${style.bold('threshold')}  ${thr} not reached and not extrapolable (no fade)`);
  else if (r.thresholdExtrapolated) lines.push(`${style.bold('threshold')}  ${thr} not reached; extrapolated at cycle ~${r.thresholdCycle} (${r.cyclesToThreshold} cycles after the reference) ${style.yellow('[extrapolated]')}`);
  else lines.push(`${style.bold('threshold')}  ${thr} reached at cycle ${r.thresholdCycle} (${r.cyclesToThreshold} cycles after the reference)`);
  if (r.outliers.length > 0) {
    const shown = r.outliers.slice(0, 8).map((o) => `${o.cycle}: ${o.reason}`);
    lines.push(`${style.bold('outliers')}   ${r.outliers.length} cycle(s) flagged, kept in the data, left out of the fit and CE statistics`);
    for (const s of shown) lines.push(style.dim(`  ${s}`));
    if (r.outliers.length > 8) lines.push(style.dim(`  … ${r.outliers.length - 8} more (see --json)`));
  }
  lines.push('');
  lines.push(retentionChart(r, style));
  return lines.join('\n');
}

export const retentionEmitters = compactEmitters({ json: retentionJson, table: retentionTable, csvHeader: RETENTION_CSV_HEADER, csvRows: retentionCsvRows });
