import { CyclekitError } from '../../model/errors.js';
import type { FormatReader } from '../contract.js';
import { makeTextReader } from '../text/delimited.js';
import { byColumns, findHeaderLine, headerCells, probeLines } from '../text/sniff.js';

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

/**
 * BatteryData per-cycle summaries (`…-summary.csv`: `Cycle_Index`, `Q_chg`, `Q_dis`, `CE`, …)
 * are recognised so they are refused with a clear message rather than mis-read as time series.
 */
export const batteryDataSummary: FormatReader = {
  id: 'batterydata-summary',
  title: 'BatteryData per-cycle summary (recognised, not read)',
  kind: 'text',
  sniff(probe) {
    const lines = probeLines(probe, 3);
    const at = findHeaderLine(lines, SUMMARY_COLUMNS, 3);
    if (at < 0) return null;
    const cells = headerCells(lines[at]!);
    if (cells.includes('Voltage_V') || cells.includes('Current_A')) return null;
    return { confidence: 0.9, reason: `BatteryData per-cycle summary: header has ${SUMMARY_COLUMNS.join(', ')} and no voltage or current column` };
  },
  open(_path, displayName) {
    return Promise.reject(
      new CyclekitError(
        'E_FORMAT',
        'this is a BatteryData per-cycle summary (Cycle_Index, Q_chg, Q_dis, CE), not a time series: pass the matching …-raw.csv file, which cyclekit reads and summarises itself',
        { file: displayName, line: 1 },
      ),
    );
  },
};
