import type { FileMetadata } from '../../model/record.js';
import { makeTextReader } from '../text/delimited.js';
import { findHeaderLine, parseMassText, probeLines } from '../text/sniff.js';

const NB_HEADER = /^Nb header lines\s*:\s*(\d+)/i;

/**
 * BioLogic EC-Lab `.mpt` and BT-Lab `.txt` exports: an optional header block whose second line
 * gives its length ("Nb header lines : 81"), tab-separated columns named `quantity/unit`
 * (`time/s`, `Ewe/V`, `<I>/mA`, `Q charge/mA.h`), the locale's decimal mark, Windows-1252
 * text. `time/s` sometimes holds absolute date-times. EC-Lab's `cycle number` starts at 0 and
 * is kept as written; `I` is positive for oxidation, which is charge for a working electrode.
 * `Q charge` and `Q discharge` accumulate within a cycle number, so resets are inferred.
 */
export const biologic = makeTextReader({
  id: 'biologic-mpt',
  title: 'BioLogic EC-Lab / BT-Lab text export (.mpt, .txt)',
  sniff(probe) {
    const lines = probeLines(probe, 5);
    const first = (lines[0] ?? '').trim();
    if (/^(EC-Lab|BT-Lab) ASCII FILE/i.test(first)) return { confidence: 0.99, reason: `BioLogic: first line '${first}'` };
    const headerless = probeLines(probe, 3);
    for (const required of [['mode', 'ox/red', 'time/s'], ['time/s', 'Ewe/V'], ['time/s', 'Ecell/V'], ['time/s', '<Ewe>/V']]) {
      const at = findHeaderLine(headerless, required, 3);
      if (at >= 0) return { confidence: 0.8, reason: `BioLogic without header block: line ${at + 1} has ${required.map((r) => `'${r}'`).join(', ')}` };
    }
    return null;
  },
  headerIndex(lines) {
    const m = NB_HEADER.exec((lines[1] ?? '').trim());
    return m ? Number(m[1]) - 1 : null;
  },
  aliases: {
    voltage: ['Ecell', 'Ewe', '<Ewe>'],
    current: ['I', '<I>'],
    chargeCapacity: ['Q charge'],
    dischargeCapacity: ['Q discharge'],
    capacity: ['(Q-Qo)'],
    chargeEnergy: ['Energy charge'],
    dischargeEnergy: ['Energy discharge'],
    cycle: ['cycle number'],
    step: ['Ns'],
  },
  capacityCounter: null,
  metadata: biologicMetadata,
  reviewMetadata(meta) {
    // EC-Lab's "Mass of active material" defaults to 0.001 mg; the characteristic mass is what it divides by.
    if (meta.characteristicMassG !== undefined) meta.activeMassG = Number(meta.characteristicMassG);
    else if (meta.activeMassG !== undefined && Math.abs(meta.activeMassG - 1e-6) < 1e-12) {
      delete meta.activeMassG;
      return ["'Mass of active material : 0.001 mg' is EC-Lab's default, not a mass: ignored"];
    }
    return [];
  },
});

function biologicMetadata(preamble: string[]): FileMetadata {
  const meta: FileMetadata = {};
  for (const line of preamble) {
    const m = /^\s*([^:]+?)\s*:\s*(.*?)\s*$/.exec(line);
    if (!m) continue;
    const key = m[1]!.toLowerCase();
    const value = m[2]!;
    if (value.length === 0) continue;
    if (key === 'characteristic mass') {
      const g = parseMassText(value, 'g');
      if (g !== null) meta.characteristicMassG = g;
    } else if (key === 'acquisition started on') meta.startTime = value;
    else if (key === 'run on channel') meta.channel = value;
    else if (key === 'cell name' || key === 'electrode material') meta[key === 'cell name' ? 'cellName' : 'electrodeMaterial'] = value;
  }
  return meta;
}
