import type { FileMetadata } from '../../model/record.js';
import { makeTextReader } from '../text/delimited.js';
import { keyValues, probeLines } from '../text/sniff.js';

/**
 * BaSyTec result files: `~`-prefixed metadata lines and a `~`-prefixed header (`~Time[s]`,
 * `U[V]`, `I[A]`, `Ah[Ah]` net, `Ah-Step`, `Cyc-Count`, `Line`, `Command`), tab-separated.
 * The per-step counters `Ah-Step`/`Wh-Step` are used; `Line` (the test-plan line) is the step;
 * `Command` (Pause / Charge / Discharge) is the state.
 */
export const basytec = makeTextReader({
  id: 'basytec',
  title: 'BaSyTec result text file',
  sniff(probe) {
    const lines = probeLines(probe, 40);
    if (/^~\s*Resultfile from Basytec/i.test(lines[0] ?? '')) return { confidence: 0.99, reason: `BaSyTec: first line '${lines[0]!.trim()}'` };
    const at = lines.findIndex((l) => /^~Time\[/.test(l) && /\tU\[/.test(l) && /\tI\[/.test(l));
    return at >= 0 ? { confidence: 0.9, reason: `BaSyTec: '~'-prefixed header on line ${at + 1} with 'Time[…]', 'U[…]', 'I[…]'` } : null;
  },
  aliases: {
    capacity: ['Ah-Step'],
    energy: ['Wh-Step'],
    cycle: ['Cyc-Count'],
    step: ['Line'],
    state: ['Command'],
    temperature: ['T1'],
  },
  exclude: ['Ah', 'Wh', 'State'],
  capacityCounter: 'step',
  metadata(preamble) {
    const kv = keyValues(preamble);
    const meta: FileMetadata = {};
    const start = kv.get('start of test');
    if (start) meta.startTime = start;
    const channel = kv.get('testchannel');
    if (channel) meta.channel = channel;
    const battery = kv.get('battery');
    if (battery) meta.cellName = battery;
    const test = kv.get('name of test');
    if (test) meta.testName = test;
    return meta;
  },
});
