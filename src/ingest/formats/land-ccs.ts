import { CyclekitError } from '../../model/errors.js';
import type { FormatReader, Probe } from '../contract.js';

/**
 * LAND (LANDdt / LANHE) native `.ccs` test files: a binary header naming the vendor
 * ("WuHan LAND", "SNEL"), then 128-byte blocks whose first 32-bit word says how many 24-byte
 * samples follow (the layout the Battery Data Format project documents from observed files).
 * No vendor description exists and the sample layout is inferred, so cyclekit does not decode
 * it: the file is recognised and refused by name, with the export that works instead.
 */

const VENDOR_MARKS = ['WuHan LAND', 'SNEL'];
/** Block type words seen at the start of each 128-byte block: a control block, or 1–5 samples. */
const BLOCK_WORDS = new Set([0x00000002, 0x00000103, 0x00000203, 0x00000303, 0x00000403, 0x00000503]);
const PAYLOAD_OFFSET = 0x1000;
const BLOCK_BYTES = 128;

function hasVendorMark(bytes: Uint8Array): string | null {
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.length, PAYLOAD_OFFSET)).toString('latin1');
  return VENDOR_MARKS.find((m) => head.includes(m)) ?? null;
}

/** Six block type words in a row on 128-byte boundaries from 0x1000. */
function hasBlockRun(bytes: Uint8Array): boolean {
  if (bytes.length < PAYLOAD_OFFSET + 6 * BLOCK_BYTES) return false;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
  for (let k = 0; k < 6; k++) if (!BLOCK_WORDS.has(view.getUint32(PAYLOAD_OFFSET + k * BLOCK_BYTES, true))) return false;
  return true;
}

export const landCcs: FormatReader = {
  id: 'land-ccs',
  title: 'LAND .ccs binary test file (recognised, not read)',
  kind: 'binary',
  sniff(probe: Probe) {
    if (probe.text.length > 0) return null;
    const mark = hasVendorMark(probe.bytes);
    const blocks = hasBlockRun(probe.bytes);
    if (mark && blocks) return { confidence: 0.9, reason: `LAND .ccs: vendor mark '${mark}' and data blocks from byte 0x1000` };
    if (mark) return { confidence: 0.6, reason: `LAND .ccs: vendor mark '${mark}' in the header` };
    if (blocks) return { confidence: 0.5, reason: 'LAND .ccs: 128-byte data blocks from byte 0x1000' };
    return null;
  },
  async open(_path, displayName) {
    throw new CyclekitError(
      'E_FORMAT',
      "LAND .ccs binary test file: cyclekit does not decode LAND's native format; in LANDdt export the test as Excel (.xlsx, Record-Tab sheet), which cyclekit reads as land-xlsx",
      { file: displayName },
    );
  },
};
