import { normaliseName, splitHeader } from './text/columns.js';

/**
 * Column names each vendor's export is known by (FORMATS.md), used only to tell a user which
 * layouts their unreadable file is closest to. Matching is by normalised name, units removed.
 */
const KNOWN_LAYOUTS: Record<string, string[]> = {
  'neware-csv': ['DataPoint', 'Cycle Index', 'Step Index', 'Step Type', 'Time', 'Total Time', 'Current', 'Voltage', 'Capacity', 'Chg. Cap.', 'DChg. Cap.', 'Energy', 'Date'],
  'arbin-csv': ['Data_Point', 'Test_Time', 'DateTime', 'Step_Time', 'Step_Index', 'Cycle_Index', 'Current', 'Voltage', 'Charge_Capacity', 'Discharge_Capacity', 'Charge_Energy', 'Discharge_Energy'],
  'biologic-mpt': ['mode', 'ox/red', 'time', 'Ewe', 'Ecell', 'I', '<I>', 'cycle number', 'half cycle', 'Ns', 'Q charge/discharge', '(Q-Qo)'],
  maccor: ['Rec#', 'Cyc#', 'Step', 'Test (Sec)', 'Step (Sec)', 'Amp-hr', 'Watt-hr', 'Amps', 'Volts', 'State', 'Md', 'Cycle C'],
  'land-xlsx': ['Cycle-Index', 'Step-Index', 'Step-State', 'TestTime', 'Voltage', 'Current', 'Capacity', 'SpeCap', 'Energy', 'SysTime'],
  novonix: ['Date and Time', 'Cycle Number', 'Step Type', 'Run Time', 'Step Time', 'Current', 'Potential', 'Capacity', 'Temperature'],
  basytec: ['Time', 'DataSet', 't-Step', 'Line', 'Command', 'U', 'I', 'Ah', 'Ah-Step', 'Wh-Step', 'Cyc-Count', 'State'],
  pec: ['Test', 'Cell', 'Rack', 'Shelf', 'Position', 'Cycle', 'Step', 'Total Time', 'Voltage', 'Current', 'Charge Capacity', 'Discharge Capacity'],
  'batterydata-csv': ['Cycle_Index', 'Step', 'Time_s', 'Current_A', 'Voltage_V', 'Charge_Capacity_Ah', 'Discharge_Capacity_Ah'],
  bdf: ['Test Time / s', 'Voltage / V', 'Current / A', 'Cycle Count / 1', 'Step Count / 1', 'Unix Time / s'],
};

/** The known layouts sharing the most column names with what was found, best first (at most three). */
export function nearestLayouts(found: string[]): { id: string; shared: number; of: number }[] {
  const names = new Set(found.map((c) => normaliseName(splitHeader(c).name)));
  return Object.entries(KNOWN_LAYOUTS)
    .map(([id, cols]) => ({ id, shared: cols.filter((c) => names.has(normaliseName(splitHeader(c).name))).length, of: cols.length }))
    .filter((x) => x.shared > 0)
    .sort((a, b) => b.shared / b.of - a.shared / a.of)
    .slice(0, 3);
}
