import { readdirSync, statSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openRecords } from '../../src/ingest/open.js';
import { eachRecord } from '../../src/ingest/contract.js';
import { foldPiece, joinPieces } from '../../src/segment/pieces.js';
import { StepSegmenter, type SegmentOptions } from '../../src/segment/steps.js';
import { ROOT, writeTemp } from '../helpers/cli.js';

/**
 * Folding a file in pieces must give exactly what one pass gives: the same steps (every
 * number compared with Object.is, line numbers included), the same row counts, bad-row
 * verdict, warnings and metadata learnt from the rows. Pieces are cut small here so that
 * cuts fall everywhere: inside steps, on step boundaries, next to blank and bad lines.
 */

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return name === 'expected' || name === 'LICENSES' ? [] : walk(p);
    return [p];
  });
}

const TEXT = /\.(csv|txt|mpt|052)$/i;
const files = walk(join(ROOT, 'fixtures')).filter((f) => TEXT.test(f));

async function onePass(file: string, keepPoints: boolean) {
  try {
    const stream = await openRecords(file, { columns: {}, strict: false });
    const segmenter = new StepSegmenter(options(stream.header.capacityCounter, keepPoints));
    await eachRecord(stream, (rec) => segmenter.push(rec));
    const steps = segmenter.finish();
    return { steps, stats: stream.stats, header: stream.header };
  } catch (err) {
    return { error: (err as Error).message };
  }
}

/** Pieces folded in reverse order, as another thread might finish them, then joined. */
async function inPieces(file: string, pieceBytes: number, keepPoints: boolean) {
  try {
    const stream = await openRecords(file, { columns: {}, strict: false });
    const reader = stream.pieces;
    if (!reader) return null;
    const pieces = await reader.cut(pieceBytes);
    const opts = options(stream.header.capacityCounter, keepPoints);
    const folds = new Array(pieces.length);
    for (let k = pieces.length - 1; k >= 0; k--) folds[k] = await foldPiece(reader, pieces[k]!, opts);
    const joined = joinPieces(reader, folds, opts);
    if (joined === null) return null;
    return { steps: joined, stats: stream.stats, header: stream.header, pieces: pieces.length };
  } catch (err) {
    return { error: (err as Error).message };
  }
}

function options(capacityCounter: SegmentOptions['capacityCounter'], keepPoints: boolean): SegmentOptions {
  return { restCurrentA: 1e-7, keepPoints, capacityCounter };
}

/** Pieces ≡ one pass on `file`; returns how many pieces it was cut into (0: not offered in pieces). */
async function expectSame(file: string, pieceBytes: number, keepPoints = false, known?: Awaited<ReturnType<typeof onePass>>): Promise<number> {
  const whole = known ?? (await onePass(file, keepPoints));
  const split = await inPieces(file, pieceBytes, keepPoints);
  if (split === null) return 0;
  const { pieces, ...rest } = split as typeof split & { pieces?: number };
  expect(rest).toEqual(whole);
  return pieces ?? 0;
}

/**
 * Files not offered in pieces, and why: the byte path (and so piece reading) takes UTF-8 with
 * a decimal point, and rows that stand alone. Not the per-cycle summary table (no time
 * series), the eight Windows-1252 BioLogic exports, maccor_two (decimal commas), the
 * timestamped BioLogic export (time counted from a wall clock's first row), nor the BDF file
 * whose broken time stamps are dropped by comparing each row with the one before. BioLogic
 * exports with EC-Lab's half-cycle counter are read whole (the counter is taken once per half
 * cycle), so the UTF-8 one without header block is not split either.
 */
const NOT_SPLIT = [
  'p492-13-summary.csv',
  'bcd.issue_241.mpt',
  'cp.issue_61.mpt',
  'mb.issue_149.mpt',
  'mb.old.mpt',
  'gcpl.issue_149.mpt',
  'gcpl.pr_182.1.mpt',
  'mb.issue_95.de.mpt',
  'mb.issue_95.mpt',
  'maccor_two.txt',
  'Sample_data_biologic_timestamped.txt',
  // Rows whose test time falls back to 0 are dropped by looking at the row before: not standalone.
  'SINTEF__SLPBA842124HV__2024-10-23__Rate_25degC__Neware__Time_Bug.bdf.csv',
  'Sample_data_biologic_no_header.mpt',
];

describe('folding in pieces ≡ one pass', () => {
  for (const file of files) {
    it(relative(ROOT, file), async () => {
      const whole = await onePass(file, false);
      expect(whole).not.toHaveProperty('error');
      expect((whole as { steps: unknown[] }).steps.length).toBeGreaterThan(0);
      const size = statSync(file).size;
      // About 6 pieces, then about 40 with every point kept: cuts land in different places each
      // time. Files over 400 kB take the first only: their cuts already fall inside steps, on
      // step boundaries and by bad lines, and the second would double the suite's longest file.
      const few = await expectSame(file, Math.max(64, Math.floor(size / 6)), false, whole);
      const many = size <= 400_000 ? await expectSame(file, Math.max(64, Math.floor(size / 40)), true) : null;
      if (NOT_SPLIT.includes(basename(file))) {
        expect([few, many ?? 0]).toEqual([0, 0]);
      } else {
        expect(few).toBeGreaterThan(1);
        if (many !== null) expect(many).toBeGreaterThan(few);
      }
    });
  }
});

describe('piece edges', () => {
  const header = 'Test Time (s),Voltage (V),Current (A),Cycle Index,Step Index,Charge Capacity (Ah),Discharge Capacity (Ah)';

  /** A synthetic cycler file: `cycles` cycles of charge, rest, discharge, rest. */
  function cycler(cycles: number, perStep: number, extra: (line: number) => string | null = () => null): string {
    const rows = [header];
    let t = 0;
    let qc = 0;
    let qd = 0;
    for (let c = 1; c <= cycles; c++) {
      const steps: [number, number][] = [
        [1, 0.002],
        [2, 0],
        [3, -0.002],
        [4, 0],
      ];
      for (const [step, current] of steps) {
        for (let k = 0; k < perStep; k++) {
          t += 10;
          if (current > 0) qc += current * (10 / 3600);
          if (current < 0) qd += -current * (10 / 3600);
          const v = 3 + (current > 0 ? k / perStep : current < 0 ? 1 - k / perStep : 0.5);
          rows.push(`${t},${v.toFixed(4)},${current},${c},${step},${qc.toFixed(9)},${qd.toFixed(9)}`);
          const more = extra(rows.length + 1);
          if (more !== null) rows.push(more);
        }
      }
    }
    return rows.join('\n') + '\n';
  }

  it('cuts at every line, blank and bad lines included, give the one-pass result', async () => {
    // Two bad rows in 360 stay under the 1 % tolerance.
    const text = cycler(3, 30, (line) => (line % 17 === 0 ? '' : line === 23 || line === 200 ? '999,oops,0.1,1,1,0,0' : line === 201 ? '  ' : null));
    const file = writeTemp('edges.csv', text);
    // Pieces of one line or less: every line start is a cut.
    const pieces = await expectSame(file, 16);
    expect(pieces).toBeGreaterThan(360);
    const split = (await inPieces(file, 16, false))!;
    if ('error' in split) throw new Error(split.error);
    expect(split.stats.badRows).toBe(2);
    expect(split.stats.rows).toBe(360);
    expect(split.header.warnings.join('\n')).toMatch(/skipped 2 bad row\(s\) of 362; first at line 23:/);
  });

  it('one step longer than many pieces is folded whole by the piece it starts in', async () => {
    const file = writeTemp('long-step.csv', cycler(1, 400));
    const split = (await inPieces(file, 512, false))!;
    if ('error' in split) throw new Error(split.error);
    expect(split.pieces).toBeGreaterThan(20);
    expect(split.steps.map((s) => s.records)).toEqual([400, 400, 400, 400]);
    expect(split.steps[0]!.startLine).toBe(2);
    expect(split.steps[3]!.endLine).toBe(1601);
    await expectSame(file, 512);
  });

  it('a file without step or cycle columns splits on the current regime the same way', async () => {
    const text = cycler(4, 9)
      .split('\n')
      .map((l) => l.split(',').slice(0, 3).join(','))
      .join('\n');
    const file = writeTemp('regimes.csv', text);
    expect(await expectSame(file, 40)).toBeGreaterThan(20);
  });

  it('a wall-clock time column counts from the first row: such files are read in one pass', async () => {
    const text = ['Date Time,Voltage (V),Current (A)', '2025-01-01 00:00:00,3.0,0.001', '2025-01-01 00:00:10,3.1,0.001', ''].join('\n');
    const stream = await openRecords(writeTemp('wall.csv', text), { columns: {}, strict: false });
    expect(stream.pieces).toBeUndefined();
  });

  it('a time that goes backwards fails in a piece: the caller reads the file in one pass for the error', async () => {
    const rows = cycler(2, 5).split('\n');
    rows[20] = rows[20]!.replace(/^\d+/, '1');
    const file = writeTemp('backwards.csv', rows.join('\n'));
    const split = await inPieces(file, 64, false);
    expect(split).toHaveProperty('error');
    expect((split as { error: string }).error).toMatch(/time goes backwards/);
  });
});
