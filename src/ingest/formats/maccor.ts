import type { FileMetadata, StepKind } from '../../model/record.js';
import { makeTextReader } from '../text/delimited.js';
import { findHeaderLine, keyValues, probeLines } from '../text/sniff.js';
import { stateToKind } from '../text/state.js';

/**
 * Maccor text and CSV exports: a few metadata lines, then `Rec#`/`Rec`, `Cyc#`/`Cycle C`,
 * `Step`, `TestTime` (`0d 00:00:05`) or `Test (Sec)`, `Amp-hr`/`Cap. [Ah]`, `Amps`/`Current [A]`,
 * `Volts`, and the state `State`/`Md` (C charge, D discharge, R rest, O other). Tab or comma,
 * decimal point or comma. Current is written as a magnitude in most exports; its sign comes
 * from the state. The cycle column is often 0 throughout, and segmentation then derives cycles.
 * A time column without a unit is checked against `DPT Time` (KIT exports write minutes).
 */
export const maccor = makeTextReader({
  id: 'maccor',
  title: 'Maccor text / CSV export',
  sniff(probe) {
    const lines = probeLines(probe, 40);
    for (const required of [
      ['Rec#', 'Cyc#', 'Step'],
      ['Rec', 'Cycle P', 'Cycle C', 'Md'],
      ['Rec', 'Cycle C', 'Step'],
    ]) {
      const at = findHeaderLine(lines, required, 40);
      if (at >= 0) return { confidence: 0.9, reason: `Maccor: header on line ${at + 1} has ${required.map((r) => `'${r}'`).join(', ')}` };
    }
    return null;
  },
  aliases: {
    time: ['TestTime', 'Test Time', 'Test'],
    datetime: ['DPt Time', 'DPT Time'],
    capacity: ['Amp-hr', 'Cap.', 'Capacity'],
    energy: ['Watt-hr', 'Ener.', 'Energy'],
    current: ['Amps', 'Current'],
    voltage: ['Volts', 'Voltage'],
    cycle: ['Cyc#', 'Cycle C'],
    state: ['State', 'Md'],
    temperature: ['Temp 1'],
  },
  currentIsMagnitude: true,
  stateKind: maccorState,
  // Amp-hr and Watt-hr restart at every step (maccor_001: CC 3.36871 Ah then CV from 0.00001 Ah).
  capacityCounter: 'step',
  metadata: maccorMetadata,
});

/** Maccor's one-letter modes; 'O' (other) and 'S' (status) carry no current direction. */
function maccorState(raw: string): StepKind | null {
  const s = raw.trim().toUpperCase();
  if (s === 'C') return 'charge';
  if (s === 'D') return 'discharge';
  if (s === 'R') return 'rest';
  if (s === 'O' || s === 'S' || s === 'E') return 'other';
  return stateToKind(raw);
}

function maccorMetadata(preamble: string[]): FileMetadata {
  const kv = keyValues(preamble);
  const meta: FileMetadata = {};
  const start = kv.get('date of test') ?? kv.get('started');
  if (start) meta.startTime = start;
  const channel = kv.get('tester channel') ?? kv.get('channel');
  if (channel) meta.channel = channel;
  const name = kv.get('filename') ?? kv.get('name');
  if (name) meta.cellName = name;
  const procedure = kv.get('procedure');
  if (procedure) meta.procedure = procedure;
  return meta;
}
