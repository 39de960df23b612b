import { CyclekitError } from '../model/errors.js';

/**
 * The sizes cyclekit refuses to go past when reading a file, so that a hostile or damaged
 * upload costs bounded memory and time. Each is generous for real cycler exports (the largest
 * real file in the corpus is far below every one) and can be raised with its environment
 * variable; exceeding one is a one-line E_LIMIT naming the limit and that variable
 * (docs/security.md lists them).
 */
export interface LimitSpec {
  /** What is limited, for messages. */
  what: string;
  /** The environment variable that raises (or lowers) it. */
  env: string;
  defaultValue: number;
  unit: 'bytes' | 'MB' | 'count' | 'ratio' | 'seconds';
}

const MiB = 1024 * 1024;
const GiB = 1024 * MiB;

export const LIMITS = {
  /** Inflated bytes one container (.xlsx, .ndax) may hold in all its members together. */
  inflatedBytes: { what: 'total inflated size of the container', env: 'CYCLEKIT_MAX_INFLATED_BYTES', defaultValue: 4 * GiB, unit: 'bytes' },
  /** Inflated bytes per compressed byte of the whole container (a zip bomb reaches 1000). */
  inflateRatio: { what: 'inflated size per byte of the container file', env: 'CYCLEKIT_MAX_INFLATE_RATIO', defaultValue: 200, unit: 'ratio' },
  /** Columns a spreadsheet row may reach (Excel's own maximum is 16 384, column XFD). */
  sheetColumns: { what: 'columns in a spreadsheet', env: 'CYCLEKIT_MAX_SHEET_COLUMNS', defaultValue: 16_384, unit: 'count' },
  /** Rows a spreadsheet may declare (Excel's own maximum is 1 048 576). */
  sheetRows: { what: 'rows a spreadsheet declares', env: 'CYCLEKIT_MAX_SHEET_ROWS', defaultValue: 1_048_576, unit: 'count' },
  /** One text line, or one XML row element of a sheet. */
  lineBytes: { what: 'length of one line or spreadsheet row', env: 'CYCLEKIT_MAX_LINE_BYTES', defaultValue: 16 * MiB, unit: 'bytes' },
  /** A shared-string table, workbook part or other whole-read member of a workbook. */
  sheetPartBytes: { what: 'size of a workbook part read whole (shared strings, workbook, relationships)', env: 'CYCLEKIT_MAX_SHEET_PART_BYTES', defaultValue: 64 * MiB, unit: 'bytes' },
  sidecarBytes: { what: 'size of a sidecar (cell.yaml / cell.json)', env: 'CYCLEKIT_MAX_SIDECAR_BYTES', defaultValue: 1 * MiB, unit: 'bytes' },
  specBytes: { what: 'size of a check spec or reference file', env: 'CYCLEKIT_MAX_SPEC_BYTES', defaultValue: 4 * MiB, unit: 'bytes' },
  /** A binary container (.xls, .res, .ndax, .mpr, .nda) is decoded in memory: its file size. */
  binaryFileBytes: { what: 'size of a binary file decoded in memory', env: 'CYCLEKIT_MAX_BINARY_BYTES', defaultValue: 1 * GiB, unit: 'bytes' },
  /** Heap of the worker thread that reads a risky format (spreadsheets, databases, containers). */
  workerHeapMb: { what: 'memory for reading one file', env: 'CYCLEKIT_MAX_HEAP_MB', defaultValue: 384, unit: 'MB' },
  /** Time for reading one file of a risky format in its worker thread. */
  fileSeconds: { what: 'time for reading one file', env: 'CYCLEKIT_MAX_SECONDS', defaultValue: 300, unit: 'seconds' },
} as const satisfies Record<string, LimitSpec>;

export type LimitName = keyof typeof LIMITS;

/** The limit's value: its environment variable when set to a positive number, else the default. */
export function limit(name: LimitName): number {
  const spec: LimitSpec = LIMITS[name];
  const raw = process.env[spec.env];
  if (raw !== undefined && raw.trim() !== '') {
    const n = Number(raw);
    if (!(n > 0)) throw new CyclekitError('E_USAGE', `${spec.env}: expected a positive number, got '${raw}'`);
    return n;
  }
  return spec.defaultValue;
}

function shown(value: number, unit: LimitSpec['unit']): string {
  if (unit === 'bytes') return value >= MiB ? `${+(value / MiB).toFixed(1)} MiB` : `${value} bytes`;
  if (unit === 'MB') return `${value} MB`;
  if (unit === 'ratio') return `${value}×`;
  if (unit === 'seconds') return `${value} s`;
  return String(value);
}

/**
 * The one-line refusal: what went past which limit, and how to raise it.
 * `found` says what the file holds or claims ("a row of 20 MiB", "column ZZZZZZ").
 */
export function limitError(name: LimitName, found: string, where: { file?: string; line?: number } = {}, value = limit(name)): CyclekitError {
  const spec: LimitSpec = LIMITS[name];
  return new CyclekitError('E_LIMIT', `${found}: over the limit on the ${spec.what} (${shown(value, spec.unit)}); if the file is genuine, raise it with ${spec.env}=N`, where);
}
