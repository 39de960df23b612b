import type { ChalkInstance } from 'chalk';
import { rateGroupLabel, type RateResult } from '../analysis/rate.js';
import { compactEmitters } from './emitters.js';
import { csvNumber, fixed, percent } from './numbers.js';
import { renderTable } from './table.js';

export type RateJson = ReturnType<typeof rateJson>;

export function rateJson(r: RateResult) {
  return { groupedBy: r.groupedBy, groups: r.groups.map((g) => ({ ...g, label: rateGroupLabel(r, g) })), slowestGroup: r.slowestGroup, recovery: r.recovery, skippedCycles: r.skippedCycles };
}

export function cycleList(cycles: number[]): string {
  // Consecutive runs read as ranges: 1–5, 11, 13–15.
  const parts: string[] = [];
  let i = 0;
  while (i < cycles.length) {
    let j = i;
    while (j + 1 < cycles.length && cycles[j + 1] === cycles[j]! + 1) j++;
    parts.push(j > i ? `${cycles[i]}–${cycles[j]}` : String(cycles[i]));
    i = j + 1;
  }
  return parts.join(', ');
}

function rateLabel(c: number | null): string {
  if (c === null) return '–';
  if (Math.abs(c - 1 / 3) < 1e-9) return 'C/3';
  return `${Number(c.toPrecision(3))}C`;
}

export function rateTable(r: RateResult, style: ChalkInstance): string {
  const specific = r.groups.some((g) => g.meanDischargeSpecificCapacityMAhG !== null);
  const lines: string[] = [];
  lines.push(renderTable(
    [
      { header: 'rate', align: 'left' },
      { header: 'I dis', unit: 'mA' },
      { header: 'cycles', align: 'left' },
      specific ? { header: 'q dis', unit: 'mAh g⁻¹' } : { header: 'Q dis', unit: 'mAh' },
      { header: 'vs slowest', unit: '%' },
    ],
    r.groups.map((g) => [
      rateGroupLabel(r, g),
      fixed(g.meanDischargeCurrentMA, 4),
      cycleList(g.cycles),
      specific ? fixed(g.meanDischargeSpecificCapacityMAhG, 1) : fixed(g.meanDischargeCapacityMAh, 4),
      percent(g.retentionVsSlowest, 1),
    ]),
    style,
  ));
  if (r.groupedBy === 'current') lines.push(style.dim('no 1C basis (pass --c-rate-basis 100mA/g with --mass, or cRateBasis in cell.yaml): grouped by discharge current'));
  if (r.recovery) {
    const back = r.groups.find((g) => g.cycles[0] === r.recovery!.cycles[0]);
    const label = back ? rateGroupLabel(r, back) : rateLabel(r.recovery.cRate);
    lines.push(`${style.bold('recovery')}  back at ${label} (cycles ${cycleList(r.recovery.cycles)}): ${percent(r.recovery.retention, 1)} % of the first ${label} group`);
  }
  else lines.push(`${style.bold('recovery')}  – ${style.dim('(the test does not return to its first rate)')}`);
  if (r.skippedCycles.length > 0) lines.push(style.dim(`cycles without a discharge, not grouped: ${cycleList(r.skippedCycles)}`));
  return lines.join('\n');
}

export const RATE_CSV_HEADER = ['group', 'cRate', 'meanDischargeCurrentMA', 'fromCycle', 'toCycle', 'cycles', 'meanDischargeCapacityMAh', 'meanDischargeSpecificCapacityMAhG', 'retentionVsSlowest'];

export function rateCsvRows(r: RateResult): (string | number | null)[][] {
  return r.groups.map((g, i) => [i + 1, csvNumber(g.cRate), csvNumber(g.meanDischargeCurrentMA), g.cycles[0] ?? null, g.cycles[g.cycles.length - 1] ?? null, g.cycles.length, csvNumber(g.meanDischargeCapacityMAh), csvNumber(g.meanDischargeSpecificCapacityMAhG), csvNumber(g.retentionVsSlowest)]);
}

export const rateEmitters = compactEmitters({ json: rateJson, table: rateTable, csvHeader: RATE_CSV_HEADER, csvRows: rateCsvRows });
