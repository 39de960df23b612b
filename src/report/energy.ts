import type { ChalkInstance } from 'chalk';
import type { EnergyResult } from '../analysis/energy.js';
import { compactEmitters } from './emitters.js';
import { csvNumber, fixed } from './numbers.js';
import { renderTable } from './table.js';

export type EnergyJson = ReturnType<typeof energyJson>;

export function energyJson(r: EnergyResult) {
  return {
    basis: r.basis,
    massG: r.massG,
    massDescription: r.massDescription,
    initialDischargeEnergyDensityWhKg: r.initial?.dischargeEnergyDensityWhKg ?? null,
    initialCycle: r.initial?.cycle ?? null,
    maxDischargeEnergyDensityWhKg: r.max?.dischargeEnergyDensityWhKg ?? null,
    maxCycle: r.max?.cycle ?? null,
    cycles: r.cycles,
    npRatio: r.npRatio,
    npDescription: r.npDescription,
  };
}

export function energyTable(r: EnergyResult, style: ChalkInstance, maxRows = 20): string {
  if (r.massG === null) return energyTableWithoutMass(r, style, maxRows);
  const volumetric = r.cycles.some((c) => c.dischargeEnergyDensityWhL !== null);
  const lines: string[] = [];
  lines.push(style.dim(`basis: ${r.massDescription}, ${fixed(r.massG * 1000, 4)} mg`));
  const shown = r.cycles.length > maxRows ? [...r.cycles.slice(0, maxRows - 2), r.cycles[r.cycles.length - 1]!] : r.cycles;
  const rows = shown.map((c) => [
    String(c.cycle),
    fixed(c.dischargeSpecificCapacityMAhG, 1),
    fixed(c.meanDischargeVoltageV, 3),
    fixed(c.dischargeEnergyDensityWhKg, 1),
    ...(volumetric ? [fixed(c.dischargeEnergyDensityWhL, 1)] : []),
  ]);
  if (shown.length < r.cycles.length) rows.splice(rows.length - 1, 0, ['…', '', '', '', ...(volumetric ? [''] : [])]);
  lines.push(renderTable(
    [
      { header: 'cycle', align: 'right' },
      { header: 'q dis', unit: 'mAh g⁻¹' },
      { header: 'V̄ dis', unit: 'V' },
      { header: 'e dis', unit: 'Wh kg⁻¹' },
      ...(volumetric ? [{ header: 'e dis', unit: 'Wh L⁻¹' }] : []),
    ],
    rows,
    style,
  ));
  if (r.initial) lines.push(`${style.bold('initial')}  ${fixed(r.initial.dischargeEnergyDensityWhKg, 1)} Wh kg⁻¹ (cycle ${r.initial.cycle}, ${fixed(r.initial.dischargeSpecificCapacityMAhG, 1)} mAh g⁻¹ × ${fixed(r.initial.meanDischargeVoltageV, 3)} V)`);
  if (r.max) lines.push(`${style.bold('maximum')}  ${fixed(r.max.dischargeEnergyDensityWhKg, 1)} Wh kg⁻¹ (cycle ${r.max.cycle})`);
  if (r.npRatio !== null) lines.push(`${style.bold('N/P')}      ${fixed(r.npRatio, 2)} ${style.dim(`(${r.npDescription})`)}`);
  return lines.join('\n');
}

export const ENERGY_CSV_HEADER = ['cycle', 'dischargeEnergyMWh', 'dischargeEnergyDensityWhKg', 'dischargeSpecificCapacityMAhG', 'meanDischargeVoltageV', 'dischargeEnergyDensityWhL'];

export function energyCsvRows(r: EnergyResult): (string | number | null)[][] {
  return r.cycles.map((c) => [c.cycle, csvNumber(c.dischargeEnergyMWh), csvNumber(c.dischargeEnergyDensityWhKg), csvNumber(c.dischargeSpecificCapacityMAhG), csvNumber(c.meanDischargeVoltageV), csvNumber(c.dischargeEnergyDensityWhL)]);
}

/** Without a mass: discharge energy and mean voltage per cycle, and why there is no Wh kg⁻¹. */
function energyTableWithoutMass(r: EnergyResult, style: ChalkInstance, maxRows: number): string {
  const shown = r.cycles.length > maxRows ? [...r.cycles.slice(0, maxRows - 2), r.cycles[r.cycles.length - 1]!] : r.cycles;
  const rows = shown.map((c) => [String(c.cycle), fixed(c.dischargeEnergyMWh, 4), fixed(c.meanDischargeVoltageV, 4)]);
  if (shown.length < r.cycles.length) rows.splice(rows.length - 1, 0, ['…', '', '']);
  return [
    renderTable([{ header: 'cycle', align: 'right' }, { header: 'E dis', unit: 'mWh' }, { header: 'V̄ dis', unit: 'V' }], rows, style),
    style.dim(r.massDescription),
  ].join('\n');
}

export const energyEmitters = compactEmitters({ json: energyJson, table: energyTable, csvHeader: ENERGY_CSV_HEADER, csvRows: energyCsvRows });
