import type { ChalkInstance } from 'chalk';
import type { CycleSummary } from '../analysis/summary.js';
import { csvNumber, fixed, percent } from './numbers.js';
import { renderTable, type TableColumn } from './table.js';

/** The per-cycle table: units in the header line, fixed decimals, '–' for absent. */
export function summaryTable(cycles: CycleSummary[], style: ChalkInstance): string {
  const hasMass = cycles.some((c) => c.chargeSpecificCapacityMAhG !== null || c.dischargeSpecificCapacityMAhG !== null);
  const hasRate = cycles.some((c) => c.cRate !== null);
  const columns: TableColumn[] = [
    { header: 'cycle', align: 'right' },
    { header: 'Q chg', unit: 'mAh' },
    { header: 'Q dis', unit: 'mAh' },
    // At 80 columns the energies, ΔV (= V̄ chg − V̄ dis) and time give way first (--wide shows them).
    ...(hasMass ? [{ header: 'q chg', unit: 'mAh g⁻¹' }, { header: 'q dis', unit: 'mAh g⁻¹' }] : []),
    { header: 'CE', unit: '%' },
    { header: 'E chg', unit: 'mWh', priority: 1 },
    { header: 'E dis', unit: 'mWh', priority: 1 },
    ...(hasMass ? [{ header: 'e dis', unit: 'Wh kg⁻¹' }] : []),
    { header: 'V̄ chg', unit: 'V' },
    { header: 'V̄ dis', unit: 'V' },
    { header: 'ΔV', unit: 'V', priority: 1 },
    { header: 'time', unit: 'h', priority: 1 },
    ...(hasRate ? [{ header: 'rate', unit: 'C' }] : []),
  ];
  const rows = cycles.map((c) => {
    const ce = percent(c.coulombicEfficiency, 2);
    return [
      c.partial === true ? `${c.cycle}*` : String(c.cycle),
      fixed(c.chargeCapacityMAh, 4),
      fixed(c.dischargeCapacityMAh, 4),
      ...(hasMass ? [fixed(c.chargeSpecificCapacityMAhG, 2), fixed(c.dischargeSpecificCapacityMAhG, 2)] : []),
      c.coulombicEfficiency !== null && c.coulombicEfficiency > 1 ? style.yellow(ce) : ce,
      fixed(c.chargeEnergyMWh, 4),
      fixed(c.dischargeEnergyMWh, 4),
      ...(hasMass ? [fixed(c.dischargeSpecificEnergyWhKg, 1)] : []),
      fixed(c.meanChargeVoltageV, 4),
      fixed(c.meanDischargeVoltageV, 4),
      fixed(c.voltageHysteresisV, 4),
      fixed(c.durationS === null ? null : c.durationS / 3600, 3),
      ...(hasRate ? [fixed(c.cRate, 2)] : []),
    ];
  });
  const table = renderTable(columns, rows, style);
  return cycles.some((c) => c.partial === true) ? `${table}\n${style.dim('* partial or unfinished cycle: shown, but left out of CE statistics, retention, fade fits and check ranges')}` : table;
}

export const SUMMARY_CSV_KEYS: (keyof CycleSummary)[] = [
  'cycle', 'chargeCapacityMAh', 'dischargeCapacityMAh', 'chargeSpecificCapacityMAhG', 'dischargeSpecificCapacityMAhG',
  'coulombicEfficiency', 'chargeEnergyMWh', 'dischargeEnergyMWh', 'chargeSpecificEnergyWhKg', 'dischargeSpecificEnergyWhKg',
  'meanChargeVoltageV', 'meanDischargeVoltageV', 'voltageHysteresisV', 'durationS', 'meanChargeCurrentA', 'meanDischargeCurrentA',
  'chargeCRate', 'dischargeCRate', 'cRate', 'capacitySource',
];

export function summaryCsvRows(cycles: CycleSummary[]): (string | number | null)[][] {
  return cycles.map((c) => SUMMARY_CSV_KEYS.map((k) => {
    const v = c[k];
    return typeof v === 'number' ? csvNumber(v) : typeof v === 'boolean' ? String(v) : v;
  }));
}
