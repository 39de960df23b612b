import type { FileMetadata } from '../../model/record.js';
import type { FormatReader, Probe, RecordStream } from '../contract.js';
import { Bytes } from '../binary/bytes.js';
import { binaryHeader, checkPlausible, corrupt, readWhole, recordStream, unsupportedVersion } from '../binary/records.js';
import { cutWarning, NEWARE_COLUMNS, toRecordsCounted, type NewareTable } from '../binary/neware-table.js';
import { decodeNdaRecords, NdaError } from '../binary/neware-nda-layouts.js';
import { NEWARE_CYCLE_NUMBERING } from './neware-ndax.js';

/**
 * Neware BTS .nda: the bytes `NEWARE`, an 8-digit date, the layout version at byte 14, then
 * a header and the records; the layouts by version are in ../binary/neware-nda-layouts.ts.
 */
const MAGIC = 'NEWARE';

/** Decode an .nda held in memory; exported for tests that compare every column. */
export function decodeNda(bytes: Uint8Array, displayName: string): { table: NewareTable; metadata: FileMetadata; warnings: string[]; version: number; cycleNumbering: string } {
  const b = new Bytes(bytes);
  if (b.length < 1024 || b.ascii(0, 6) !== MAGIC) throw corrupt(`the .nda header is incomplete (${b.length} bytes)`, displayName);
  const version = b.u8(14);
  let decoded;
  try {
    decoded = decodeNdaRecords(b, version);
  } catch (err) {
    if (err instanceof NdaError) {
      if (err.problem.kind === 'version') throw unsupportedVersion('Neware .nda layout', err.problem.version, displayName);
      throw corrupt(err.problem.message, displayName);
    }
    throw err;
  }
  const metadata: FileMetadata = { ndaVersion: version, ndaLayout: decoded.layout };
  const server = b.find(new TextEncoder().encode('BTSServer'));
  if (server !== -1) metadata.serverVersion = b.ascii(server, 50).replace(/\0.*$/s, '');
  const cycleNumbering =
    decoded.cycleSource === 'file'
      ? NEWARE_CYCLE_NUMBERING
      : "derived from the programme steps as BTSDA numbers them (a new cycle starts when the step index does not rise); this BTS 9.0 file stores no cycle index";
  return { table: decoded.table, metadata, warnings: decoded.unchecked ? [decoded.unchecked] : [], version, cycleNumbering };
}

export const newareNda: FormatReader = {
  id: 'neware-nda',
  title: 'Neware BTS .nda',
  kind: 'binary',
  sniff(probe: Probe) {
    const b = probe.bytes;
    if (b.length < 6 || String.fromCharCode(...b.subarray(0, 6)) !== MAGIC) return null;
    return { confidence: 0.95, reason: "starts with the bytes 'NEWARE'" };
  },
  async open(path, displayName): Promise<RecordStream> {
    const bytes = await readWhole(path, displayName);
    let decoded;
    try {
      decoded = decodeNda(bytes, displayName);
    } catch (err) {
      if (err instanceof RangeError) throw corrupt(`a record runs past the end of the file (${err.message})`, displayName);
      throw err;
    }
    const counted = toRecordsCounted(decoded.table);
    const records = counted.records;
    const cut = cutWarning(counted);
    checkPlausible(records, displayName);
    return recordStream(
      binaryHeader({
        format: 'neware-nda',
        encoding: 'binary (Neware .nda)',
        columns: NEWARE_COLUMNS,
        capacityCounter: 'step',
        currentSign: 'positive = charge (Neware convention, unchanged)',
        metadata: decoded.metadata,
        warnings: [...decoded.warnings, ...(cut ? [cut] : [])],
        cycleNumbering: decoded.cycleNumbering,
      }),
      records,
      displayName,
    );
  },
};
