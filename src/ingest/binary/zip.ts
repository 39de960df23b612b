import { lazy } from '../../util/lazy.js';

const fflate = lazy<typeof import('fflate')>('fflate');
import { Bytes, crc32 } from './bytes.js';
import { limit, limitError } from '../../util/limits.js';

/**
 * Minimal zip reader for .ndax containers. fflate's unzipSync trusts the 32-bit size fields,
 * and Neware writes 0xFFFFFFFF there (the zip64 marker), so it would reserve 4 GiB per member.
 * Here sizes come from the zip64 extra field when present, members inflate to their real
 * size, and each member's CRC-32 is checked so damage is reported rather than decoded.
 * Members are inflated whole, so before any is, the sizes they declare together must fit the
 * container budget (the smaller of the inflated-size limit and a ratio of the file's size):
 * a zip bomb is refused in one line, and a member cannot inflate past its declared size.
 */
export class ZipError extends Error {}

export function unzip(data: Uint8Array): Record<string, Uint8Array> {
  const b = new Bytes(data);
  // End of central directory: signature 0x06054b50 within the last 64 KiB + 22 bytes.
  let eocd = -1;
  for (let i = data.length - 22; i >= Math.max(0, data.length - 65557); i--) {
    if (b.u32(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new ZipError('no zip directory at the end of the file');
  let entries = b.u16(eocd + 10);
  let dirOffset = b.u32(eocd + 16);
  if (dirOffset === 0xffffffff || entries === 0xffff) {
    // zip64 end-of-directory locator sits just before the classic record.
    const locator = eocd - 20;
    if (locator < 0 || b.u32(locator) !== 0x07064b50) throw new ZipError('zip64 directory locator missing');
    const rec = b.u64(locator + 8);
    if (b.u32(rec) !== 0x06064b50) throw new ZipError('zip64 directory record missing');
    entries = b.u64(rec + 32);
    dirOffset = b.u64(rec + 48);
  }
  const out: Record<string, Uint8Array> = {};
  const absolute = limit('inflatedBytes');
  const relative = limit('inflateRatio') * Math.max(data.length, 1 << 16);
  const budget = Math.min(absolute, relative);
  let declared = 0;
  let at = dirOffset;
  for (let k = 0; k < entries; k++) {
    if (b.u32(at) !== 0x02014b50) throw new ZipError(`directory entry ${k + 1} is damaged`);
    const method = b.u16(at + 10);
    const crc = b.u32(at + 16);
    let compressed = b.u32(at + 20);
    let size = b.u32(at + 24);
    const nameLength = b.u16(at + 28);
    const extraLength = b.u16(at + 30);
    const commentLength = b.u16(at + 32);
    let local = b.u32(at + 42);
    const name = new TextDecoder('utf-8').decode(data.subarray(at + 46, at + 46 + nameLength));
    // zip64 extra field (id 1): the 64-bit values, in order, for each 32-bit field set to 0xFFFFFFFF.
    for (let e = at + 46 + nameLength, end = e + extraLength; e + 4 <= end; ) {
      const id = b.u16(e);
      const len = b.u16(e + 2);
      if (id === 1) {
        let p = e + 4;
        if (size === 0xffffffff) (size = b.u64(p)), (p += 8);
        if (compressed === 0xffffffff) (compressed = b.u64(p)), (p += 8);
        if (local === 0xffffffff) local = b.u64(p);
      }
      e += 4 + len;
    }
    if (b.u32(local) !== 0x04034b50) throw new ZipError(`member ${name}: local header is damaged`);
    const start = local + 30 + b.u16(local + 26) + b.u16(local + 28);
    if (start + compressed > data.length) throw new ZipError(`member ${name} runs past the end of the file`);
    // Deflate cannot expand more than ~1032:1; a larger claim is a damaged directory, not a real size.
    if (size > 1100 * compressed + 1024) throw new ZipError(`member ${name} claims ${size} bytes from ${compressed} compressed`);
    if (Object.hasOwn(out, name)) throw new ZipError(`two members are named ${name}`);
    declared += size;
    if (declared > budget) {
      const found = `the container's members declare more than ${declared} inflated bytes`;
      throw relative < absolute ? limitError('inflateRatio', found) : limitError('inflatedBytes', found);
    }
    const raw = data.subarray(start, start + compressed);
    let content: Uint8Array;
    if (method === 0) content = raw;
    else if (method === 8) {
      try {
        content = fflate().inflateSync(raw, { out: new Uint8Array(size) });
      } catch (err) {
        throw new ZipError(`member ${name} does not inflate (${err instanceof Error ? err.message : String(err)})`);
      }
    } else throw new ZipError(`member ${name} uses compression method ${method}`);
    if (content.length !== size || crc32(content) !== crc) throw new ZipError(`member ${name} fails its CRC-32 check`);
    out[name] = content;
    at += 46 + nameLength + extraLength + commentLength;
  }
  return out;
}
