import { createReadStream } from 'node:fs';

/** Lines of one chunk, as byte ranges into `buf` (no strings built). */
export interface ByteLineChunk {
  buf: Buffer;
  starts: Int32Array;
  /** End of each line, excluding `\r\n` / `\n`. */
  ends: Int32Array;
  count: number;
  /** 1-based number of the chunk's first line, counted from the first byte read. */
  firstLine: number;
  /** Where `buf[0]` is in the file, bytes. */
  fileOffset: number;
  /** True when the file's last line had no newline: it may be cut short. */
  unterminatedLast: boolean;
}

/**
 * Stream a UTF-8/ASCII file as line ranges over raw chunks. Only the unfinished tail of a
 * chunk is copied forward, so memory stays at about two chunks whatever the file size.
 */
export async function* readByteLines(path: string, startByte: number): AsyncGenerator<ByteLineChunk> {
  const stream = createReadStream(path, { start: startByte, highWaterMark: 1 << 20 });
  let carry: Buffer | null = null;
  let fileOffset = startByte;
  let lineNo = 1;
  let starts: Int32Array = new Int32Array(1 << 14);
  let ends: Int32Array = new Int32Array(1 << 14);
  for await (const raw of stream as AsyncIterable<Buffer>) {
    const buf: Buffer = carry ? Buffer.concat([carry, raw]) : raw;
    let count = 0;
    let start = 0;
    for (let nl = buf.indexOf(10, 0); nl !== -1; nl = buf.indexOf(10, start)) {
      if (count === starts.length) {
        const grow = (a: Int32Array): Int32Array => {
          const b = new Int32Array(a.length * 2);
          b.set(a);
          return b;
        };
        starts = grow(starts);
        ends = grow(ends);
      }
      starts[count] = start;
      ends[count] = nl > start && buf[nl - 1] === 13 ? nl - 1 : nl;
      count++;
      start = nl + 1;
    }
    carry = start < buf.length ? buf.subarray(start) : null;
    if (count > 0) {
      yield { buf, starts, ends, count, firstLine: lineNo, fileOffset, unterminatedLast: false };
      lineNo += count;
    }
    fileOffset += start;
  }
  if (carry && carry.length > 0) {
    const end = carry[carry.length - 1] === 13 ? carry.length - 1 : carry.length;
    yield { buf: carry, starts: Int32Array.of(0), ends: Int32Array.of(end), count: 1, firstLine: lineNo, fileOffset, unterminatedLast: true };
  }
}
