import { describe, expect, it } from 'vitest';
import { readByteLines } from '../../../src/ingest/fast/byte-rows.js';
import { writeTemp } from '../../helpers/cli.js';

const CHUNK_BYTES = 1 << 20;

interface Line {
  text: string;
  lineNo: number;
  /** Where the line starts in the file, bytes. */
  offset: number;
  unterminated: boolean;
}

/** Every line readByteLines yields from `startByte` on. */
async function lines(path: string, startByte = 0): Promise<Line[]> {
  const out: Line[] = [];
  for await (const chunk of readByteLines(path, startByte)) {
    for (let k = 0; k < chunk.count; k++) {
      out.push({
        text: chunk.buf.toString('latin1', chunk.starts[k]!, chunk.ends[k]!),
        lineNo: chunk.firstLine + k,
        offset: chunk.fileOffset + chunk.starts[k]!,
        unterminated: chunk.unterminatedLast && k === chunk.count - 1,
      });
    }
  }
  return out;
}

/** Lines of an ASCII text from `startByte` on, as a plain split gives them: the reference. */
function expected(text: string, startByte = 0): Line[] {
  const parts = text.slice(startByte).split('\n');
  const terminated = parts[parts.length - 1] === '';
  if (terminated) parts.pop();
  let offset = startByte;
  return parts.map((line, k) => {
    const at = offset;
    offset += line.length + 1;
    return { text: line.endsWith('\r') ? line.slice(0, -1) : line, lineNo: k + 1, offset: at, unterminated: !terminated && k === parts.length - 1 };
  });
}

describe('readByteLines', () => {
  it('joins lines split across chunks, a CR at a chunk end, and a line longer than a chunk', async () => {
    // A '\r' as the last byte of the first chunk, its '\n' the first of the next.
    const head = `${'x'.repeat(CHUNK_BYTES - 1 - 4)},1.5`;
    const text = `${head}\r\nshort,2\r\n${'y'.repeat(CHUNK_BYTES + 1234)},3\n${'z,4\n'.repeat(300_000)}\n\nlast,5`;
    expect(text.charCodeAt(CHUNK_BYTES - 1)).toBe(13);
    const file = writeTemp('chunks.csv', text);
    expect(await lines(file)).toEqual(expected(text));
    // From the middle of a line, as a piece of the file is read.
    expect(await lines(file, CHUNK_BYTES - 3)).toEqual(expected(text, CHUNK_BYTES - 3));
  });

  it('marks a last line without a newline, and only that one', async () => {
    expect(await lines(writeTemp('a.csv', 'a,1\nb,2\r\n'))).toEqual(expected('a,1\nb,2\r\n'));
    expect(await lines(writeTemp('b.csv', 'a,1\nb,2\r'))).toEqual([
      { text: 'a,1', lineNo: 1, offset: 0, unterminated: false },
      { text: 'b,2', lineNo: 2, offset: 4, unterminated: true },
    ]);
  });
});
