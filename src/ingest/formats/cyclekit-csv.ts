import { CANONICAL_COLUMNS } from '../../model/canonical-columns.js';
import { makeTextReader } from '../text/delimited.js';

/** What the canonical CSV's header starts with: its first three columns. */
const HEADER_START = CANONICAL_COLUMNS.slice(0, 3).join(',');

/**
 * cyclekit's canonical CSV: the record stream written out as is. Capacity and energy are
 * counted from the start of each step, so the counter resets per step.
 */
export const cyclekitCsv = makeTextReader({
  id: 'cyclekit-csv',
  title: 'cyclekit canonical CSV',
  sniff(probe) {
    const first = probe.text.split(/\r?\n/, 1)[0] ?? '';
    return first.startsWith(HEADER_START) ? { confidence: 0.99, reason: `header starts with '${HEADER_START}'` } : null;
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
