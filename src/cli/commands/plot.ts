import { extname } from 'node:path';
import { analyseDqdv, type DqdvAnalysis } from '../../analysis/dqdv.js';
import { differentialVoltage, DVDQ_DEFAULTS } from '../../analysis/dvdq.js';
import { halfCycleSeries, type Direction, type HalfCycleSeries } from '../../analysis/half-cycle.js';
import { rateCapability } from '../../analysis/rate.js';
import { redoxReference } from '../../references/load.js';
import { retention, type RetentionResult } from '../../analysis/retention.js';
import { cycleWindows } from '../../analysis/windows.js';
import { CyclekitError } from '../../model/errors.js';
import { toCsv } from '../../report/csv.js';
import { dqdvFigure } from '../../report/figures/dqdv.js';
import { dvdqFigure } from '../../report/figures/dvdq.js';
import { parseSize, parseTheme } from '../../report/figures/look.js';
import { writeWhole } from '../../util/atomic-write.js';
import { peaksFigure } from '../../report/figures/peaks.js';
import { profileFigure, type ProfileCycle } from '../../report/figures/profile.js';
import { rateFigure } from '../../report/figures/rate.js';
import { renderPng, renderSvg } from '../../report/figures/render.js';
import { retentionFigure } from '../../report/figures/retention.js';
import { seriesName } from '../../report/figures/spec.js';
import { FIGURE_KINDS, type Figure, type FigureKind, type FigureLook } from '../../report/figures/types.js';
import { windowsFigure } from '../../report/figures/windows.js';
import { htmlPage } from '../../report/html.js';
import type { Cycle } from '../../segment/cycles.js';
import { expandInputs } from '../inputs.js';
import { DQDV_FLAG_DEFAULTS } from '../options.js';
import type { RunContext } from '../run.js';
import { plateauCycle } from './compare.js';
import { parseReference, settingsFrom } from './dqdv.js';
import { parseCount, parseFraction, retentionOptionsFrom, segmentEnds, type RetentionFlags } from './retention.js';
import { checkCeFlag, summariseFile, type SummaryFlags, type SummaryResult } from './summary.js';
import { parseEdges } from './windows.js';
import { parseCycleSelection, pointCyclesOf, selectCycles, type CycleSelection } from '../../segment/selection.js';
import { partialCycleNumbers } from '../../pipeline/summarise.js';

export interface PlotFlags extends SummaryFlags, Omit<RetentionFlags, keyof SummaryFlags> {
  output?: string;
  cycle?: string;
  direction?: string;
  edges: string;
  reference?: string;
  rateTolerance: string;
  size: string;
  dpi?: string;
  title?: string;
  theme: string;
  data?: string;
  spec?: string;
}

/** `--cycle`: a list as the other commands take it, or `every N` (the first cycle, then every N-th, and the last). */
type PlotCycles = { kind: 'default' } | { kind: 'list'; selection: CycleSelection } | { kind: 'every'; n: number };

export function parsePlotCycles(text: string | undefined): PlotCycles {
  if (text === undefined) return { kind: 'default' };
  const every = /^\s*every\s+(\d+)\s*$/i.exec(text);
  if (every) return { kind: 'every', n: parseCount(every[1]!, '--cycle every', 1) };
  return { kind: 'list', selection: parseCycleSelection(text) };
}

/** Evenly spread picks from a sorted list: the first two (formation), the last, and log-spaced ones between. */
function defaultPicks(numbers: number[], max: number): number[] {
  if (numbers.length <= max) return numbers;
  const picked = new Set([numbers[0]!, numbers[1]!, numbers[numbers.length - 1]!]);
  const n = numbers.length;
  // Logarithmic spacing reads like the paper's "1, 2, 10, 100, 1000": early change and late fade both show.
  for (let k = 1; picked.size < max && k < max * 4; k++) {
    const idx = Math.round(Math.exp((Math.log(n - 1) * k) / (max - 2)));
    if (idx > 0 && idx < n) picked.add(numbers[idx]!);
  }
  return [...picked].sort((a, b) => a - b);
}

function chooseCycles(base: SummaryResult, choice: PlotCycles, defaults: () => number[]): Cycle[] {
  const cycles = base.dataset.cycles.cycles;
  if (choice.kind === 'list') return selectCycles(cycles, choice.selection, base.dataset.file, { partial: partialCycleNumbers(base) });
  let chosen: Cycle[];
  if (choice.kind === 'default') {
    const wanted = new Set(defaults());
    chosen = cycles.filter((c) => wanted.has(c.number));
  } else {
    const first = cycles[0]?.number ?? 0;
    const last = cycles[cycles.length - 1]?.number;
    chosen = cycles.filter((c) => c.number === first || c.number === last || c.number % choice.n === 0);
  }
  if (chosen.length === 0) {
    const have = cycles.length === 0 ? 'none' : `${cycles[0]!.number}–${cycles[cycles.length - 1]!.number}`;
    throw new CyclekitError('E_VALUE', `--cycle: no such cycle in this file (cycles ${have})`, { file: base.dataset.file });
  }
  return chosen;
}

function directionsOf(text: string | undefined, fallback: 'both' | Direction): Direction[] {
  const t = text ?? fallback;
  if (t === 'both') return ['charge', 'discharge'];
  if (t === 'charge' || t === 'discharge') return [t];
  throw new CyclekitError('E_USAGE', `--direction ${t}: expected charge, discharge or both`);
}

interface Loaded {
  name: string;
  base: SummaryResult;
}

async function loadAll(files: string[], flags: PlotFlags, points: boolean, pointCycles?: [number, number][]): Promise<Loaded[]> {
  const out: Loaded[] = [];
  for (const f of files) {
    try {
      out.push({ name: seriesName(f), base: await summariseFile(f, flags, points, pointCycles) });
    } catch (err) {
      // One figure from several files: a file left out would be a silent omission, so none is drawn.
      if (err instanceof CyclekitError && err.file === undefined) err.file = f;
      throw err;
    }
  }
  return out;
}

/** Specific capacities only when every file has a mass: one axis cannot mix mAh g⁻¹ and mAh. */
function specificFor(loaded: Loaded[], ctx: RunContext, quiet: boolean): boolean {
  const withMass = loaded.filter((l) => l.base.dataset.massG !== null).length;
  if (withMass > 0 && withMass < loaded.length && !quiet) ctx.stderr('cyclekit: warning: not every file has an active mass: capacities are plotted in mAh for all\n');
  return withMass === loaded.length;
}

function labelsFor(l: Loaded, flags: PlotFlags): ReturnType<typeof redoxReference> {
  if (flags.reference !== undefined) return parseReference(flags.reference);
  const ctx = l.base.dataset.context;
  // Reference potentials are vs the metal; a full cell's peaks are not (as in `report`).
  if (ctx?.cellType === 'full' || !ctx?.reference) return null;
  return redoxReference(ctx.reference.toLowerCase());
}

/** The cycle dqdv and dvdq draw by default: a full cycle at the slowest rate (none: nothing). */
function plateauCycles(l: Loaded): number[] {
  const c = plateauCycle(l.base.cycles);
  return c === null ? [] : [c];
}

function dqdvOf(l: Loaded, cycles: Cycle[], flags: PlotFlags, directions: Direction[]): DqdvAnalysis {
  const settings = settingsFrom({
    ...flags,
    cycle: 'all',
    direction: 'both',
    ...DQDV_FLAG_DEFAULTS,
    chart: false,
    reference: undefined,
  });
  settings.couples.reference = labelsFor(l, flags);
  return analyseDqdv(cycles, directions, settings);
}

async function buildFigure(kind: FigureKind, files: string[], flags: PlotFlags, look: FigureLook, ctx: RunContext): Promise<Figure> {
  const choice = parsePlotCycles(flags.cycle);
  const pointCycles = choice.kind === 'list' ? pointCyclesOf(choice.selection) : undefined;
  switch (kind) {
    case 'dvdq': {
      const directions = directionsOf(flags.direction, 'both');
      const loaded = await loadAll(files, flags, true, pointCycles);
      const series = loaded.map((l) => {
        const cycles = chooseCycles(l.base, choice, () => plateauCycles(l));
        const curves = cycles.flatMap((cycle) =>
          directions.flatMap((d) => {
            const half = halfCycleSeries(cycle.steps, d);
            const curve = half ? differentialVoltage(half, DVDQ_DEFAULTS) : null;
            return curve && curve.capacityMAh.length > 1 ? [{ cycle: cycle.number, curve }] : [];
          }),
        );
        return { name: l.name, curves };
      });
      if (series.every((s) => s.curves.length === 0)) throw new CyclekitError('E_VALUE', 'no charge or discharge in the chosen cycles: nothing to plot');
      return dvdqFigure(series, look);
    }
    case 'profile': {
      const directions = directionsOf(flags.direction, 'both');
      const loaded = await loadAll(files, flags, true, pointCycles);
      const specific = specificFor(loaded, ctx, flags.quiet === true);
      const series = loaded.map((l) => {
        const all = l.base.dataset.cycles.cycles;
        const cycles = chooseCycles(l.base, choice, () => defaultPicks(all.map((c) => c.number), 6));
        const withHalves: ProfileCycle[] = cycles.map((c) => ({ cycle: c.number, halves: directions.map((d) => halfCycleSeries(c.steps, d)).filter((h): h is HalfCycleSeries => h !== null) }));
        return { name: l.name, massG: l.base.dataset.massG, cycles: withHalves.filter((c) => c.halves.length > 0) };
      });
      if (series.every((s) => s.cycles.length === 0)) throw new CyclekitError('E_VALUE', 'no charge or discharge in the chosen cycles: nothing to plot');
      return profileFigure(series, look, specific);
    }
    case 'dqdv': {
      const directions = directionsOf(flags.direction, 'both');
      const loaded = await loadAll(files, flags, true, pointCycles);
      const series = loaded.map((l) => {
        const cycles = chooseCycles(l.base, choice, () => plateauCycles(l));
        return { name: l.name, analysis: dqdvOf(l, cycles, flags, directions) };
      });
      return dqdvFigure(series, look);
    }
    case 'peaks': {
      const loaded = await loadAll(files, flags, true, pointCycles);
      const series = loaded.map((l) => {
        const all = l.base.dataset.cycles.cycles;
        const cycles = chooseCycles(l.base, choice, () => evenly(all.map((c) => c.number), 200));
        const analysis = dqdvOf(l, cycles, flags, ['charge', 'discharge']);
        if (!analysis.couples.some((c) => c.label !== null)) {
          throw new CyclekitError('E_VALUE', 'plot peaks follows redox couples from cycle to cycle by their label, and no couple here is labelled: pass --reference he-v|nvp|"LABEL=V,…" (cyclekit has no tracking of unlabelled peaks)', { file: l.base.dataset.file });
        }
        return { name: l.name, couples: analysis.couples };
      });
      return peaksFigure(series, look);
    }
    case 'retention': {
      const loaded = await loadAll(files, flags, false);
      const specific = specificFor(loaded, ctx, flags.quiet === true);
      const options = retentionOptionsFrom(flags);
      const series = loaded.map((l) => {
        const last = l.base.cycles[l.base.cycles.length - 1]?.cycle ?? 0;
        let result: RetentionResult;
        try {
          result = retention(l.base.cycles, { ...options, segmentEnds: segmentEnds(flags.segments, last) });
        } catch (err) {
          if (err instanceof CyclekitError && err.file === undefined) err.file = l.base.dataset.file;
          throw err;
        }
        return { name: l.name, result };
      });
      return retentionFigure(series, look, specific);
    }
    case 'rate': {
      const tolerance = parseFraction(flags.rateTolerance, '--rate-tolerance');
      const loaded = await loadAll(files, flags, false);
      const specific = specificFor(loaded, ctx, flags.quiet === true);
      const series = loaded.map((l) => {
        if (l.base.dataset.header.perCycleTable === true) throw new CyclekitError('E_VALUE', 'rate capability needs discharge currents, and a per-cycle summary table has none', { file: l.base.dataset.file });
        return { name: l.name, cycles: l.base.cycles, rate: rateCapability(l.base.cycles, tolerance) };
      });
      return rateFigure(series, look, specific);
    }
    case 'windows': {
      const [direction] = directionsOf(flags.direction, 'discharge');
      if (flags.direction === 'both') throw new CyclekitError('E_USAGE', '--direction both: a windows figure stacks one direction; pass charge or discharge');
      const edgesV = parseEdges(flags.edges);
      const loaded = await loadAll(files, flags, true, pointCycles);
      const specific = specificFor(loaded, ctx, flags.quiet === true);
      const series = loaded.map((l) => {
        const all = l.base.dataset.cycles.cycles;
        const cycles = chooseCycles(l.base, choice, () => all.map((c) => c.number));
        return { name: l.name, cycles: cycleWindows(cycles, edgesV, l.base.dataset.massG) };
      });
      return windowsFigure(series, look, direction!, specific);
    }
  }
}

/** At most `max` numbers, evenly spaced, first and last included. */
function evenly(numbers: number[], max: number): number[] {
  if (numbers.length <= max) return numbers;
  const out = new Set<number>();
  for (let k = 0; k < max; k++) out.add(numbers[Math.round((k * (numbers.length - 1)) / (max - 1))]!);
  return [...out];
}

const OUTPUT_KINDS = ['.svg', '.png', '.html'];

export function lookFrom(flags: { size: string; theme: string; title?: string }): FigureLook {
  return { size: parseSize(flags.size), theme: parseTheme(flags.theme), title: flags.title ?? null };
}

export function parseDpi(text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!Number.isFinite(n) || n < 24 || n > 1200) throw new CyclekitError('E_USAGE', `--dpi ${text}: expected a resolution from 24 to 1200 dots per inch`);
  return n;
}

/** Write a figure as its file name says: SVG, PNG (resvg) or a self-contained HTML page. */
export async function writeFigure(path: string, figure: Figure, svg: string, look: FigureLook, dpi: number, title: string): Promise<void> {
  const ext = extname(path).toLowerCase();
  if (ext === '.svg') await writeWhole(path, svg);
  else if (ext === '.png') await writeWhole(path, await renderPng(svg, look, dpi));
  else await writeWhole(path, htmlPage(title, [{ title: figure.kind, figures: [{ caption: title, svg }] }], look.theme));
}

export async function runPlot(kind: string, inputs: string[], flags: PlotFlags, ctx: RunContext): Promise<number> {
  if (!(FIGURE_KINDS as readonly string[]).includes(kind)) throw new CyclekitError('E_USAGE', `plot ${kind}: expected one of ${FIGURE_KINDS.join(', ')}`);
  const output = flags.output;
  if (output === undefined && flags.spec === undefined && flags.data === undefined) throw new CyclekitError('E_USAGE', 'plot: say where the figure goes: -o OUT.svg, OUT.png or OUT.html (and/or --spec OUT.vl.json, --data OUT.csv)');
  if (output !== undefined && !OUTPUT_KINDS.includes(extname(output).toLowerCase())) throw new CyclekitError('E_USAGE', `-o ${output}: the figure's format comes from the extension: .svg, .png or .html`);
  checkCeFlag(flags.ce);
  const look = lookFrom(flags);
  // Pixel sizes are drawn one to one; millimetre sizes are for print, 300 dpi.
  const dpi = parseDpi(flags.dpi, /mm$/i.test(flags.size.trim()) ? 300 : 96);
  if (kind === 'retention') {
    retentionOptionsFrom(flags);
    segmentEnds(flags.segments, 0);
  }
  if (kind === 'windows') parseEdges(flags.edges);
  parsePlotCycles(flags.cycle);
  const files = await expandInputs(inputs, flags.recursive ?? false);
  if (files.length === 0) throw new CyclekitError('E_USAGE', 'no input files (pass FILE..., or a directory with --recursive)');
  if (files.includes('-')) throw new CyclekitError('E_USAGE', 'plot reads files, not standard input: save the export first');
  const figure = await buildFigure(kind as FigureKind, files, flags, look, ctx);
  if (flags.spec !== undefined) await writeWhole(flags.spec, JSON.stringify(figure.spec, null, 1) + '\n');
  if (flags.data !== undefined) await writeWhole(flags.data, toCsv(figure.data.header, figure.data.rows));
  if (output !== undefined) {
    const svg = await renderSvg(figure.spec, look);
    await writeFigure(output, figure, svg, look, dpi, `${kind} — ${files.map(seriesName).join(', ')}`);
  }
  return 0;
}
