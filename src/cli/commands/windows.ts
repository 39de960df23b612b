import { counterGapWarning, cycleWindows, DEFAULT_EDGES_V, validateEdges, worstCounterGap } from '../../analysis/windows.js';
import type { Cycle } from '../../segment/cycles.js';
import { LazyItems } from '../../report/json.js';
import { CyclekitError } from '../../model/errors.js';
import { parseCycleSelection, pointCyclesOf, selectCycles, type CycleSelection } from '../../segment/selection.js';
import { partialCycleNumbers } from '../../pipeline/summarise.js';
import { CAPACITY_TOLERANCE } from '../../analysis/summary.js';
import { WINDOWS_CSV_HEADER, windowsCsvRows, windowsTable } from '../../report/windows.js';
import type { PerFileRunner } from '../per-file.js';
import { cellTypeJson, checkCeFlag, summariseFile, type SummaryFlags, type SummaryResult } from './summary.js';

/** Without --edges, a reference's own or the dQ/dV valleys: DEFAULT_EDGES_V only when neither exists. */
export const DEFAULT_EDGES_TEXT = 'no reference edges and no two dQ/dV couples to split between: 3.0, 3.6 V (pass --edges)';

export function parseEdges(text: string): number[] {
  // Number('') is 0: an empty part ("--edges ,3.4") must be an error, not a 0 V edge.
  const values = text.split(',').map((s) => (s.trim() === '' ? Number.NaN : Number(s.trim().replace(/v$/i, ''))));
  try {
    return validateEdges(values);
  } catch (err) {
    throw new CyclekitError('E_USAGE', `--edges ${text}: ${(err as Error).message}; expected ascending voltages such as 3.0,3.6`);
  }
}

interface WindowsFlags extends SummaryFlags {
  edges?: string;
  cycle: string;
}

interface WindowsResult {
  base: SummaryResult;
  edgesV: number[];
  edgesSource: string;
  /** The cycles asked for, with their points: windows are made from them as they are written. */
  selected: Cycle[];
  warnings: string[];
}

async function windowsFile(file: string, flags: WindowsFlags, flagEdgesV: number[] | null, selection: CycleSelection): Promise<WindowsResult> {
  // Automatic edges read the dQ/dV of the slowest complete cycle, which may lie outside --cycle.
  const base = await summariseFile(file, flags, true, flagEdgesV === null ? undefined : pointCyclesOf(selection));
  const d = base.dataset;
  const { edgesV, edgesSource } = flagEdgesV !== null ? { edgesV: flagEdgesV, edgesSource: '--edges' } : await automaticEdges(base);
  validateEdges(edgesV);
  const selected = selectCycles(d.cycles.cycles, selection, d.file, { partial: partialCycleNumbers(base) });
  const warnings = [...base.warnings];
  // Windows split ∫I dt; summary reports the file's counter when it has one. Say when they differ.
  const gap = counterGapWarning(worstCounterGap(selected), CAPACITY_TOLERANCE);
  if (gap !== null) warnings.push(gap);
  return { base, edgesV, edgesSource, selected, warnings };
}

/** Every selected cycle's windows, made one cycle at a time as the JSON is written. */
function lazyWindows(r: WindowsResult): LazyItems<object> {
  return new LazyItems(r.selected.length, (i) => cycleWindows([r.selected[i]!], r.edgesV, r.base.dataset.massG)[0]!);
}

/**
 * Edges when --edges is not given: the sidecar reference's own (he-v: the paper's 3.0 and
 * 3.6 V), else the valleys between the dQ/dV couples of the slowest complete cycle
 * (src/analysis/valleys.ts), else 3.0 and 3.6 V, each said in `edgesSource`.
 */
async function automaticEdges(base: SummaryResult): Promise<{ edgesV: number[]; edgesSource: string }> {
  const d = base.dataset;
  const compare = await import('./compare.js');
  if (d.context?.reference) {
    try {
      const ref = await compare.loadReference(d.context.reference);
      if (ref.windowEdgesV) return { edgesV: ref.windowEdgesV, edgesSource: `the reference's own (${ref.id})` };
    } catch {
      // An unreadable reference leaves the edges to the data; compare and report say what is wrong with it.
    }
  }
  const n = compare.plateauCycle(base.cycles);
  const cycle = n === null ? undefined : d.cycles.cycles.find((c) => c.number === n);
  if (cycle && cycle.steps.every((s) => s.points !== null)) {
    try {
      const { analyseDqdv, DQDV_ANALYSIS_DEFAULTS } = await import('../../analysis/dqdv.js');
      const { valleyEdges } = await import('../../analysis/valleys.js');
      const analysis = analyseDqdv([cycle], ['charge', 'discharge'], DQDV_ANALYSIS_DEFAULTS);
      const valleys = valleyEdges(analysis.halfCycles, analysis.couples);
      if (valleys) return { edgesV: valleys.edgesV, edgesSource: valleys.description };
    } catch {
      // No dQ/dV for this cycle (too few points): the default edges, said so.
    }
  }
  return { edgesV: [...DEFAULT_EDGES_V], edgesSource: DEFAULT_EDGES_TEXT };
}

export const windowsRunner: PerFileRunner<WindowsFlags, WindowsResult> = {
  prepare: (flags: WindowsFlags) => {
    checkCeFlag(flags.ce);
    const edgesV = flags.edges === undefined ? null : parseEdges(flags.edges);
    const selection = parseCycleSelection(flags.cycle);
    return (f) => windowsFile(f, flags, edgesV, selection);
  },
  emit: {
    json: (r) => ({
      format: r.base.dataset.header.format,
      massG: r.base.dataset.massG,
      ...cellTypeJson(r.base.dataset),
      cycleRule: r.base.dataset.cycles.description,
      capacityBasis: 'integrated current (∫I dt) over each half cycle',
      edgesV: r.edgesV,
      edgesSource: r.edgesSource,
      cycles: lazyWindows(r),
      warnings: r.warnings,
    }),
    table: (r, style) => `${style.dim(`${r.base.dataset.header.format} · ${r.base.dataset.cycles.description} · capacity = ∫I dt`)}\n${style.dim(`edges: ${r.edgesSource}`)}\n${windowsTable(cycleWindows(r.selected, r.edgesV, r.base.dataset.massG), r.edgesV, style)}`,
    csv: (r) => ({ header: WINDOWS_CSV_HEADER, rows: windowsCsvRows(cycleWindows(r.selected, r.edgesV, r.base.dataset.massG)) }),
    warnings: (r) => r.warnings,
  },
};
