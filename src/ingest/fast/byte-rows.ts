import { createReadStream } from 'node:fs';
import { parseAsciiNumber } from './ascii-number.js';

/** Lines of one chunk, as byte ranges into `buf` (no strings built). */
export interface ByteLineChunk {
  buf: Buffer;
  starts: Int32Array;
  /** End of each line, excluding `\r\n` / `\n`. */
  ends: Int32Array;
  count: number;
  firstLine: number;
  /** True when the file's last line had no newline: it may be cut short. */
  unterminatedLast: boolean;
}

/**
 * Stream a UTF-8/ASCII file as line ranges over raw chunks. Only the unfinished tail of a
 * chunk is copied forward, so memory stays at about two chunks whatever the file size.
 */
export async function* readByteLines(path: string, skipBytes: number): AsyncGenerator<ByteLineChunk> {
  const stream = createReadStream(path, { start: skipBytes, highWaterMark: 1 << 20 });
  let carry: Buffer | null = null;
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
      yield { buf, starts, ends, count, firstLine: lineNo, unterminatedLast: false };
      lineNo += count;
    }
  }
  if (carry && carry.length > 0) {
    const end = carry[carry.length - 1] === 13 ? carry.length - 1 : carry.length;
    yield { buf: carry, starts: Int32Array.of(0), ends: Int32Array.of(end), count: 1, firstLine: lineNo, unterminatedLast: true };
  }
}

/**
 * One row's cells as byte ranges, read on demand: numbers are parsed in place; text is
 * decoded only for cells that are not plain numbers.
 */
export class ByteCells {
  buf: Buffer = Buffer.alloc(0);
  readonly fieldStart = new Int32Array(1024);
  readonly fieldEnd = new Int32Array(1024);
  count = 0;

  /** Split the line [start, end) on a one-byte delimiter; false when it holds a quote (use the general path). */
  load(buf: Buffer, start: number, end: number, delimiter: number): boolean {
    this.buf = buf;
    let n = 0;
    let s = start;
    for (let i = start; i < end; i++) {
      const c = buf[i]!;
      if (c === delimiter) {
        if (n < 1023) {
          this.fieldStart[n] = s;
          this.fieldEnd[n] = i;
          n++;
        }
        s = i + 1;
      } else if (c === 34) return false;
    }
    this.fieldStart[n] = s;
    this.fieldEnd[n] = end;
    this.count = n + 1;
    return true;
  }

  /** The plain-number value of a cell, or undefined when it needs the general parser. */
  number(index: number): number | undefined {
    return parseAsciiNumber(this.buf, this.fieldStart[index]!, this.fieldEnd[index]!);
  }

  text(index: number): string {
    return this.buf.toString('utf8', this.fieldStart[index]!, this.fieldEnd[index]!);
  }

  /** True when the cell's bytes equal the same cell in `other` (cheap change detection). */
  sameAs(index: number, prevBuf: Buffer, prevStart: number, prevEnd: number): boolean {
    const s = this.fieldStart[index]!;
    const e = this.fieldEnd[index]!;
    if (e - s !== prevEnd - prevStart) return false;
    return this.buf.compare(prevBuf, prevStart, prevEnd, s, e) === 0;
  }
}
