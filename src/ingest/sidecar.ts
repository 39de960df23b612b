import { realpathSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, resolve, sep } from 'node:path';
import { BUNDLED_REFERENCES, REDOX_REFERENCES } from '../references/load.js';
import { readBoundedText } from '../util/bounded-read.js';
import { lazy } from '../util/lazy.js';

const yaml = lazy<typeof import('yaml')>('yaml');
import { CyclekitError } from '../model/errors.js';
import { parseCRateBasis, parseMass, type CRateBasis } from '../model/units.js';

export type CellType = 'half-cathode' | 'half-anode' | 'full';

/** Context a dataset carries in a sidecar file: see CLI.md conventions. */
export interface CellContext {
  massG?: number;
  anodeMassG?: number;
  formula?: string;
  electrons?: number;
  cRateBasis?: CRateBasis;
  cellType?: CellType;
  reference?: string;
  /** Where it was read from, for messages. */
  source: string;
}

const KEYS = new Set(['massMg', 'anodeMassMg', 'formula', 'electrons', 'cRateBasis', 'cellType', 'reference']);
const CELL_TYPES = new Set(['half-cathode', 'half-anode', 'full']);

/** Where a data file's sidecar may be, in the order they are tried. */
export function sidecarCandidates(dataPath: string): string[] {
  const dir = dirname(dataPath);
  return [`${basename(dataPath)}.cell.yaml`, `${basename(dataPath)}.cell.json`, 'cell.yaml', 'cell.yml', 'cell.json'].map((n) => join(dir, n));
}

/**
 * Look for `<file>.cell.yaml`, then `cell.yaml` (or `.yml`/`.json`) beside the data file.
 * Returns null when there is none; a sidecar that exists but is wrong is an error, and so is
 * one that is a folder, a device, unreadable or larger than the sidecar limit: a sidecar
 * silently ignored changes the numbers without a word.
 */
export async function readSidecar(dataPath: string): Promise<CellContext | null> {
  if (dataPath === '-') return null;
  for (const path of sidecarCandidates(dataPath)) {
    const text = await readBoundedText(path, 'sidecarBytes', 'sidecar', 'E_USAGE');
    if (text === null) continue;
    return parseSidecar(text, path);
  }
  return null;
}

/** `key: value` with a value YAML reads as a plain scalar, nothing after it but spaces. */
const FLAT_LINE = /^([A-Za-z][A-Za-z0-9]*): +([A-Za-z0-9][A-Za-z0-9().\/_+-]*) *$/;
/** The YAML 1.2 core schema's integers and floats among such values, read as the library reads them. */
const YAML_INT = /^[0-9]+$/;
const YAML_FLOAT = /^[0-9]+(?:\.[0-9]*)?(?:[eE][-+]?[0-9]+)?$/;
/** Values the core schema reads as neither string nor decimal number. */
const YAML_OTHER = /^(?:[Nn]ull|NULL|[Tt]rue|TRUE|[Ff]alse|FALSE|0x[0-9a-fA-F]+|0o[0-7]+)$/;

/**
 * Most sidecars are what simulate writes: comment lines and `key: value` lines, each key known
 * and given once, each value a bare word or number. Such text is read here because loading the
 * YAML library costs ~50 ms (73 modules), about a sixth of summarising a 0.5 MB file. Anything
 * else returns null and goes to the library; text read here gets the values the library would
 * give it (test/ingest/sidecar.test.ts compares them).
 */
export function parseFlatSidecar(text: string): Record<string, string | number> | null {
  const doc: Record<string, string | number> = {};
  for (const line of text.split('\n')) {
    if (line.startsWith('#') || /^ *$/.test(line)) continue;
    const m = FLAT_LINE.exec(line);
    if (!m || !KEYS.has(m[1]!) || Object.hasOwn(doc, m[1]!)) return null;
    const value = m[2]!;
    if (YAML_OTHER.test(value)) return null;
    doc[m[1]!] = YAML_INT.test(value) ? parseInt(value, 10) : YAML_FLOAT.test(value) ? parseFloat(value) : value;
  }
  return Object.keys(doc).length > 0 ? doc : null;
}

export function parseSidecar(text: string, path: string): CellContext {
  let doc: unknown = parseFlatSidecar(text);
  try {
    doc ??= yaml().parse(text);
  } catch (err) {
    const line = (err as { linePos?: { line: number }[] }).linePos?.[0]?.line;
    throw new CyclekitError('E_USAGE', `sidecar is not valid YAML/JSON: ${(err as Error).message.split('\n')[0]}`, { file: path, line });
  }
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) throw new CyclekitError('E_USAGE', 'sidecar must be a mapping of keys to values', { file: path });
  const ctx: CellContext = { source: path };
  try {
    readKeys(doc as Record<string, unknown>, ctx, path);
  } catch (err) {
    // The value parsers know only the key: the sidecar is the file to fix, not the data file.
    if (err instanceof CyclekitError) err.file = path;
    throw err;
  }
  return ctx;
}

function readKeys(doc: Record<string, unknown>, ctx: CellContext, path: string): void {
  for (const [key, value] of Object.entries(doc)) {
    if (!KEYS.has(key)) throw new CyclekitError('E_USAGE', `sidecar: unknown key '${key}'; known: ${[...KEYS].join(', ')}`, { file: path });
    const text = String(value);
    switch (key) {
      case 'massMg':
        ctx.massG = parseMass(typeof value === 'number' ? `${value}mg` : text, 'sidecar massMg');
        break;
      case 'anodeMassMg':
        ctx.anodeMassG = parseMass(typeof value === 'number' ? `${value}mg` : text, 'sidecar anodeMassMg');
        break;
      case 'formula':
        ctx.formula = text;
        break;
      case 'electrons':
        if (!(Number(value) > 0)) throw new CyclekitError('E_USAGE', `sidecar: electrons must be a positive number, got '${text}'`, { file: path });
        ctx.electrons = Number(value);
        break;
      case 'cRateBasis':
        ctx.cRateBasis = parseCRateBasis(text, 'sidecar cRateBasis');
        break;
      case 'cellType':
        if (!CELL_TYPES.has(text)) throw new CyclekitError('E_USAGE', `sidecar: cellType must be one of ${[...CELL_TYPES].join(', ')}, got '${text}'`, { file: path });
        ctx.cellType = text as CellType;
        break;
      case 'reference':
        ctx.reference = sidecarReference(text, path);
        break;
    }
  }
}

/**
 * A sidecar travels with an uploaded dataset, so its `reference` may name only a reference
 * cyclekit ships (he-v, nvp) or a file inside the sidecar's own folder: never an absolute
 * path, a `..` or a link out of the folder, which would let a dataset read the machine's files
 * into a report. A file reference is returned as an absolute path, so it is read from the
 * dataset's folder whatever the working directory.
 */
export function sidecarReference(value: string, sidecarPath: string): string {
  const known = [...BUNDLED_REFERENCES, ...Object.keys(REDOX_REFERENCES)];
  if (known.includes(value.toLowerCase())) return value;
  const refuse = (why: string): CyclekitError =>
    new CyclekitError('E_USAGE', `sidecar: reference '${value}' ${why}; a sidecar may name a bundled reference (${known.join(', ')}) or a file in its own folder`, { file: sidecarPath });
  if (isAbsolute(value) || /^[A-Za-z]:/.test(value) || value.includes('\\')) throw refuse('is an absolute path');
  if (value.split('/').includes('..')) throw refuse('leaves the sidecar\'s folder');
  const folder = dirname(resolve(sidecarPath));
  const target = resolve(folder, value);
  let real: string;
  try {
    real = realpathSync(target);
  } catch {
    return target; // missing: the reader of the reference says so
  }
  let realFolder: string;
  try {
    realFolder = realpathSync(folder);
  } catch {
    realFolder = folder;
  }
  if (!real.startsWith(realFolder + sep)) throw refuse('links out of the sidecar\'s folder');
  return real;
}
