/**
 * Little-endian field access over a byte array. Every read is bounds-checked by DataView,
 * so a truncated file surfaces as a RangeError that the readers turn into E_CORRUPT.
 */
export class Bytes {
  readonly view: DataView;
  constructor(readonly data: Uint8Array) {
    this.view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  }
  get length(): number {
    return this.data.length;
  }
  u8(at: number): number {
    return this.view.getUint8(at);
  }
  u16(at: number): number {
    return this.view.getUint16(at, true);
  }
  i16(at: number): number {
    return this.view.getInt16(at, true);
  }
  u32(at: number): number {
    return this.view.getUint32(at, true);
  }
  i32(at: number): number {
    return this.view.getInt32(at, true);
  }
  /** 64-bit integers as JS numbers: exact up to 2^53, far beyond any counter a cycler writes. */
  i64(at: number): number {
    return Number(this.view.getBigInt64(at, true));
  }
  u64(at: number): number {
    return Number(this.view.getBigUint64(at, true));
  }
  f32(at: number): number {
    return this.view.getFloat32(at, true);
  }
  f64(at: number): number {
    return this.view.getFloat64(at, true);
  }
  ascii(at: number, length: number): string {
    let s = '';
    const end = Math.min(this.data.length, at + length);
    for (let i = at; i < end; i++) s += String.fromCharCode(this.data[i]!);
    return s;
  }
  /** First offset ≥ from where `needle` occurs, or -1. */
  find(needle: Uint8Array, from = 0): number {
    const d = this.data;
    const first = needle[0];
    outer: for (let i = d.indexOf(first!, from); i !== -1 && i <= d.length - needle.length; i = d.indexOf(first!, i + 1)) {
      for (let j = 1; j < needle.length; j++) if (d[i + j] !== needle[j]) continue outer;
      return i;
    }
    return -1;
  }
}

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

/**
 * CRC-32 (IEEE, the zip polynomial): Neware seals every 4 KiB page of an .ndc stream with one,
 * and every ZIP member carries one. `previous`: the CRC of the bytes before `data`, for a
 * member checked chunk by chunk as it inflates.
 */
export function crc32(data: Uint8Array, previous = 0): number {
  let c = previous ^ 0xffffffff;
  for (let i = 0; i < data.length; i++) c = CRC_TABLE[(c ^ data[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
