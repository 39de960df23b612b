import { createReadStream } from 'node:fs';
import { limit, limitError } from '../../util/limits.js';

/** A chunk of decoded lines and the 1-based line number of the first one. */
export interface LineChunk {
  firstLine: number;
  lines: string[];
  /** True when the file did not end with a newline: the last line may be cut short. */
  unterminatedLast: boolean;
}

/**
 * Stream a text file as decoded lines without ever holding it whole: bytes are decoded
 * incrementally (multi-byte sequences split across chunks are handled by TextDecoder's
 * stream mode) and only the unfinished tail of a chunk is carried over. A line that runs on
 * past the line limit is refused; its pieces are joined once, never re-scanned per chunk, so
 * time stays linear.
 */
export async function* readLines(path: string, encoding: string, bomLength: number): AsyncGenerator<LineChunk> {
  const decoder = new TextDecoder(encoding, { ignoreBOM: true });
  const stream = createReadStream(path, { start: bomLength, highWaterMark: 1 << 20 });
  const maxLine = limit('lineBytes');
  let carry = '';
  /** Pieces of a line longer than a chunk, joined when its end arrives. */
  let pending: string[] = [];
  let pendingLength = 0;
  let lineNo = 1;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    const decoded = decoder.decode(chunk, { stream: true });
    const breakInChunk = decoded.lastIndexOf('\n');
    if (breakInChunk < 0) {
      pending.push(decoded);
      pendingLength += decoded.length;
      if (carry.length + pendingLength > maxLine) {
        stream.destroy();
        throw limitError('lineBytes', `line ${lineNo} runs on for more than ${carry.length + pendingLength} characters`, { line: lineNo });
      }
      continue;
    }
    if (carry.length + pendingLength + decoded.indexOf('\n') > maxLine) {
      stream.destroy();
      throw limitError('lineBytes', `line ${lineNo} runs on for ${carry.length + pendingLength + decoded.indexOf('\n')} characters`, { line: lineNo });
    }
    const text = carry + pending.join('') + decoded;
    pending = [];
    pendingLength = 0;
    const lastBreak = text.length - decoded.length + breakInChunk;
    carry = text.slice(lastBreak + 1);
    const lines = text.slice(0, lastBreak).split('\n');
    for (let i = 0; i < lines.length; i++) {
      const l = lines[i]!;
      if (l.endsWith('\r')) lines[i] = l.slice(0, -1);
    }
    yield { firstLine: lineNo, lines, unterminatedLast: false };
    lineNo += lines.length;
  }
  const rest = carry + pending.join('') + decoder.decode();
  if (rest.length > 0) {
    const tail = rest.endsWith('\r') ? rest.slice(0, -1) : rest;
    yield { firstLine: lineNo, lines: [tail], unterminatedLast: true };
  }
}
