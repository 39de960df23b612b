import { CyclekitError } from '../../model/errors.js';
import type { CanonicalRecord, StreamHeader } from '../../model/record.js';
import type { ReadOptions, ReadStats } from '../contract.js';
import type { TableLayout } from './layout.js';
import type { RowConverter } from './row-converter.js';
import type { RowSource } from './row-sources.js';
import type { Sideline } from './sideline.js';

/** A bad row is tolerated (skipped with a warning) only while bad rows stay under this share of all rows. */
export const TOLERATED_BAD_FRACTION = 0.01;

/** One open text table: where it is, how it is laid out, and what reading it reports to. */
export interface TextSource {
  path: string;
  file: string;
  encoding: string;
  bomLength: number;
  layout: TableLayout;
  transform: ((cells: string[]) => string[] | null) | null;
  options: ReadOptions;
  header: StreamHeader;
  stats: ReadStats;
  /** What the format learned from rows that are not records (a layered export's cycle rows), told to the header after the last row. */
  afterRows?: (header: StreamHeader) => void;
}

/** Converts rows into records and keeps the count of good and bad ones. */
export class RowTally {
  rows = 0;
  badRows = 0;
  firstBad: string | null = null;
  firstBadLine = 0;

  /** `skipThroughLine`: rows up to this line are the preamble and header. */
  constructor(
    private readonly convert: RowConverter,
    private readonly skipThroughLine: number,
    private readonly strict: boolean,
    private readonly file: string,
  ) {}

  /** Convert one row into `rec`; false for a row that is not a good record (counted, or thrown under --strict). */
  take(row: RowSource, rec: CanonicalRecord): boolean {
    const lineNo = row.lineNo;
    if (lineNo <= this.skipThroughLine) return false;
    let problem = this.convert(row.cells, lineNo, rec);
    if (problem !== null && row.last) problem = `last line is cut short: ${problem}; the file looks truncated`;
    if (problem !== null) {
      this.badRows++;
      if (this.firstBad === null) {
        this.firstBad = problem;
        this.firstBadLine = lineNo;
      }
      if (this.strict) throw new CyclekitError('E_VALUE', `${problem} (--strict)`, { file: this.file, line: lineNo });
      return false;
    }
    this.rows++;
    return true;
  }
}

/** After the last row: the stream's final counts, what the rows taught the header, and the bad-row verdict. */
export function closeReading(source: TextSource, tally: Pick<RowTally, 'rows' | 'badRows' | 'firstBad' | 'firstBadLine'>, sideline: Sideline): void {
  const { stats, header, file } = source;
  const headerLine = source.layout.headerIndex + 1;
  stats.rows = tally.rows;
  stats.badRows = tally.badRows;
  stats.firstBad = tally.firstBad;
  sideline.finish(header);
  source.afterRows?.(header);
  if (stats.rows === 0 && stats.badRows === 0) throw new CyclekitError('E_EMPTY', 'the header is not followed by any data row', { file, line: headerLine });
  if (stats.badRows > 0) {
    const total = stats.rows + stats.badRows;
    if (stats.badRows > TOLERATED_BAD_FRACTION * total) {
      const code = stats.firstBad?.includes('truncated') ? 'E_TRUNCATED' : 'E_VALUE';
      throw new CyclekitError(code, `${stats.firstBad} (${stats.badRows} bad of ${total} rows)`, { file, line: tally.firstBadLine });
    }
    header.warnings.push(`skipped ${stats.badRows} bad row(s) of ${total}; first at line ${tally.firstBadLine}: ${stats.firstBad}`);
  }
}
