import { readFile, stat } from 'node:fs/promises';
import { limit, limitError } from '../../util/limits.js';
import { CyclekitError } from '../../model/errors.js';
import type { CanonicalRecord, StreamHeader } from '../../model/record.js';
import type { ReadStats, RecordStream } from '../contract.js';

/** Records handed downstream per batch; matches the text readers' batch size. */
const BATCH = 8192;

/**
 * Binary containers are decoded whole (their indexes and column tables sit anywhere in the
 * file), so they are read into memory once. The files in use are a few MB.
 */
export async function readWhole(path: string, displayName: string): Promise<Uint8Array> {
  let size = 0;
  try {
    size = (await stat(path)).size;
  } catch {
    // reported by the read below
  }
  if (size > limit('binaryFileBytes')) throw limitError('binaryFileBytes', `a binary file of ${size} bytes`, { file: displayName });
  try {
    const buf = await readFile(path);
    return new Uint8Array(buf.buffer, buf.byteOffset, buf.length);
  } catch (err) {
    throw new CyclekitError('E_IO', `cannot read: ${(err as NodeJS.ErrnoException).code ?? String(err)}`, { file: displayName });
  }
}

/** Binary containers have no delimiter, decimal mark or sniffing reason of their own. */
export type BinaryHeaderParts = Omit<StreamHeader, 'formatReason' | 'delimiter' | 'decimalMark'>;

export function binaryHeader(parts: BinaryHeaderParts): StreamHeader {
  return { ...parts, formatReason: '', delimiter: null, decimalMark: null };
}

/** Wrap fully decoded records as the streaming contract every reader returns. */
export function recordStream(header: StreamHeader, records: CanonicalRecord[], displayName: string): RecordStream {
  if (records.length === 0) throw new CyclekitError('E_EMPTY', 'the file holds no data records', { file: displayName });
  const stats: ReadStats = { rows: records.length, badRows: 0, firstBad: null };
  async function* batches(): AsyncGenerator<CanonicalRecord[]> {
    for (let i = 0; i < records.length; i += BATCH) yield records.slice(i, i + BATCH);
  }
  return { header, batches: batches(), stats };
}

/** One place for the "we do not know this version" wording, so every binary reader says the same. */
export function unsupportedVersion(what: string, version: string, displayName: string): CyclekitError {
  return new CyclekitError('E_VERSION', `${what} version ${version} is not supported; export the data as text from the cycler software`, { file: displayName });
}

export function corrupt(message: string, displayName: string): CyclekitError {
  return new CyclekitError('E_CORRUPT', `${message}; the file looks truncated or damaged — copy it again from the cycler PC or export the data as text`, { file: displayName });
}

/**
 * Decoded numbers must look like a battery test: finite, time never running backwards,
 * voltages and currents within what any cycler channel can source. A damaged file that still
 * decodes trips one of these instead of printing garbage capacities.
 */
export function checkPlausible(records: CanonicalRecord[], displayName: string, limits: { maxAbsVoltageV: number; maxAbsCurrentA: number } = { maxAbsVoltageV: 100, maxAbsCurrentA: 10_000 }): void {
  let prevT = -Infinity;
  for (const r of records) {
    let why: string | null = null;
    if (!Number.isFinite(r.timeS) || !Number.isFinite(r.voltageV) || !Number.isFinite(r.currentA)) why = 'a value that is not a number';
    else if (Math.abs(r.voltageV) > limits.maxAbsVoltageV) why = `voltage ${r.voltageV} V`;
    else if (Math.abs(r.currentA) > limits.maxAbsCurrentA) why = `current ${r.currentA} A`;
    else if (r.timeS < 0 || r.timeS < prevT - 1e-6) why = `time ${r.timeS} s after ${prevT} s`;
    else if ((r.capacityAh !== null && !Number.isFinite(r.capacityAh)) || (r.energyWh !== null && !Number.isFinite(r.energyWh))) why = 'a capacity that is not a number';
    if (why !== null) throw corrupt(`record ${r.line} decodes to ${why}`, displayName);
    prevT = r.timeS;
  }
}
