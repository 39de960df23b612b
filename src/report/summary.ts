import type { InstrumentCeComparison } from '../analysis/instrument-ce.js';
import type { ChalkInstance } from 'chalk';
import type { CycleSummary } from '../analysis/summary.js';
import { csvNumber, fixed, percent } from './numbers.js';
import { renderTable, type TableColumn } from './table.js';
import type { SummaryResult } from '../pipeline/summarise.js';
import { datasetJson, type DatasetJson } from './dataset.js';
import type { Emitters } from './emitters.js';

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

/** `summary --json`: how the file was read, then one object per cycle. */
export type SummaryJson = DatasetJson & {
  cycles: CycleSummary[];
  /** The cycler's own per-cycle figures beside cyclekit's; null when the file carries none. */
  instrumentCycles: InstrumentCeComparison | null;
  warnings: string[];
};

export function summaryJson(r: SummaryResult): SummaryJson {
  return { ...datasetJson(r.dataset), cycles: r.cycles, instrumentCycles: r.instrument, warnings: r.warnings };
}

/** Columns after the per-cycle keys in `summary --csv` (added at the end: existing columns keep their places). */
export const SUMMARY_CSV_AUDIT_KEYS = ['format', 'massG', 'massSource', 'cellType'];

export const summaryEmitters: Emitters<SummaryResult, SummaryJson> = {
  json: summaryJson,
  table: (r, style) => {
    const d = r.dataset;
    const head = style.dim(`${d.header.format} · ${d.cycles.cycles.length} cycles · ${d.cycles.description}${d.massG !== null ? ` · mass ${(d.massG * 1000).toPrecision(4)} mg (${d.massSource})` : ''}`);
    return `${head}\n${summaryTable(r.cycles, style)}`;
  },
  csv: (r) => {
    // Where each row's numbers came from, so a table merged over a folder can be audited.
    const d = r.dataset;
    const audit = [d.header.format, d.massG === null ? null : csvNumber(d.massG), d.massSource, d.cellType.cellType];
    return { header: [...(SUMMARY_CSV_KEYS as string[]), ...SUMMARY_CSV_AUDIT_KEYS], rows: summaryCsvRows(r.cycles).map((row) => [...row, ...audit]) };
  },
  values: (r) => {
    const d = r.dataset;
    const audit = [d.header.format, d.massG, d.massSource, d.cellType.cellType];
    return { header: [...(SUMMARY_CSV_KEYS as string[]), ...SUMMARY_CSV_AUDIT_KEYS], rows: r.cycles.map((c) => [...SUMMARY_CSV_KEYS.map((k) => c[k] as string | number | null), ...audit]) };
  },
  warnings: (r) => r.warnings,
  rows: (r) => r.dataset.stats.rows,
};
