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
  return { steps, report };
}

/**
 * Put folded pieces back together in file order: piece line numbers become the file's, the
 * steps are finalised in order (counter baselines depend on the steps before), and the reader
 * merges its counts and findings. Returns null when a piece could not be read on its own.
 */
export function joinPieces(reader: PieceReader, folds: PieceFold[], options: SegmentOptions): Step[] | null {
  if (folds.some((f) => !f.report.seeded)) return null;
  const finaliser = new StepFinaliser(options);
  let lineOffset = 0;
  for (const fold of folds) {
    for (const s of fold.steps) {
      s.startLine += lineOffset;
      s.endLine += lineOffset;
      finaliser.add(s);
    }
    lineOffset += fold.report.lines;
  }
  reader.finish(folds.map((f) => f.report));
  return finaliser.steps;
}
