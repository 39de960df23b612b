import { CyclekitError } from '../../model/errors.js';
import type { CanonicalRecord, FileMetadata, StreamHeader } from '../../model/record.js';
import type { FormatReader, Probe, RecordStream } from '../contract.js';
import { binaryHeader, checkPlausible, corrupt, readWhole, recordStream, unsupportedVersion } from '../binary/records.js';
import { decodeNdax, NdcError, type NdaxMembers } from '../binary/neware-ndc.js';
import { ZipArchive } from '../binary/zip.js';
import { cutWarning, NEWARE_COLUMNS, toRecordsCounted, type NewareTable } from '../binary/neware-table.js';

/**
 * Neware BTS .ndax: a zip holding the record streams (data.ndc, data_runInfo.ndc,
 * data_step.ndc, data_AUX_*.ndc) and XML metadata (Step.xml: programme and active mass;
 * TestInfo.xml: channel and auxiliary channels; VersionInfo.xml: software versions).
 */

/** How the Neware readers' cycles are numbered, for inspect and every output. */
export const NEWARE_CYCLE_NUMBERING =
  "the cycler's own cycle index, as stored in the file and shown by BTSDA (it follows the test programme's loops: a new cycle starts when the programme jumps back to an earlier step)";

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];

function containsAscii(bytes: Uint8Array, text: string): boolean {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).includes(text, 0, 'latin1');
}

function xmlText(bytes: Uint8Array | undefined): string {
  return bytes ? new TextDecoder('utf-8').decode(bytes) : '';
}

function attr(xml: string, element: string, name: string): string | undefined {
  const m = new RegExp(`<${element}\\b[^>]*\\b${name}="([^"]*)"`).exec(xml);
  return m?.[1];
}

/** Decode an .ndax held in memory; exported for tests that compare every column. */
export function decodeNdaxFile(bytes: Uint8Array, displayName: string): { table: NewareTable; metadata: FileMetadata; warnings: string[]; version: number } {
  const files = ZipArchive.fromBytes(bytes, displayName, '.ndax container').inflateAll();
  const data = files['data.ndc'];
  if (!data) {
    throw new CyclekitError('E_FORMAT', `a zip without data.ndc (members: ${Object.keys(files).slice(0, 8).join(', ')}); is this a Neware .ndax file?`, { file: displayName });
  }
  const testInfo = xmlText(files['TestInfo.xml']);
  const stepXml = xmlText(files['Step.xml']);
  const versionXml = xmlText(files['VersionInfo.xml']);

  // Auxiliary streams sort by the numbers in their names, matching the order of TestInfo.xml's
  // Aux entries: data_AUX_<a>_<b>_<c>.ndc (BTS 8.0.0) or <anything>_<n>.ndc (older and newer).
  const auxFiles = Object.keys(files)
    .filter((f) => f.endsWith('.ndc') && !['data.ndc', 'data_runInfo.ndc', 'data_step.ndc', 'data_log.ndc', 'data_es.ndc'].includes(f))
    .map((f) => ({ f, key: (/data_AUX_(\d+)_(\d+)_(\d+)\.ndc$/.exec(f)?.slice(1) ?? [/_(\d+)\.ndc$/.exec(f)?.[1], 0, 0]).map(Number) }))
    .filter((x) => Number.isFinite(x.key[0]))
    .sort((a, b) => a.key[0]! - b.key[0]! || a.key[1]! - b.key[1]! || a.key[2]! - b.key[2]!);
  const auxInfo = [...testInfo.matchAll(/<Aux\d+\b([^>]*)\/?>/g)].map((m) => ({
    id: /AuxID="(\d+)"/.exec(m[1]!)?.[1],
    type: /ChlType="(\d+)"/.exec(m[1]!)?.[1],
  }));
  const warnings: string[] = [];
  const aux: NdaxMembers['aux'] = auxFiles.map((a, k) => {
    const info = auxInfo.length === auxFiles.length ? auxInfo[k] : undefined;
    // ChlType 103 is a thermocouple; other auxiliary kinds (voltage, humidity) are not temperatures.
    return { name: `T${info?.id ?? k + 1}`, file: a.f, bytes: files[a.f]!, thermocouple: info?.type === '103' };
  });

  let decoded;
  try {
    decoded = decodeNdax({ data, runInfo: files['data_runInfo.ndc'], step: files['data_step.ndc'], aux });
  } catch (err) {
    if (err instanceof NdcError) {
      if (err.problem.kind === 'version') throw unsupportedVersion('Neware .ndax stream', err.problem.version, displayName);
      throw corrupt(err.problem.message, displayName);
    }
    if (err instanceof RangeError) throw corrupt(`a record runs past the end of its stream (${err.message})`, displayName);
    throw err;
  }
  const auxRead = decoded.table.temperaturesC.size;
  if (auxFiles.length > auxRead) warnings.push(`${auxFiles.length - auxRead} of ${auxFiles.length} auxiliary stream(s) not read as temperatures: TestInfo.xml does not mark them as thermocouples, or they hold no values`);
  if (decoded.unchecked) warnings.push(decoded.unchecked);
  if (decoded.filled > 0) {
    warnings.push(
      `${decoded.filled} of ${decoded.table.index.length} records carry no time or capacity in the file (BTS 8 logs them for some records only); they were filled in from neighbouring records and the current`,
    );
  }

  const metadata: FileMetadata = {};
  // Step.xml's SCQ is the active mass in µg (BTSDA shows SCQ/1000 mg).
  const scq = Number(attr(stepXml, 'SCQ', 'Value'));
  if (Number.isFinite(scq) && scq > 0) metadata.activeMassG = scq / 1e6;
  const start = attr(testInfo, 'TestInfo', 'StartTime');
  if (start) metadata.startTime = start.replace(' ', 'T');
  const chl = attr(testInfo, 'TestInfo', 'ChlID');
  const dev = attr(testInfo, 'TestInfo', 'DevID');
  if (chl) metadata.channel = dev ? `${dev}-${chl}` : chl;
  const barcode = attr(testInfo, 'TestInfo', 'Barcode');
  const remark = attr(stepXml, 'Remark', 'Value');
  if (barcode || remark) metadata.cellName = barcode || remark;
  const server = attr(versionXml, 'ZwjVersion', 'SvrVer');
  if (server) metadata.serverVersion = server;
  const client = attr(versionXml, 'ZwjVersion', 'CurrClientVer');
  if (client) metadata.clientVersion = client;
  metadata.ndcVersion = decoded.version;
  return { table: decoded.table, metadata, warnings, version: decoded.version };
}

/** The stream of a valid file with no records (recordStream refuses those as E_EMPTY). */
function emptyStream(header: StreamHeader): RecordStream {
  async function* batches(): AsyncGenerator<CanonicalRecord[]> {}
  return { header, batches: batches(), stats: { rows: 0, badRows: 0, firstBad: null } };
}

export const newareNdax: FormatReader = {
  id: 'neware-ndax',
  title: 'Neware BTS .ndax (zip of .ndc streams)',
  kind: 'binary',
  sniff(probe: Probe) {
    const b = probe.bytes;
    if (b.length < 30 || ZIP_MAGIC.some((m, i) => b[i] !== m)) return null;
    if (!containsAscii(b, '.ndc') && !containsAscii(b, 'Step.xml')) return null;
    return { confidence: 0.95, reason: 'a zip container holding Neware .ndc streams / Step.xml' };
  },
  async open(path, displayName): Promise<RecordStream> {
    const bytes = await readWhole(path, displayName);
    const { table, metadata, warnings } = decodeNdaxFile(bytes, displayName);
    const counted = toRecordsCounted(table);
    const records = counted.records;
    const cut = cutWarning(counted);
    if (cut) warnings.push(cut);
    checkPlausible(records, displayName);
    // A test stopped before its first record is a whole, valid file: say so, report nothing.
    const open = records.length > 0 ? recordStream : emptyStream;
    if (records.length === 0) warnings.push('the test holds no records (it was stopped or never started before the cycler logged a point): 0 cycles');
    return open(
      binaryHeader({
        format: 'neware-ndax',
        encoding: 'binary (zip of .ndc streams)',
        columns: NEWARE_COLUMNS,
        capacityCounter: 'step',
        currentSign: 'positive = charge (Neware convention, unchanged)',
        metadata,
        warnings,
        cycleNumbering: NEWARE_CYCLE_NUMBERING,
      }),
      records,
      displayName,
    );
  },
};
