import type { FileMetadata } from '../../model/record.js';
import { makeSheetReader } from '../sheet/records.js';
import { oleDateToIso } from '../ole-date.js';
import type { Cell } from '../sheet/cells.js';

const CHANNEL = /^Channel_(\d+)_(\d+)$/i;
const GLOBAL = /^Global_Info$/i;

/**
 * Arbin MITS Pro Excel export: Global_Info plus one Channel_<ch>_<n> sheet per 65 k / 1 M
 * rows, joined in order of n. Charge and discharge capacity are separate counters that keep
 * counting across steps (their resets are inferred per step). Cycle_Index can be 1 on every
 * row; segmentation then derives cycles from the current sign and says so.
 */
export const arbinXlsx = makeSheetReader({
  id: 'arbin-xlsx',
  title: 'Arbin Excel export (Global_Info / Channel_* sheets)',
  recognise(names, container) {
    if (!names.some((n) => CHANNEL.test(n))) return null;
    const global = names.some((n) => GLOBAL.test(n));
    return { confidence: global ? 0.95 : 0.7, reason: `${container} workbook with Arbin sheets ${names.slice(0, 6).join(', ')}` };
  },
  dataSheets: (names) =>
    names
      .filter((n) => CHANNEL.test(n))
      .sort((a, b) => {
        const [, ca, na] = CHANNEL.exec(a)!;
        const [, cb, nb] = CHANNEL.exec(b)!;
        return Number(ca) - Number(cb) || Number(na) - Number(nb);
      }),
  metadataSheets: (names) => names.filter((n) => GLOBAL.test(n)),
  metadata: (sheets) => globalInfo([...sheets.values()][0] ?? []),
  cycleCounters: true,
});

function globalInfo(rows: Cell[][]): { metadata: FileMetadata; warnings: string[] } {
  const metadata: FileMetadata = {};
  const text = (c: Cell | undefined): string => (c === null || c === undefined ? '' : String(c).trim());
  for (let r = 0; r < rows.length; r++) {
    const headers = rows[r]!.map(text);
    if (!headers.includes('Channel') || !headers.some((h) => /^start datetime$/i.test(h))) continue;
    const values = rows[r + 1] ?? [];
    const at = (re: RegExp): Cell | undefined => values[headers.findIndex((h) => re.test(h))];
    const channel = text(at(/^channel$/i));
    if (channel) metadata.channel = channel;
    const start = at(/^start datetime$/i);
    const iso = typeof start === 'number' ? oleDateToIso(start, ' ') : undefined;
    if (iso !== undefined) metadata.startTime = iso;
    else if (text(start)) metadata.startTime = text(start);
    const schedule = text(at(/^schedule file name$/i));
    if (schedule) metadata.schedule = schedule;
    const creator = text(at(/^creator$/i));
    if (creator) metadata.creator = creator;
    const comments = text(at(/^comments$/i));
    if (comments) metadata.comments = comments;
    break;
  }
  return { metadata, warnings: [] };
}
