import { createReadStream } from 'node:fs';
import { limit, limitError } from '../../util/limits.js';

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
 * Stream a UTF-8/ASCII file as line ranges over raw chunks. A line split across two chunks is
 * joined in a buffer of its own, so the chunks themselves are never copied, and memory stays at
 * about two chunks whatever the file size.
 */
export async function* readByteLines(path: string, startByte: number): AsyncGenerator<ByteLineChunk> {
  const stream = createReadStream(path, { start: startByte, highWaterMark: 1 << 20 });
  const maxLine = limit('lineBytes');
  let carry: Buffer | null = null;
  /** Chunks of a line longer than a chunk: joined once when its end arrives, never re-copied per chunk. */
  let longLine: Buffer[] = [];
  let longLength = 0;
  /** Where `carry[0]` is in the file, bytes. */
  let carryOffset = 0;
  /** Where the current chunk's first byte is in the file, bytes. */
  let rawOffset = startByte;
  let lineNo = 1;
  let starts: Int32Array = new Int32Array(1 << 14);
  let ends: Int32Array = new Int32Array(1 << 14);
  for await (const raw of stream as AsyncIterable<Buffer>) {
    let start = 0;
    if (carry) {
      const nl = raw.indexOf(10);
      if (nl === -1) {
        longLine.push(raw);
        longLength += raw.length;
        rawOffset += raw.length;
        if (carry.length + longLength > maxLine) {
          stream.destroy();
          throw limitError('lineBytes', `line ${lineNo} runs on for more than ${carry.length + longLength} bytes`, { line: lineNo });
        }
        continue;
      }
      if (carry.length + longLength + nl > maxLine) {
        stream.destroy();
        throw limitError('lineBytes', `line ${lineNo} runs on for ${carry.length + longLength + nl} bytes`, { line: lineNo });
      }
      yield oneLine(Buffer.concat([carry, ...longLine, raw.subarray(0, nl)]), lineNo, carryOffset, false);
      longLine = [];
      longLength = 0;
      lineNo++;
      carry = null;
      start = nl + 1;
    }
    let count = 0;
    for (let nl = raw.indexOf(10, start); nl !== -1; nl = raw.indexOf(10, start)) {
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
      ends[count] = nl > start && raw[nl - 1] === 13 ? nl - 1 : nl;
      count++;
      start = nl + 1;
    }
    if (start < raw.length) {
      carry = raw.subarray(start);
      carryOffset = rawOffset + start;
    }
    if (count > 0) {
      yield { buf: raw, starts, ends, count, firstLine: lineNo, fileOffset: rawOffset, unterminatedLast: false };
      lineNo += count;
    }
    rawOffset += raw.length;
  }
  if (carry && carry.length + longLength > 0) yield oneLine(Buffer.concat([carry, ...longLine]), lineNo, carryOffset, true);
}

/** A chunk of the single line `buf` holds (without its newline), which starts at `fileOffset`. */
function oneLine(buf: Buffer, lineNo: number, fileOffset: number, unterminated: boolean): ByteLineChunk {
  const end = buf.length > 0 && buf[buf.length - 1] === 13 ? buf.length - 1 : buf.length;
  return { buf, starts: Int32Array.of(0), ends: Int32Array.of(end), count: 1, firstLine: lineNo, fileOffset, unterminatedLast: unterminated };
}
