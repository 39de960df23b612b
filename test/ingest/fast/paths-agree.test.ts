import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CanonicalRecord, FileMetadata } from '../../../src/model/record.js';
import { openRecords } from '../../../src/ingest/open.js';
import { ROOT, writeTemp } from '../../helpers/cli.js';

/**
 * The byte-level fast path must give exactly the records the general string path gives
 * (csv-parse for quoted rows, Number() for cells): compared field by field with Object.is on
 * every text fixture and every real text export. The fast path is read through `visit` (one
 * reused record, cells split lazily) and the general path through `batches`, so the same test
 * proves both channels agree, and the metadata learnt from the rows (start stamp, mass) too.
 */
function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return name === 'expected' || name === 'LICENSES' ? [] : walk(p);
    return [p];
  });
}

type Read = { format: string; metadata: FileMetadata; warnings: string[]; rows: CanonicalRecord[] } | { error: string };

async function records(file: string, generalParser: boolean): Promise<Read> {
  try {
    const stream = await openRecords(file, { columns: {}, strict: false, generalParser });
    const rows: CanonicalRecord[] = [];
    if (generalParser || !stream.visit) {
      for await (const batch of stream.batches) rows.push(...batch);
    } else {
      await stream.visit((r) => rows.push({ ...r }));
    }
    return { format: stream.header.format, metadata: stream.header.metadata, warnings: stream.header.warnings, rows };
  } catch (err) {
    return { error: (err as Error).message };
  }
}

const TEXT = /\.(csv|txt|mpt|052)$/i;
const files = walk(join(ROOT, 'fixtures')).filter((f) => TEXT.test(f) && !f.endsWith('PROVENANCE.md'));

describe('byte path ≡ string path', () => {
  it('covers the fixtures and the real exports', () => {
    expect(files.length).toBeGreaterThanOrEqual(20);
  });

  for (const file of files) {
    it(relative(ROOT, file), async () => {
      const fast = await records(file, false);
      const general = await records(file, true);
      // Everything but the rows with toEqual; the rows, every field with Object.is, below (a deep
      // toEqual over hundreds of thousands of rows cost seconds and tested no more).
      const withoutRows = (r: typeof fast): object => ('rows' in r ? { ...r, rows: r.rows.length } : r);
      expect(withoutRows(fast)).toEqual(withoutRows(general));
      if ('rows' in fast && 'rows' in general) {
        for (let i = 0; i < fast.rows.length; i++) {
          const a = fast.rows[i]!;
          const b = general.rows[i]!;
          for (const key of Object.keys(a) as (keyof CanonicalRecord)[]) {
            if (!Object.is(a[key], b[key])) throw new Error(`row ${i} (line ${a.line}) ${key}: ${String(a[key])} ≠ ${String(b[key])}`);
          }
        }
      }
    });
  }

  it('quoted cells, blank lines, CRLF, exponents, signs and a truncated last line agree', async () => {
    const text = [
      'Test Time (s),Voltage (V),Current (mA),Step Type,Capacity (mAh)',
      '0,3.0,+1.5,"CC Chg",0',
      '1.5e0,3.0001,1.5E+0,CC Chg,0.000625',
      '',
      '  ',
      '"3","3.0002","1.5","CC, Chg","1.25e-3"\r',
      '4.000,3.0003,-0.0,Rest,0.00',
      '5,3.0004,1.5,CC Chg,12345678901234567890',
      '6,3',
    ].join('\n');
    const file = writeTemp('mixed.csv', text);
    const fast = await records(file, false);
    const general = await records(file, true);
    expect(fast).toEqual(general);
  });
});
