/**
 * The archive's tables: one Parquet file per source file and table, Hive-partitioned by the
 * first two hex digits of the source path's hash (`<table>/part=ab/<pathhash>.parquet`).
 * Column names are the keys of `--json` (units in the names); the `files` table is the
 * commit marker: rows of the other tables count only when `files` has their path and hash.
 */
export type ColumnType = 'VARCHAR' | 'DOUBLE' | 'BIGINT' | 'BOOLEAN';

export interface Column {
  name: string;
  type: ColumnType;
  /** What it holds, for docs/archive.md. */
  doc: string;
}

export const TABLES = ['files', 'cycles', 'peaks', 'couples'] as const;
export type TableName = (typeof TABLES)[number];

/** Columns every table starts with: which source file, in which version, the rows belong to. */
const SOURCE: Column[] = [
  { name: 'path', type: 'VARCHAR', doc: 'the source file as the index command was given it (relative paths stay relative)' },
  { name: 'contentSha256', type: 'VARCHAR', doc: 'SHA-256 of the source file bytes' },
];

export const FILES_COLUMNS: Column[] = [
  ...SOURCE,
  { name: 'sizeBytes', type: 'BIGINT', doc: 'source file size, bytes' },
  { name: 'mtimeMs', type: 'DOUBLE', doc: 'source modification time, ms since 1970 (a cheap check before hashing)' },
  { name: 'status', type: 'VARCHAR', doc: "'ok', or 'error' when no reader could read it" },
  { name: 'errorCode', type: 'VARCHAR', doc: 'E_FORMAT, E_CORRUPT, … when status is error' },
  { name: 'errorMessage', type: 'VARCHAR', doc: 'the one-line message cyclekit printed for it' },
  { name: 'format', type: 'VARCHAR', doc: 'reader id (as `summary --json` `format`)' },
  { name: 'cellType', type: 'VARCHAR', doc: 'half-cathode, half-anode or full, when known' },
  { name: 'cellTypeSource', type: 'VARCHAR', doc: 'where the cell type came from' },
  { name: 'massG', type: 'DOUBLE', doc: 'active mass, g' },
  { name: 'massSource', type: 'VARCHAR', doc: 'where the mass came from (flag, sidecar, file header)' },
  { name: 'cRateBasis', type: 'VARCHAR', doc: '1C definition, when known' },
  { name: 'cycleRule', type: 'VARCHAR', doc: 'how cycles were numbered (instrument or derived)' },
  { name: 'sidecar', type: 'VARCHAR', doc: 'the cell.yaml/cell.json read for it, if any' },
  { name: 'cycles', type: 'BIGINT', doc: 'number of cycles' },
  { name: 'records', type: 'BIGINT', doc: 'data rows read' },
  { name: 'warnings', type: 'VARCHAR', doc: 'warnings, one per line' },
  { name: 'cyclekitVersion', type: 'VARCHAR', doc: 'the cyclekit that indexed it' },
];

/** Types of the per-cycle keys of `summary --json`; keys not listed are typed from their values. */
export const CYCLE_KEY_TYPES: Record<string, ColumnType> = {
  cycle: 'BIGINT',
  records: 'BIGINT',
  capacitySource: 'VARCHAR',
  partial: 'BOOLEAN',
};

export const PEAKS_COLUMNS: Column[] = [
  ...SOURCE,
  { name: 'cycle', type: 'BIGINT', doc: 'cycle number' },
  { name: 'direction', type: 'VARCHAR', doc: 'charge or discharge' },
  { name: 'voltageV', type: 'DOUBLE', doc: 'peak potential, V' },
  { name: 'heightMAhPerV', type: 'DOUBLE', doc: '|dQ/dV| at the peak, mAh V⁻¹' },
  { name: 'prominence', type: 'DOUBLE', doc: 'height above the local baseline, mAh V⁻¹' },
  { name: 'fwhmV', type: 'DOUBLE', doc: 'full width at half prominence, V' },
  { name: 'areaMAh', type: 'DOUBLE', doc: 'capacity under the peak, mAh' },
];

export const COUPLES_COLUMNS: Column[] = [
  ...SOURCE,
  { name: 'cycle', type: 'BIGINT', doc: 'cycle number' },
  { name: 'oxidationV', type: 'DOUBLE', doc: 'oxidation (charge) peak, V' },
  { name: 'reductionV', type: 'DOUBLE', doc: 'reduction (discharge) peak, V' },
  { name: 'meanVoltageV', type: 'DOUBLE', doc: '(E_ox + E_red)/2, V' },
  { name: 'polarizationV', type: 'DOUBLE', doc: 'E_ox − E_red, V' },
  { name: 'label', type: 'VARCHAR', doc: 'reference couple name, when one is within tolerance' },
  { name: 'referenceV', type: 'DOUBLE', doc: "the reference couple's potential, V" },
];

export type Row = Record<string, string | number | boolean | null>;

/** The cycles table's columns for one file: the summary keys, in their JSON order. */
export function cycleColumns(rows: Row[]): Column[] {
  const columns: Column[] = [...SOURCE];
  const seen = new Set(columns.map((c) => c.name));
  for (const row of rows) {
    for (const [key, value] of Object.entries(row)) {
      if (seen.has(key)) continue;
      const type = CYCLE_KEY_TYPES[key] ?? (typeof value === 'boolean' ? 'BOOLEAN' : typeof value === 'string' ? 'VARCHAR' : typeof value === 'number' ? 'DOUBLE' : null);
      // A key that is null in every cycle of this file is left out: union_by_name reads it as null.
      if (type === null) continue;
      seen.add(key);
      columns.push({ name: key, type, doc: '' });
    }
  }
  return columns;
}
