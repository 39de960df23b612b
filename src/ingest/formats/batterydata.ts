import { CyclekitError } from '../../model/errors.js';
import type { CanonicalRecord, StreamHeader } from '../../model/record.js';
import { recordStream } from '../binary/records.js';
import type { FormatReader, ReadStats } from '../contract.js';
import { readLines } from '../text/lines.js';
import { makeTextReader } from '../text/delimited.js';
import { TOLERATED_BAD_FRACTION } from '../text/row-tally.js';
import { byColumns, delimiterOf, findHeaderLine, headerCells, probeLines } from '../text/sniff.js';

/**
 * BatteryData.energy.gov / BatteryArchive normalised time series: `Test_Time (s)` or `Time_s`,
 * `Voltage_V`, `Current_A` (positive = charge), `Cycle_Index`, `Step`, `Charge_Capacity_Ah`,
 * `Discharge_Capacity_Ah`, `Datenum_d` (a MATLAB datenum, used for the start time).
 */
export const batteryDataCsv = makeTextReader({
  id: 'batterydata-csv',
  title: 'BatteryData / BatteryArchive normalised CSV',
  sniff(probe) {
    const lines = probeLines(probe, 5);
    return (
      byColumns(lines, ['Cycle_Index', 'Time_s', 'Current_A', 'Voltage_V'], 0.9, 'BatteryData') ??
      byColumns(lines, ['Cycle_Index', 'Test_Time (s)', 'Current (A)', 'Voltage (V)'], 0.9, 'BatteryArchive')
    );
  },
  aliases: {
    time: ['Time', 'Test_Time'],
    datetime: ['Datenum', 'Date_Time'],
    temperature: ['Cell_Temperature', 'Cell_Temperature (C)'],
    step: ['Step', 'Step_Index'],
  },
  exclude: ['Amphr', 'Watthr', 'Temp2'],
  capacityCounter: null,
});

const SUMMARY_COLUMNS = ['Cycle_Index', 'Q_chg', 'Q_dis', 'CE'];

/** The warning every per-cycle table carries: what cyclekit can and cannot say from it. */
export const PER_CYCLE_TABLE_WARNING =
  'per-cycle summary table: no time series; time axis and C-rates are synthetic and not reported (no durations, C-rates, dQ/dV or voltage windows); capacities, CE and energies are the table\'s own, mean voltages are E/Q';

/** Length of each synthetic half cycle, s: the current is then Q in A, which nothing reports. */
const SYNTHETIC_HALF_S = 3600;

/**
 * BatteryData per-cycle summaries (`…-summary.csv`: `Cycle_Index`, `Q_chg`, `Q_dis`, `CE`,
 * `E_chg`, `E_dis` in Ah and Wh, `V_min`, `V_max`, …). There is no time series, so each cycle's
 * charge and discharge become one synthetic constant-current step each: records at the start
 * and end of the half cycle (plus zero-length ones at the table's V_min and V_max, which add no
 * charge) whose current and voltage integrate exactly to the table's values —
 * ∫I dt = Q with I = Q / 1 h, ∫V·I dt = E with V = E/Q — and whose per-step counters run from 0
 * to Q and E (`capacityCounter: 'step'`), so the summary reports the table's own numbers.
 * The table's cycle numbers are kept; cycles without a capacity (EIS) are left out, said in a
 * warning. `StreamHeader.perCycleTable` tells the analyses that time, current and voltage
 * curves are synthetic.
 */
export const batteryDataSummary: FormatReader = {
  id: 'batterydata-summary',
  title: 'BatteryData per-cycle summary (per-cycle table: capacities, CE, energies)',
  kind: 'text',
  sniff(probe) {
    const lines = probeLines(probe, 3);
    const at = findHeaderLine(lines, SUMMARY_COLUMNS, 3);
    if (at < 0) return null;
    const cells = headerCells(lines[at]!);
    if (cells.includes('Voltage_V') || cells.includes('Current_A')) return null;
    return { confidence: 0.9, reason: `BatteryData per-cycle summary: header has ${SUMMARY_COLUMNS.join(', ')} and no voltage or current column` };
  },
  async open(path, displayName, probe, options) {
    const bomLength = probe.bytes[0] === 0xef && probe.bytes[1] === 0xbb && probe.bytes[2] === 0xbf ? 3 : 0;
    let cols: string[] | null = null;
    const records: CanonicalRecord[] = [];
    const stats: ReadStats = { rows: 0, badRows: 0, firstBad: null };
    const skipped: number[] = [];
    const noEnergy: string[] = [];
    let t = 0;
    let at: Record<string, number> = {};
    let delimiter = ',';
    let firstBadLine = 0;
    for await (const chunk of readLines(path, probe.encoding, bomLength)) {
      chunk.lines.forEach((text, k) => {
        const line = chunk.firstLine + k;
        if (text.trim().length === 0) return;
        if (cols === null) {
          cols = headerCells(text);
          delimiter = delimiterOf(text);
          // Exact names: the table also has lower-case q_chg / e_chg (normalised fractions).
          at = Object.fromEntries(cols.map((c, i) => [c, i]));
          for (const need of ['Cycle_Index', 'Q_chg', 'Q_dis']) {
            if (at[need] === undefined) throw new CyclekitError('E_HEADER', `expected a ${need} column in the per-cycle summary; found: ${cols.slice(0, 20).join(', ')}`, { file: displayName, line });
          }
          return;
        }
        const cells = text.split(delimiter);
        const num = (name: string): number => {
          const i = at[name];
          if (i === undefined) return Number.NaN;
          const v = (cells[i] ?? '').trim();
          return v === '' ? Number.NaN : Number(v);
        };
        const cycle = num('Cycle_Index');
        if (!Number.isInteger(cycle)) {
          const problem = `column 'Cycle_Index': expected a whole number, found '${(cells[at.Cycle_Index!] ?? '').trim()}'`;
          if (options.strict) throw new CyclekitError('E_VALUE', `${problem} (--strict)`, { file: displayName, line });
          stats.badRows++;
          if (stats.firstBad === null) [stats.firstBad, firstBadLine] = [problem, line];
          return;
        }
        stats.rows++;
        const vMin = num('V_min');
        const vMax = num('V_max');
        let any = false;
        for (const kind of ['charge', 'discharge'] as const) {
          const q = num(kind === 'charge' ? 'Q_chg' : 'Q_dis');
          if (!(Number.isFinite(q) && q > 0)) continue;
          let e = num(kind === 'charge' ? 'E_chg' : 'E_dis');
          if (!(Number.isFinite(e) && e > 0)) {
            // Without E the step's voltage is the table's cycle average, and no energy is claimed.
            e = Number.NaN;
            noEnergy.push(`${cycle} ${kind}`);
          }
          const vMean = Number.isFinite(e) ? e / q : num('V_avg');
          if (!Number.isFinite(vMean)) {
            noEnergy.pop();
            noEnergy.push(`${cycle} ${kind} (left out: no energy and no V_avg)`);
            continue;
          }
          any = true;
          const sign = kind === 'charge' ? 1 : -1;
          const currentA = (sign * q * 3600) / SYNTHETIC_HALF_S;
          const energy = (x: number): number | null => (Number.isFinite(e) ? x : null);
          const rec = (timeS: number, voltageV: number, capacityAh: number, energyWh: number | null): void => {
            records.push({ line, timeS, voltageV, currentA, capacityAh, energyWh, cycle, step: null, stepKind: kind, temperatureC: null });
          };
          const [vFirst, vLast] = kind === 'charge' ? [vMin, vMax] : [vMax, vMin];
          // Zero-length records at the table's voltage limits: dt = 0, so they add no charge or energy.
          if (Number.isFinite(vFirst)) rec(t, vFirst, 0, energy(0));
          rec(t, vMean, 0, energy(0));
          t += SYNTHETIC_HALF_S;
          rec(t, vMean, q, energy(e));
          if (Number.isFinite(vLast)) rec(t, vLast, q, energy(e));
        }
        if (!any) skipped.push(cycle);
      });
    }
    if (cols === null) throw new CyclekitError('E_EMPTY', 'the file is empty', { file: displayName });
    const warnings = [PER_CYCLE_TABLE_WARNING];
    if (skipped.length > 0) warnings.push(`cycle${skipped.length === 1 ? '' : 's'} ${listed(skipped)} of the table ${skipped.length === 1 ? 'has' : 'have'} no charge or discharge capacity (e.g. EIS): left out`);
    if (noEnergy.length > 0) warnings.push(`no energy in the table for ${noEnergy.length} half cycle(s) (${noEnergy.slice(0, 5).join(', ')}${noEnergy.length > 5 ? ', …' : ''}): their energy is not reported`);
    if (stats.badRows > 0) {
      // The text reader's rule: a few bad rows are skipped and counted, more end the read.
      const total = stats.rows + stats.badRows;
      if (stats.badRows > TOLERATED_BAD_FRACTION * total) throw new CyclekitError('E_VALUE', `${stats.firstBad} (${stats.badRows} bad of ${total} rows)`, { file: displayName, line: firstBadLine });
      warnings.push(`skipped ${stats.badRows} bad row(s) of ${total}; first at line ${firstBadLine}: ${stats.firstBad}`);
    }
    const header: StreamHeader = {
      format: 'batterydata-summary',
      formatReason: '',
      encoding: probe.encoding,
      delimiter,
      decimalMark: '.',
      columns: [
        { source: 'Cycle_Index', field: 'cycle', unit: '', scale: 1 },
        { source: 'Q_chg', field: 'capacityAh (charge step, synthetic)', unit: 'Ah', scale: 1 },
        { source: 'Q_dis', field: 'capacityAh (discharge step, synthetic)', unit: 'Ah', scale: 1 },
        ...(at.E_chg !== undefined ? [{ source: 'E_chg', field: 'energyWh (charge step, synthetic)', unit: 'Wh', scale: 1 }] : []),
        ...(at.E_dis !== undefined ? [{ source: 'E_dis', field: 'energyWh (discharge step, synthetic)', unit: 'Wh', scale: 1 }] : []),
      ],
      capacityCounter: 'step',
      currentSign: 'synthetic: constant Q / 1 h per half cycle, positive = charge',
      metadata: {},
      warnings,
      perCycleTable: true,
    };
    const stream = recordStream(header, records, displayName);
    return { ...stream, stats: { ...stats } };
  },
};

function listed(xs: number[]): string {
  return xs.length <= 8 ? xs.join(', ') : `${xs.slice(0, 8).join(', ')}, … (${xs.length})`;
}
