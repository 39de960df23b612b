import { CyclekitError } from '../../model/errors.js';
import type { FormatReader, Probe, ReadOptions, RecordStream } from '../contract.js';
import { mapColumns, type Field } from '../text/columns.js';
import { makeTextReader } from '../text/delimited.js';
import type { LayoutOptions, TextFormatSpec } from '../text/spec.js';
import { detectDecimalComma, type TableLayout } from '../text/layout.js';
import { probeLines } from '../text/sniff.js';
import { parseNumber } from '../text/values.js';

/**
 * Gamry Framework `.DTA` files ("EXPLAIN" format): an `EXPLAIN` line, `TAG <technique>`, one
 * `NAME<TAB>KIND<TAB>value…` line per setting, then tables introduced by `NAME<TAB>TABLE`,
 * each with a header line and a units line (both starting with a tab) and rows starting with
 * a tab: `Pt T Vf Im …` in `# s V A …`.
 *
 * Only galvanostatic chronopotentiometry (`TAG CHRONOP`) is a time series of a cell under a
 * set current, and only it is read: time `T`, voltage `Vf` (V vs. the reference, the cell
 * voltage in a two-electrode cell), current `Im` with Gamry's convention (anodic positive,
 * i.e. positive charges a working electrode that is oxidised on charge). Every other technique
 * (CV, EIS, OCP, potentiostatic steps, the PWR800 summary tables) is refused by name.
 */

const GALVANOSTATIC = new Set(['CHRONOP']);
const ALIASES: Partial<Record<Field, string[]>> = { time: ['T'], voltage: ['Vf'], current: ['Im'] };
const EXCLUDE = ['Pt', 'Vu', 'Sig', 'Ach', 'IERange', 'Over', 'Temp'];

/** The technique named on the `TAG` line of an EXPLAIN file, or null when the file is not one. */
export function gamryTechnique(lines: string[]): string | null {
  if ((lines[0] ?? '').trim().replace(/^\ufeff/, '') !== 'EXPLAIN') return null;
  for (const line of lines.slice(1, 6)) {
    const m = /^TAG\t([^\t]+)/.exec(line);
    if (m) return m[1]!.trim();
  }
  return null;
}

/** A Gamry unit cell as a unit the shared vocabulary knows: `V vs. Ref.` is volts, `#` is none. */
function unitOf(raw: string): string | null {
  const u = raw.trim();
  if (u === '' || u === '#' || u === 'bits') return null;
  if (/^V\b/.test(u)) return 'V';
  return u;
}

function curveLayout(lines: string[], options: LayoutOptions): TableLayout | null {
  const at = lines.findIndex((l) => /^CURVE\d*\tTABLE\b/.test(l));
  if (at < 0 || at + 2 >= lines.length) return null;
  const names = lines[at + 1]!.split('\t');
  const units = lines[at + 2]!.split('\t');
  const cells = names.map((n, i) => {
    const name = n.trim();
    const unit = unitOf(units[i] ?? '');
    return name === '' ? '' : unit ? `${name} (${unit})` : name;
  });
  const columns = mapColumns(cells, { ...options, aliases: ALIASES, exclude: EXCLUDE });
  if (!columns.some((c) => c.field === 'voltage') || !columns.some((c) => c.field === 'current')) return null;
  return { headerIndex: at + 2, delimiter: '\t', decimalComma: detectDecimalComma(lines.slice(at + 3, at + 50), '\t'), cells, columns };
}

const spec: TextFormatSpec = {
  id: 'gamry-dta',
  title: 'Gamry Framework .DTA (EXPLAIN), galvanostatic CHRONOP curves',
  sniff(probe) {
    const technique = gamryTechnique(probeLines(probe, 6));
    return technique === null ? null : { confidence: 0.97, reason: `Gamry Framework EXPLAIN file (.DTA), technique '${technique}'` };
  },
  layout: curveLayout,
  // Rows of a table start with an empty field and a point number; units lines, later tables'
  // headers and the settings written after the curve (STOPREASON…) are not records.
  rowTransform: () => (cells) => (cells[0] === '' && !Number.isNaN(parseNumber(cells[1] ?? '', false)) ? cells : null),
  metadata(preamble) {
    const value = (key: string): string | undefined => preamble.find((l) => l.startsWith(`${key}\t`))?.split('\t')[2]?.trim();
    const date = value('DATE');
    const time = value('TIME');
    return {
      ...(date ? { startTime: time ? `${date} ${time}` : date } : {}),
      ...(value('TITLE') ? { cellName: value('TITLE')! } : {}),
      ...(value('PSTAT') ? { channel: value('PSTAT')! } : {}),
    };
  },
  capacityCounter: null,
};

const text = makeTextReader(spec);

export const gamryDta: FormatReader = {
  ...text,
  async open(path: string, displayName: string, probe: Probe, options: ReadOptions): Promise<RecordStream> {
    const technique = gamryTechnique(probeLines(probe, 6));
    if (technique !== null && !GALVANOSTATIC.has(technique)) {
      throw new CyclekitError(
        'E_FORMAT',
        `Gamry .DTA file of technique '${technique}': cyclekit reads only galvanostatic chronopotentiometry (TAG CHRONOP) curves from Gamry files; export this one's curve as text with time, voltage and current columns and pass --col`,
        { file: displayName },
      );
    }
    const stream = await text.open(path, displayName, probe, options);
    stream.header.currentSign = "as written by Gamry (anodic positive: positive charges a working electrode oxidised on charge)";
    stream.header.warnings.push(`Gamry ${technique ?? 'EXPLAIN'} curve: 'Vf' is the working electrode's potential against the reference lead (the cell voltage in a two-electrode cell)`);
    return stream;
  },
};
