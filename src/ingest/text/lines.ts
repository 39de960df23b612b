import { createReadStream } from 'node:fs';

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
 * stream mode) and only the unfinished tail of a chunk is carried over.
 */
export async function* readLines(path: string, encoding: string, bomLength: number): AsyncGenerator<LineChunk> {
  const decoder = new TextDecoder(encoding, { ignoreBOM: true });
  const stream = createReadStream(path, { start: bomLength, highWaterMark: 1 << 20 });
  let carry = '';
  let lineNo = 1;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    const text = carry + decoder.decode(chunk, { stream: true });
    const lastBreak = text.lastIndexOf('\n');
    if (lastBreak < 0) {
      carry = text;
      continue;
    }
    carry = text.slice(lastBreak + 1);
    const lines = text.slice(0, lastBreak).split('\n');
    for (let i = 0; i < lines.length; i++) {
      const l = lines[i]!;
      if (l.endsWith('\r')) lines[i] = l.slice(0, -1);
    }
    yield { firstLine: lineNo, lines, unterminatedLast: false };
    lineNo += lines.length;
  }
  const rest = carry + decoder.decode();
  if (rest.length > 0) {
    const tail = rest.endsWith('\r') ? rest.slice(0, -1) : rest;
    yield { firstLine: lineNo, lines: [tail], unterminatedLast: true };
  }
}
