import type { BytePiece, PieceReader, PieceReport } from '../ingest/contract.js';
import { StepFinaliser, StepFolder, type FoldedStep, type SegmentOptions, type Step } from './steps.js';

/**
 * Folding a large text file in pieces. A piece holds the steps that *start* in it: it is
 * seeded with the record before its first row, skips the rows that continue the step before
 * it, and reads past its own end until its last step ends. So every step is folded whole, by
 * one folder, in file order — the arithmetic is the one a single pass does, to the bit — and
 * the pieces can be folded in any order, on any thread.
 */

/** One piece folded: plain data, so a worker thread can post it. */
export interface PieceFold {
  steps: FoldedStep[];
  usedFileSteps: boolean;
  report: PieceReport;
}

export type FoldOptions = Pick<SegmentOptions, 'restCurrentA' | 'keepPoints' | 'pointCycles'>;

export async function foldPiece(reader: PieceReader, piece: BytePiece, options: FoldOptions): Promise<PieceFold> {
  const steps: FoldedStep[] = [];
  const folder = new StepFolder(options, (s) => steps.push(s));
  const report = await reader.read(piece, {
    seed: (rec) => folder.seed(rec),
    own: (rec) => folder.push(rec),
    beyond: (rec) => {
      if (folder.startsStep(rec)) return false;
      folder.push(rec);
      return true;
    },
  });
  folder.finish();
  return { steps, usedFileSteps: folder.usedFileSteps, report };
}

/**
 * Cut the data into pieces of about `pieceBytes`, each starting at a line start. The first
 * piece starts at byte 0, so it reads the header and numbers lines as the file does.
 */
export async function planPieces(path: string, reader: PieceReader, pieceBytes: number): Promise<BytePiece[]> {
  const { open } = await import('node:fs/promises');
  const cuts: number[] = [0];
  const handle = await open(path, 'r');
  try {
    const probe = Buffer.alloc(1 << 16);
    for (let at = Math.max(reader.dataStartByte, pieceBytes); at < reader.sizeBytes; at += pieceBytes) {
      const { bytesRead } = await handle.read(probe, 0, probe.length, at - 1);
      // The line start at or after `at`: just after the first newline from `at - 1`.
      const nl = probe.subarray(0, bytesRead).indexOf(10);
      if (nl === -1) continue;
      const cut = at + nl;
      if (cut > cuts[cuts.length - 1]! && cut < reader.sizeBytes) cuts.push(cut);
    }
  } finally {
    await handle.close();
  }
  return cuts.map((startByte, k) => ({ startByte, endByte: cuts[k + 1] ?? reader.sizeBytes }));
}

/**
 * Put folded pieces back together in file order: piece line numbers become the file's, the
 * steps are finalised in order (counter baselines depend on the steps before), and the reader
 * merges its counts and findings. Returns null when a piece could not be read on its own.
 */
export function joinPieces(reader: PieceReader, folds: PieceFold[], options: SegmentOptions): { steps: Step[]; usedFileSteps: boolean } | null {
  if (folds.some((f) => !f.report.seeded)) return null;
  const finaliser = new StepFinaliser(options);
  let lineOffset = 0;
  let usedFileSteps = false;
  for (const fold of folds) {
    for (const s of fold.steps) {
      s.startLine += lineOffset;
      s.endLine += lineOffset;
      finaliser.add(s);
    }
    usedFileSteps ||= fold.usedFileSteps;
    lineOffset += fold.report.lines;
  }
  reader.finish(folds.map((f) => f.report));
  return { steps: finaliser.steps, usedFileSteps };
}
