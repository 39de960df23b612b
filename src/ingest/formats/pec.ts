import type { FileMetadata } from '../../model/record.js';
import { makeTextReader } from '../text/delimited.js';
import { findHeaderLine, keyValues, probeLines } from '../text/sniff.js';

const SIGNATURE = ['Test', 'Cell', 'Rack', 'Shelf', 'Position'];

/**
 * PEC tester CSV: about 32 `Key:,Value` metadata lines and a results-check block, then a header
 * starting `Test,Cell,Rack,Shelf,Position`; `Voltage (mV)`, `Current (mA)`, `Total Time
 * (Seconds)`, and energies labelled `Charge Capacity (mWh)` (the unit tells them from the mAh
 * capacities). Cycle 0 is the first, as written.
 */
export const pec = makeTextReader({
  id: 'pec',
  title: 'PEC tester CSV export',
  sniff(probe) {
    const lines = probeLines(probe, 80);
    const at = findHeaderLine(lines, SIGNATURE, 80);
    if (at >= 0) return { confidence: 0.95, reason: `PEC: header on line ${at + 1} starts with ${SIGNATURE.join(',')}` };
    return lines.some((l) => /^TestRegime Name:,/.test(l)) ? { confidence: 0.6, reason: "PEC: 'TestRegime Name:' metadata line" } : null;
  },
  headerIndex(lines) {
    const at = findHeaderLine(lines, SIGNATURE, 200);
    return at >= 0 ? at : null;
  },
  aliases: {
    time: ['Total Time'],
    datetime: ['Real Time'],
    chargeEnergy: ['Charge Capacity', 'Charge Energy'],
    dischargeEnergy: ['Discharge Capacity', 'Discharge Energy'],
  },
  capacityCounter: null,
  cycleCounters: true,
  metadata(preamble) {
    const kv = keyValues(preamble);
    const meta: FileMetadata = {};
    const start = kv.get('start time');
    if (start) meta.startTime = start;
    const test = kv.get('test');
    if (test) meta.testId = test;
    const regime = kv.get('testregime name');
    if (regime) meta.regime = regime;
    return meta;
  },
});
