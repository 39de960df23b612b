import type { ChosenEdges } from '../../analysis/valleys.js';
import { cycleWindows, validateEdges, type CycleWindows } from '../../analysis/windows.js';
import { CyclekitError } from '../../model/errors.js';
import type { Cycle } from '../../segment/cycles.js';
import { WINDOWS_CSV_HEADER, windowsCsvRows, windowsTable } from '../../report/windows.js';
import type { PerFileRunner } from '../per-file.js';
import { cellTypeJson, checkCeFlag, summariseFile, type SummaryFlags, type SummaryResult } from './summary.js';

/** `all`, one cycle `3`, a range `2-5`, or a list `1,3,7-9`, as the cycler numbers them. */
export type CycleSelection = { all: true } | { all: false; ranges: [number, number][]; text: string };

export function parseCycleSelection(text: string, option = '--cycle'): CycleSelection {
  const t = text.trim().toLowerCase();
  if (t === 'all') return { all: true };
  const ranges: [number, number][] = [];
  for (const part of t.split(',')) {
    const m = /^(\d+)(?:\s*-\s*(\d+))?$/.exec(part.trim());
    if (!m) throw new CyclekitError('E_USAGE', `${option} ${text}: expected all, a cycle number (3), a range (2-5) or a list (1,3,7-9)`);
    const a = Number(m[1]);
    const b = m[2] === undefined ? a : Number(m[2]);
    if (b < a) throw new CyclekitError('E_USAGE', `${option} ${text}: range ${a}-${b} runs backwards`);
    ranges.push([a, b]);
  }
  return { all: false, ranges, text };
}

/** The cycles whose points an analysis of `selection` reads; undefined for all of them. */
export function pointCyclesOf(selection: CycleSelection): [number, number][] | undefined {
  return selection.all ? undefined : selection.ranges;
}

/** The selected cycles; an error naming the file's cycles when none matches. */
export function selectCycles(cycles: Cycle[], selection: CycleSelection, file: string): Cycle[] {
  if (selection.all) return cycles;
  const chosen = cycles.filter((c) => selection.ranges.some(([a, b]) => c.number >= a && c.number <= b));
  if (chosen.length === 0) {
    const numbers = cycles.map((c) => c.number);
    const have = numbers.length === 0 ? 'none' : `${Math.min(...numbers)}–${Math.max(...numbers)}`;
    throw new CyclekitError('E_VALUE', `--cycle ${selection.text}: no such cycle in this file (cycles ${have}); pass --cycle all to list them`, { file });
  }
  return chosen;
}

/** Without --edges, a reference's own or the dQ/dV valleys: these only when neither exists. */
export const DEFAULT_EDGES_V = [3.0, 3.6];
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
  edgesNote: string | null;
  cycles: CycleWindows[];
  warnings: string[];
}

async function windowsFile(file: string, flags: WindowsFlags, flagEdgesV: number[] | null, selection: CycleSelection): Promise<WindowsResult> {
  // Automatic edges read the dQ/dV of the slowest complete cycle, which may lie outside --cycle.
  const base = await summariseFile(file, flags, true, flagEdgesV === null ? undefined : pointCyclesOf(selection));
  const d = base.dataset;
  const { edgesV, edgesSource, edgesNote } = flagEdgesV !== null ? { edgesV: flagEdgesV, edgesSource: '--edges', edgesNote: null } : await automaticEdges(base);
  const cycles = cycleWindows(selectCycles(d.cycles.cycles, selection, d.file), edgesV, d.massG);
  const warnings = [...base.warnings];
  // Windows split ∫I dt; summary reports the file's counter when it has one. Say when they differ.
  let worst = 0;
  for (const c of cycles) {
    for (const h of [c.charge, c.discharge]) {
      if (h?.fileTotalMAh != null && h.fileTotalMAh > 0) worst = Math.max(worst, Math.abs(h.totalMAh - h.fileTotalMAh) / h.fileTotalMAh);
    }
  }
  if (worst > 0.01) warnings.push(`window totals are ∫I dt; the file's capacity counter differs by up to ${(worst * 100).toFixed(1)} % (see fileTotalMAh)`);
  return { base, edgesV, edgesSource, edgesNote, cycles, warnings };
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
  const n = compare.plateauCycle(base.cycles);
  const cycle = n === null ? undefined : d.cycles.cycles.find((c) => c.number === n);
  const { chooseEdges, valleysOfCycle } = await import('../../analysis/valleys.js');
  return chooseEdges(reference, cycle ? valleysOfCycle(cycle) : null, { edgesV: DEFAULT_EDGES_V, source: DEFAULT_EDGES_TEXT });
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
      edgesNote: r.edgesNote,
      cycles: r.cycles,
      warnings: r.warnings,
    }),
    table: (r, style) => `${style.dim(`${r.base.dataset.header.format} · ${r.base.dataset.cycles.description} · capacity = ∫I dt`)}\n${style.dim(`edges: ${r.edgesSource}`)}${r.edgesNote ? `\n${style.dim(`edges note: ${r.edgesNote}`)}` : ''}\n${windowsTable(r.cycles, r.edgesV, style)}`,
    csv: (r) => ({ header: WINDOWS_CSV_HEADER, rows: windowsCsvRows(r.cycles) }),
    warnings: (r) => r.warnings,
  },
};
