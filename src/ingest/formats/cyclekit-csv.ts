import { makeTextReader } from '../text/delimited.js';

/** Columns of cyclekit's own canonical CSV (`convert --to csv`, `simulate --layout canonical`), in order. */
export const CANONICAL_COLUMNS = ['timeS', 'voltageV', 'currentA', 'capacityAh', 'energyWh', 'cycle', 'step', 'stepKind', 'temperatureC'] as const;

/**
 * cyclekit's canonical CSV: the record stream written out as is. Capacity and energy are
 * counted from the start of each step, so the counter resets per step.
 */
export const cyclekitCsv = makeTextReader({
  id: 'cyclekit-csv',
  title: 'cyclekit canonical CSV',
  sniff(probe) {
    const first = probe.text.split(/\r?\n/, 1)[0] ?? '';
    return first.startsWith('timeS,voltageV,currentA') ? { confidence: 0.99, reason: "header starts with 'timeS,voltageV,currentA'" } : null;
  },
  aliases: {
    time: ['timeS'],
    voltage: ['voltageV'],
    current: ['currentA'],
    capacity: ['capacityAh'],
    energy: ['energyWh'],
    state: ['stepKind'],
    temperature: ['temperatureC'],
  },
  capacityCounter: 'step',
});
