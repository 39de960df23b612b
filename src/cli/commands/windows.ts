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
  edges: string;
  cycle: string;
}

interface WindowsResult {
  base: SummaryResult;
  edgesV: number[];
  cycles: CycleWindows[];
  warnings: string[];
}

async function windowsFile(file: string, flags: WindowsFlags, edgesV: number[], selection: CycleSelection): Promise<WindowsResult> {
  const base = await summariseFile(file, flags, true, pointCyclesOf(selection));
  const d = base.dataset;
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
  return { base, edgesV, cycles, warnings };
}

export const windowsRunner: PerFileRunner<WindowsFlags, WindowsResult> = {
  prepare: (flags: WindowsFlags) => {
    checkCeFlag(flags.ce);
    const edgesV = parseEdges(flags.edges);
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
      cycles: r.cycles,
      warnings: r.warnings,
    }),
    table: (r, style) => `${style.dim(`${r.base.dataset.header.format} · ${r.base.dataset.cycles.description} · capacity = ∫I dt`)}\n${windowsTable(r.cycles, r.edgesV, style)}`,
    csv: (r) => ({ header: WINDOWS_CSV_HEADER, rows: windowsCsvRows(r.cycles) }),
    warnings: (r) => r.warnings,
  },
};
