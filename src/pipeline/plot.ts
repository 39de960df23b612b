import { analyseDqdv, DQDV_ANALYSIS_DEFAULTS, type DqdvAnalysis } from '../analysis/dqdv.js';
import { sidecarCoupleTable } from './dqdv.js';
import { differentialVoltage, DVDQ_DEFAULTS, type DvdqCurve } from '../analysis/dvdq.js';
import { halfCycleSeries, type Direction, type HalfCycleSeries } from '../analysis/half-cycle.js';
import { plateauCycle } from '../analysis/plateau.js';
import { rateCapability, type RateResult } from '../analysis/rate.js';
import type { RedoxReference } from '../references/load.js';
import { retention, type RetentionOptions, type RetentionResult } from '../analysis/retention.js';
import type { CycleSummary } from '../analysis/summary.js';
import { cycleWindows, type CycleWindows } from '../analysis/windows.js';
import type { RedoxCouple } from '../analysis/couples.js';
import { CyclekitError } from '../model/errors.js';
import type { Cycle } from '../segment/cycles.js';
import { loadDataset, type LoadOptions } from './load.js';
import { chooseCycles, type PlotCycles } from './plot-cycles.js';
import { pointCyclesOf } from '../segment/selection.js';
import { partialCycleNumbers, summariseDataset, type CeChoice, type SummaryResult } from './summarise.js';
import { segmentEndsFor, type Segments } from './retention.js';

export type { PlotCycles } from './plot-cycles.js';

/** Everything a figure's data depends on, typed (the CLI parses flags into this). */
export interface PlotOptions {
  load: Omit<LoadOptions, 'keepPoints' | 'pointCycles'>;
  ce: CeChoice;
  cycles: PlotCycles;
  /** null: the kind's default (both directions; discharge for windows). */
  direction: Direction | 'both' | null;
  /** windows: edges in V, ascending (null for the other kinds). */
  edgesV: number[] | null;
  /** retention: the analysis' options, segment ends following from `segments` and each file's last cycle. */
  retention: (Omit<RetentionOptions, 'segmentEnds'> & { segments: Segments | null }) | null;
  /** rate: a measured C-rate within this fraction of a standard rate is reported as it. */
  rateTolerance: number | null;
  /** dqdv, peaks: couple labels; undefined: the sidecar's reference (none for a full cell). */
  reference: RedoxReference | undefined;
  /** A warning about the figure as a whole (not about one file), said as it arises. */
  onWarning(text: string): void;
}

/** The data of one figure: per file its series (named by the file), and whether capacities are per gram. */
export type PlotData =
  | { kind: 'profile'; specific: boolean; series: { file: string; massG: number | null; cycles: { cycle: number; halves: HalfCycleSeries[] }[] }[] }
  | { kind: 'dqdv'; series: { file: string; analysis: DqdvAnalysis }[] }
  | { kind: 'dvdq'; series: { file: string; curves: { cycle: number; curve: DvdqCurve }[] }[] }
  | { kind: 'peaks'; series: { file: string; couples: RedoxCouple[] }[] }
  | { kind: 'retention'; specific: boolean; series: { file: string; result: RetentionResult }[] }
  | { kind: 'rate'; specific: boolean; series: { file: string; cycles: CycleSummary[]; rate: RateResult }[] }
  | { kind: 'windows'; specific: boolean; direction: Direction; series: { file: string; cycles: CycleWindows[] }[] };

export type PlotKind = PlotData['kind'];

/** A file as given on the command line (the figure names its series by it), summarised. */
interface Loaded extends SummaryResult {
  input: string;
}

async function loadAll(files: string[], o: PlotOptions, points: boolean): Promise<Loaded[]> {
  const pointCycles = points && o.cycles.kind === 'list' ? pointCyclesOf(o.cycles.selection) : undefined;
  const out: Loaded[] = [];
  for (const f of files) {
    try {
      out.push({ input: f, ...summariseDataset(await loadDataset(f, { ...o.load, keepPoints: points, ...(pointCycles ? { pointCycles } : {}) }), o.ce) });
    } catch (err) {
      // One figure from several files: a file left out would be a silent omission, so none is drawn.
      if (err instanceof CyclekitError && err.file === undefined) err.file = f;
      throw err;
    }
  }
  return out;
}

/** Specific capacities only when every file has a mass: one axis cannot mix mAh g⁻¹ and mAh. */
function specificFor(loaded: Loaded[], o: PlotOptions): boolean {
  const withMass = loaded.filter((l) => l.dataset.massG !== null).length;
  if (withMass > 0 && withMass < loaded.length) o.onWarning('not every file has an active mass: capacities are plotted in mAh for all');
  return withMass === loaded.length;
}

function labelsFor(l: Loaded, o: PlotOptions): RedoxReference | null {
  return o.reference !== undefined ? o.reference : sidecarCoupleTable(l.dataset);
}

/** The cycle dqdv and dvdq draw by default: a full cycle at the slowest rate (none: nothing). */
function plateauCycles(l: Loaded): number[] {
  const c = plateauCycle(l.cycles);
  return c === null ? [] : [c];
}

/** dQ/dV at the `dqdv` command's defaults, labelled as `labelsFor` says. */
function dqdvOf(l: Loaded, cycles: Cycle[], o: PlotOptions, directions: Direction[]): DqdvAnalysis {
  return analyseDqdv(cycles, directions, { ...DQDV_ANALYSIS_DEFAULTS, couples: { ...DQDV_ANALYSIS_DEFAULTS.couples, reference: labelsFor(l, o) } });
}

const directionsOf = (o: PlotOptions, fallback: Direction | 'both'): Direction[] => {
  const d = o.direction ?? fallback;
  return d === 'both' ? ['charge', 'discharge'] : [d];
};

/** At most `max` numbers, evenly spaced, first and last included. */
function evenly(numbers: number[], max: number): number[] {
  if (numbers.length <= max) return numbers;
  const out = new Set<number>();
  for (let k = 0; k < max; k++) out.add(numbers[Math.round((k * (numbers.length - 1)) / (max - 1))]!);
  return [...out];
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

/** An option the kind needs and the caller left out is a bug in the caller, not a wrong number. */
function needed<T>(value: T | null, what: string): T {
  if (value === null) throw new CyclekitError('E_INTERNAL', `plot: no ${what} given for this figure`);
  return value;
}

const NOTHING_TO_PLOT = 'no charge or discharge in the chosen cycles: nothing to plot';

/** Load the files and run the analysis one figure shows, for every file (the figure overlays them). */
export async function plotData(kind: PlotKind, files: string[], o: PlotOptions): Promise<PlotData> {
  const pick = (l: Loaded, defaults: () => number[]): Cycle[] => chooseCycles(l.dataset.cycles.cycles, o.cycles, defaults, l.dataset.file, partialCycleNumbers(l));
  const numbers = (l: Loaded): number[] => l.dataset.cycles.cycles.map((c) => c.number);
  switch (kind) {
    case 'dvdq': {
      const directions = directionsOf(o, 'both');
      const series = (await loadAll(files, o, true)).map((l) => {
        const curves = pick(l, () => plateauCycles(l)).flatMap((cycle) =>
          directions.flatMap((d) => {
            const half = halfCycleSeries(cycle.steps, d);
            const curve = half ? differentialVoltage(half, DVDQ_DEFAULTS) : null;
            return curve && curve.capacityMAh.length > 1 ? [{ cycle: cycle.number, curve }] : [];
          }),
        );
        return { file: l.input, curves };
      });
      if (series.every((s) => s.curves.length === 0)) throw new CyclekitError('E_VALUE', NOTHING_TO_PLOT);
      return { kind, series };
    }
    case 'profile': {
      const directions = directionsOf(o, 'both');
      const loaded = await loadAll(files, o, true);
      const specific = specificFor(loaded, o);
      const series = loaded.map((l) => {
        const withHalves = pick(l, () => defaultPicks(numbers(l), 6)).map((c) => ({ cycle: c.number, halves: directions.map((d) => halfCycleSeries(c.steps, d)).filter((h): h is HalfCycleSeries => h !== null) }));
        return { file: l.input, massG: l.dataset.massG, cycles: withHalves.filter((c) => c.halves.length > 0) };
      });
      if (series.every((s) => s.cycles.length === 0)) throw new CyclekitError('E_VALUE', NOTHING_TO_PLOT);
      return { kind, specific, series };
    }
    case 'dqdv': {
      const directions = directionsOf(o, 'both');
      const series = (await loadAll(files, o, true)).map((l) => ({ file: l.input, analysis: dqdvOf(l, pick(l, () => plateauCycles(l)), o, directions) }));
      return { kind, series };
    }
    case 'peaks': {
      const series = (await loadAll(files, o, true)).map((l) => {
        const analysis = dqdvOf(l, pick(l, () => evenly(numbers(l), 200)), o, ['charge', 'discharge']);
        if (!analysis.couples.some((c) => c.label !== null)) {
          throw new CyclekitError('E_VALUE', 'plot peaks follows redox couples from cycle to cycle by their label, and no couple here is labelled: pass --reference he-v|nvp|"LABEL=V,…" (cyclekit has no tracking of unlabelled peaks)', { file: l.dataset.file });
        }
        return { file: l.input, couples: analysis.couples };
      });
      return { kind, series };
    }
    case 'retention': {
      const loaded = await loadAll(files, o, false);
      const specific = specificFor(loaded, o);
      const series = loaded.map((l) => {
        const last = l.cycles[l.cycles.length - 1]?.cycle ?? 0;
        try {
          const { segments, ...options } = needed(o.retention, 'retention options');
          return { file: l.input, result: retention(l.cycles, { ...options, segmentEnds: segmentEndsFor(segments, last) }) };
        } catch (err) {
          if (err instanceof CyclekitError && err.file === undefined) err.file = l.dataset.file;
          throw err;
        }
      });
      return { kind, specific, series };
    }
    case 'rate': {
      const tolerance = needed(o.rateTolerance, 'rate tolerance');
      const loaded = await loadAll(files, o, false);
      const specific = specificFor(loaded, o);
      const series = loaded.map((l) => {
        if (l.dataset.header.perCycleTable === true) throw new CyclekitError('E_VALUE', 'rate capability needs discharge currents, and a per-cycle summary table has none', { file: l.dataset.file });
        return { file: l.input, cycles: l.cycles, rate: rateCapability(l.cycles, tolerance) };
      });
      return { kind, specific, series };
    }
    case 'windows': {
      const [direction] = directionsOf(o, 'discharge');
      const edgesV = needed(o.edgesV, 'window edges');
      const loaded = await loadAll(files, o, true);
      const specific = specificFor(loaded, o);
      const series = loaded.map((l) => ({ file: l.input, cycles: cycleWindows(pick(l, () => numbers(l)), edgesV, l.dataset.massG) }));
      return { kind, specific, direction: direction!, series };
    }
  }
}
