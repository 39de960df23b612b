import type { ChosenEdges } from '../analysis/valleys.js';
import { cycleWindows, DEFAULT_EDGES_V, validateEdges, worstCounterGap, type CycleWindows } from '../analysis/windows.js';
import type { Cycle } from '../segment/cycles.js';
import { LazyItems, type Items } from '../util/lazy-items.js';
import type { LoadOptions } from './load.js';
import { ALL_CYCLES, selectCycles, type CycleSelection } from '../segment/selection.js';
import { keepingPointsOf } from './cycle-selection.js';
import { partialCycleNumbers, summariseFile, type CeChoice, type SummaryResult } from './summarise.js';

/** Without --edges, a reference's own or the dQ/dV valleys: DEFAULT_EDGES_V only when neither exists. */
export const DEFAULT_EDGES_TEXT = 'no reference edges and no two dQ/dV couples to split between: 3.0, 3.6 V (pass --edges)';

export interface WindowsOptions {
  load: LoadOptions;
  ce: CeChoice;
  /** Window edges in V; null picks them per file (`automaticEdges`). */
  edgesV: number[] | null;
  selection: CycleSelection;
}

export interface WindowsResult {
  base: SummaryResult;
  edgesV: number[];
  edgesSource: string;
  /** A reference's edges against the dQ/dV valleys (src/analysis/valleys.ts `chooseEdges`); null otherwise. */
  edgesNote: string | null;
  /** Made one cycle at a time as they are read: a 10,000-cycle JSON never holds them all. */
  cycles: Items<CycleWindows>;
  warnings: string[];
}

export async function windowsFile(file: string, o: WindowsOptions): Promise<WindowsResult> {
  // Automatic edges read the dQ/dV of the slowest complete cycle, which may lie outside --cycle.
  const base = await summariseFile(file, keepingPointsOf(o.load, o.edgesV === null ? ALL_CYCLES : o.selection), o.ce);
  const d = base.dataset;
  const { edgesV, edgesSource, edgesNote } = o.edgesV !== null ? { edgesV: o.edgesV, edgesSource: '--edges', edgesNote: null } : await automaticEdges(base);
  const selected = selectCycles(d.cycles.cycles, o.selection, d.file, { partial: partialCycleNumbers(base) });
  const warnings = [...base.warnings];
  const note = counterDisagreement(selected);
  if (note) warnings.push(note);
  return { base, edgesV, edgesSource, edgesNote, cycles: windowsWhenRead(selected, edgesV, d.massG), warnings };
}

/** The windows of `cycles`, each made when it is read (from the cycles' points, which must stay). */
export function windowsWhenRead(cycles: Cycle[], edgesV: number[], massG: number | null): LazyItems<CycleWindows> {
  validateEdges(edgesV);
  return new LazyItems(cycles.length, (i) => cycleWindows([cycles[i]!], edgesV, massG)[0]!);
}

/**
 * Windows split ∫I dt; summary reports the file's counter when it has one. Say when they differ
 * (read from the steps' totals: no cycle's windows need be made for it).
 */
export function counterDisagreement(cycles: Cycle[]): string | null {
  const worst = worstCounterGap(cycles);
  return worst > 0.01 ? `window totals are ∫I dt; the file's capacity counter differs by up to ${(worst * 100).toFixed(1)} % (see fileTotalMAh)` : null;
}

/**
 * Edges when --edges is not given: the valleys between the dQ/dV couples of the slowest complete
 * cycle (src/analysis/valleys.ts); a sidecar reference's own edges (he-v: the paper's 3.0 and
 * 3.6 V) when the valleys do not reproduce them, with the valleys in `edgesNote`; else 3.0 and
 * 3.6 V. `edgesSource` says which.
 */
async function automaticEdges(base: SummaryResult): Promise<ChosenEdges> {
  const d = base.dataset;
  const compare = await import('./compare.js');
  let reference: { edgesV: number[]; source: string } | null = null;
  if (d.context?.reference) {
    try {
      const ref = await compare.loadReference(d.context.reference);
      if (ref.windowEdgesV) reference = { edgesV: ref.windowEdgesV, source: `the reference's own (${ref.id})` };
    } catch {
      // An unreadable reference leaves the edges to the data; compare and report say what is wrong with it.
    }
  }
  const n = (await import('../analysis/plateau.js')).plateauCycle(base.cycles);
  const cycle = n === null ? undefined : d.cycles.cycles.find((c) => c.number === n);
  const { chooseEdges, valleysOfCycle } = await import('../analysis/valleys.js');
  return chooseEdges(reference, cycle ? valleysOfCycle(cycle) : null, { edgesV: [...DEFAULT_EDGES_V], source: DEFAULT_EDGES_TEXT });
}
