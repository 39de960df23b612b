import { parquetMetadata, parquetReadObjects } from 'hyparquet';
import { describe, expect, it } from 'vitest';
import { ParquetTableWriter } from '../../src/export/parquet.js';

describe('ParquetTableWriter', () => {
  it('writes row groups of 25,000 rows through a slow sink given views of one buffer, every value intact', async () => {
    const rows = 25_010;
    const pieces: Buffer[] = [];
    let inSink = 0;
    // The sink copies only after a pause: were the next group encoded into the buffer meanwhile,
    // the copy would hold the wrong bytes.
    const sink = async (bytes: Uint8Array): Promise<void> => {
      inSink++;
      expect(inSink).toBe(1);
      await new Promise((resolve) => setTimeout(resolve, 2));
      pieces.push(Buffer.from(bytes));
      inSink--;
    };
    const w = await ParquetTableWriter.open(
      [
        { name: 'x', type: 'DOUBLE' },
        { name: 'n', type: 'INT32' },
        { name: 'label', type: 'STRING' },
      ],
      sink,
    );
    const xOf = (i: number): number | null => (i % 777 === 5 ? null : i / 3);
    for (let i = 0; i < rows; i++) {
      w.number(xOf(i));
      w.number(i);
      w.text(i % 2 === 0 ? 'CC_CHG' : 'REST');
      w.endRow();
      // As convert does: what a chunk of rows closed is written before more rows come.
      if (i % 5001 === 5000) await w.sent();
    }
    await w.finish();
    const file = new Uint8Array(Buffer.concat(pieces)).buffer;
    expect(parquetMetadata(file).row_groups.map((g) => Number(g.num_rows))).toEqual([25_000, 10]);
    const back = (await parquetReadObjects({ file })) as { x: number | null; n: number; label: string }[];
    expect(back.length).toBe(rows);
    for (let i = 0; i < rows; i++) {
      const r = back[i]!;
      if (r.x !== xOf(i) || r.n !== i || r.label !== (i % 2 === 0 ? 'CC_CHG' : 'REST')) expect({ i, ...r }).toEqual({ i, x: xOf(i), n: i, label: i % 2 === 0 ? 'CC_CHG' : 'REST' });
    }
  });
});
