import { makeTextReader } from '../text/delimited.js';
import { byColumns, probeLines } from '../text/sniff.js';

/**
 * Arbin MITS CSV: classic names (`Test_Time`, `Cycle_Index`, `Charge_Capacity`, no units: s, A,
 * V, Ah) and MITS Pro names with units (`Test Time (s)`, `Current (A)`). Charge and discharge
 * capacity accumulate over the schedule and reset by schedule rules, so resets are inferred.
 */
export const arbinCsv = makeTextReader({
  id: 'arbin-csv',
  title: 'Arbin MITS CSV export',
  sniff(probe) {
    const lines = probeLines(probe, 20);
    return (
      byColumns(lines, ['Data_Point', 'Test_Time', 'Cycle_Index', 'Step_Index'], 0.9, 'Arbin') ??
      byColumns(lines, ['Data Point', 'Test Time (s)', 'Cycle Index', 'Step Index'], 0.9, 'Arbin MITS Pro')
    );
  },
  aliases: {
    time: ['Test Time', 'Test_Time'],
    datetime: ['Date Time', 'DateTime', 'Date_Time'],
    temperature: ['Aux_Temperature_1', 'Temperature'],
    specificCapacity: ['Specific Capacity'],
  },
  capacityCounter: null,
  cycleCounters: true,
});
