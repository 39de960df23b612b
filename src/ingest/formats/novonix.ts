import type { FileMetadata } from '../../model/record.js';
import { makeTextReader } from '../text/delimited.js';
import { findHeaderLine, keyValues, parseMassText, probeLines } from '../text/sniff.js';

/**
 * Novonix UHPC CSV: a `[Summary]` block (channel, cell, mass, start), a `[Protocol]` block,
 * then `[Data]` with `Run Time (h)`, `Potential (V)`, `Current (A)`, `Capacity (Ah)`, `Cycle
 * Number`, `Step Number`. `Step Type` holds numeric protocol codes, not a direction, so the
 * direction comes from the current sign. The capacity counter restarts every step.
 */
export const novonix = makeTextReader({
  id: 'novonix',
  title: 'Novonix UHPC CSV export',
  sniff(probe) {
    const lines = probeLines(probe, 60);
    const tagged = lines.slice(0, 3).some((l) => /novonix/i.test(l)) && lines.some((l) => l.trim() === '[Data]');
    if (tagged) return { confidence: 0.95, reason: "Novonix: '[Summary]' block naming Novonix and a '[Data]' section" };
    const at = findHeaderLine(lines, ['Run Time (h)', 'Potential (V)', 'Current (A)'], 60);
    return at >= 0 ? { confidence: 0.85, reason: `Novonix: header on line ${at + 1} has 'Run Time (h)', 'Potential (V)', 'Current (A)'` } : null;
  },
  aliases: { time: ['Run Time'], datetime: ['Date and Time'], cycle: ['Cycle Number'], step: ['Step Number'] },
  exclude: ['Step Type', 'Step position'],
  capacityCounter: 'step',
  metadata(preamble) {
    const kv = keyValues(preamble);
    const meta: FileMetadata = {};
    const started = kv.get('started');
    if (started) meta.startTime = started;
    const channel = kv.get('channel');
    if (channel) meta.channel = channel;
    const cell = kv.get('cell');
    if (cell) meta.cellName = cell;
    const mass = kv.get('mass (g)');
    const massG = mass === undefined ? null : parseMassText(mass, 'g');
    if (massG !== null) meta.declaredMassG = massG;
    const area = kv.get('area (cm2)');
    if (area !== undefined) meta.areaCm2 = Number(area);
    const nominal = kv.get('capacity (ah)');
    if (nominal !== undefined) meta.nominalCapacityAh = Number(nominal);
    return meta;
  },
  reviewMetadata(meta) {
    if (meta.declaredMassG === undefined) return [];
    // The UHPC software pre-fills mass 1.000 g and area 1.000 cm²; both untouched means no mass was entered.
    if (meta.declaredMassG === 1 && (meta.areaCm2 === undefined || meta.areaCm2 === 1)) {
      return ["'Mass (g): 1.000' (with area 1.000 cm²) is the software's default, not a measured mass: ignored"];
    }
    meta.activeMassG = Number(meta.declaredMassG);
    return [];
  },
});
