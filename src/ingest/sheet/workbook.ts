import { CyclekitError } from '../../model/errors.js';
import type { Probe } from '../contract.js';
import { openXls } from './xls.js';
import { openXlsx, parseSheetList } from './xlsx.js';
import { entryFromProbe } from '../binary/zip.js';
import type { Container, Workbook } from './cells.js';


const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];
const OLE2_MAGIC = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

function startsWith(bytes: Uint8Array, magic: number[]): boolean {
  return magic.every((b, i) => bytes[i] === b);
}

export function containerOf(bytes: Uint8Array): Container | null {
  if (startsWith(bytes, ZIP_MAGIC)) return 'xlsx';
  if (startsWith(bytes, OLE2_MAGIC)) return 'xls';
  return null;
}

export interface ProbedWorkbook {
  container: Container;
  /** null when the sheet list is not inside the probe. */
  sheetNames: string[] | null;
}

const probed = new WeakMap<Probe, ProbedWorkbook | null>();

/**
 * The container and sheet names from a file's first bytes, for the readers' sniffs:
 * an .xlsx's `xl/workbook.xml` is near the start of the archive; an .xls's BoundSheet
 * records open the BIFF workbook stream. Cached per probe (every spreadsheet reader asks).
 */
export function probeWorkbook(probe: Probe): ProbedWorkbook | null {
  if (probed.has(probe)) return probed.get(probe)!;
  const container = containerOf(probe.bytes);
  let result: ProbedWorkbook | null = null;
  if (container === 'xlsx') {
    const xml = entryFromProbe(probe.bytes, (n) => n === 'xl/workbook.xml');
    // A ZIP without a workbook part in its first entries may still be a workbook; a docx or ndax is not.
    result = { container, sheetNames: xml === null ? null : parseSheetList(xml).map((s) => s.name) };
  } else if (container === 'xls') {
    const names = boundSheetNames(probe.bytes);
    result = { container, sheetNames: names.length > 0 ? names : null };
  }
  probed.set(probe, result);
  return result;
}

/**
 * Sheet names from BIFF8 BoundSheet8 records (type 0x0085): 4-byte stream offset, state,
 * type, then a short Unicode string. Each candidate is checked for a self-consistent length
 * so stray 0x85 bytes in other data do not produce names.
 */
export function boundSheetNames(bytes: Uint8Array): string[] {
  const names: string[] = [];
  for (let p = 512; p + 12 < bytes.length; p++) {
    if (bytes[p] !== 0x85 || bytes[p + 1] !== 0x00) continue;
    const length = bytes[p + 2]! | (bytes[p + 3]! << 8);
    const state = bytes[p + 8]!;
    const type = bytes[p + 9]!;
    const chars = bytes[p + 10]!;
    const high = bytes[p + 11]!;
    if (state > 2 || ![0, 1, 2, 6].includes(type) || chars === 0 || high > 1) continue;
    if (length !== 8 + chars * (high ? 2 : 1)) continue;
    const start = p + 12;
    const end = start + chars * (high ? 2 : 1);
    if (end > bytes.length) break;
    const raw = bytes.subarray(start, end);
    const name = high ? new TextDecoder('utf-16le').decode(raw) : new TextDecoder('latin1').decode(raw);
    names.push(name);
    p = end - 1;
  }
  return names;
}

/** Open a workbook; for .xls only the sheets `wanted` picks are parsed (memory). */
export async function openWorkbook(path: string, file: string, probe: Probe, wanted: (names: string[]) => string[]): Promise<Workbook> {
  const container = containerOf(probe.bytes);
  if (container === 'xlsx') return openXlsx(path, file);
  if (container === 'xls') return openXls(path, file, wanted);
  throw new CyclekitError('E_FORMAT', 'not an Excel workbook (expected the xlsx ZIP or the xls OLE2 signature)', { file });
}
