import type { CanonicalRecord, StreamHeader } from '../model/record.js';

/** The first bytes of a file, enough for every reader's cheap `sniff`. */
export interface Probe {
  /** Up to PROBE_BYTES from the start of the file. */
  bytes: Uint8Array;
  /** The same bytes decoded as text with the detected encoding; '' for binary content. */
  text: string;
  encoding: string;
}

export const PROBE_BYTES = 256 * 1024;

/** What `sniff` says: how sure it is (0–1) and why, for `inspect`. */
export interface SniffResult {
  confidence: number;
  reason: string;
}

export interface ReadOptions {
  /** User overrides: canonical field → source column name. */
  columns: Record<string, string>;
  /** Fail on the first bad row instead of skipping it with a warning. */
  strict: boolean;
  /**
   * Read text through the general string parsers even where the byte-level fast path applies.
   * Used by the tests that prove both paths give identical records.
   */
  generalParser?: boolean;
}

/** Counts the reader keeps while streaming, final once the batches are consumed. */
export interface ReadStats {
  rows: number;
  badRows: number;
  firstBad: string | null;
}

export interface RecordStream {
  header: StreamHeader;
  /** Records in file order, in batches to keep per-record overhead low. */
  batches: AsyncIterable<CanonicalRecord[]>;
  stats: ReadStats;
  /**
   * The same records handed one at a time in one reused object, for a consumer that only folds
   * them (segmentation): no object per row and no batch arrays, which at a million rows is a
   * large share of the time. `each` must copy whatever it keeps. Use this or `batches`, not both.
   * Readers that stream text offer it; `eachRecord` falls back to `batches` for the others.
   * `between`, when given, is awaited after each chunk of rows: a consumer that writes as it
   * reads (convert) waits there for its output to leave, without holding records meanwhile.
   */
  visit?(each: (rec: CanonicalRecord) => void, between?: () => Promise<void>): Promise<void>;
  /**
   * Plain text files whose rows stand alone can also be read in byte ranges ("pieces"), each
   * on its own, so that segmentation can fold the pieces of a large file in parallel.
   * Use this, `visit` or `batches`: one of them.
   */
  pieces?: PieceReader;
}

/** A byte range of a file: rows whose first byte is in [startByte, endByte). */
export interface BytePiece {
  startByte: number;
  endByte: number;
}

/** Where a piece's records go, in file order. */
export interface PieceSink {
  /** The last good record before the piece, to continue from; not given for the first piece. */
  seed(rec: CanonicalRecord): void;
  /** A record of the piece. The record object is reused: copy what you keep. */
  own(rec: CanonicalRecord): void;
  /** A record after the piece's end, read only while this returns true. */
  beyond(rec: CanonicalRecord): boolean;
}

/** What reading one piece learnt besides its records: plain data, so it can cross threads. */
export interface PieceReport {
  /** False when no good record before the piece was found to seed it: read the file whole. */
  seeded: boolean;
  /** Lines that start in the piece. The next piece's line numbers follow on from these. */
  lines: number;
  rows: number;
  badRows: number;
  firstBad: string | null;
  /** Piece-relative line of the first bad row (1 = the piece's first line). */
  firstBadLine: number;
  /** Reader-specific findings (first time stamp, mass inference), merged by `finish`. */
  findings: unknown;
}

export interface PieceReader {
  /** The file's size, bytes. */
  sizeBytes: number;
  /** First byte after the header: every piece but the first starts at or after it. */
  dataStartByte: number;
  /**
   * Cut the file into pieces of about `pieceBytes`, each starting at a line start. The first
   * starts at byte 0, so it reads the header and numbers lines as the file does.
   */
  cut(pieceBytes: number): Promise<BytePiece[]>;
  /**
   * Read one piece. Its line numbers count from 1 at its first byte, except for the piece
   * starting at byte 0, whose numbers are the file's. `piece.startByte` must be 0 or the start
   * of a line at or after `dataStartByte`.
   */
  read(piece: BytePiece, sink: PieceSink): Promise<PieceReport>;
  /**
   * Once every piece is read, in file order: fill the stream's stats and header as reading the
   * file whole would have (bad-row tolerance included, which may throw).
   */
  finish(reports: PieceReport[]): void;
}

/**
 * Hand every record of `stream` to `each` in file order, through `visit` when the reader offers
 * it, awaiting `between` (when given) after each chunk or batch of records.
 */
export async function eachRecord(stream: RecordStream, each: (rec: CanonicalRecord) => void, between?: () => Promise<void>): Promise<void> {
  if (stream.visit) return stream.visit(each, between);
  for await (const batch of stream.batches) {
    for (const rec of batch) each(rec);
    if (between) await between();
  }
}

export interface FormatReader {
  /** Stable id, used by --format and in JSON `format`. */
  id: string;
  title: string;
  /** Binary readers need the whole file; text readers stream. */
  kind: 'text' | 'binary';
  sniff(probe: Probe): SniffResult | null;
  open(path: string, displayName: string, probe: Probe, options: ReadOptions): Promise<RecordStream>;
}
