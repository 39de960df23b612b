import { coulombicEfficiencyOverview, sectionApplicability, type CoulombicEfficiencyOverview, type ReportSection } from '../analysis/applicability.js';
import { compareWithReference, type CompareRow, type Reference } from '../analysis/compare.js';
import { analyseDqdv, type DqdvAnalysis } from '../analysis/dqdv.js';
import { ENERGY_DEFAULTS, energyDensity, type EnergyResult } from '../analysis/energy.js';
import { DEFAULT_RATE_TOLERANCE, rateCapability, type RateResult } from '../analysis/rate.js';
import { redoxReference, type RedoxReference } from '../references/load.js';
import { retention, RETENTION_DEFAULTS, type RetentionResult } from '../analysis/retention.js';
import type { CycleSummary } from '../analysis/summary.js';
import { chooseEdges, valleyEdges } from '../analysis/valleys.js';
import { cycleWindows, type CycleWindows } from '../analysis/windows.js';
import type { CellType } from '../ingest/sidecar.js';
import { isCyclekitError } from '../model/errors.js';
import type { Dataset, LoadOptions } from './load.js';
import { cachedReference, comparisonBasis, type ReferenceCache } from './compare.js';
import { plateauCycle } from '../analysis/plateau.js';
import { parseCycleSelection, selectCycles } from '../segment/selection.js';
import type { DqdvSettings } from './dqdv.js';
import { profileCycles, type ProfileCycle } from './profile.js';
import { segmentEndsFor, type Segments } from './retention.js';
import { summariseFile, type CeChoice, type SummaryResult } from './summarise.js';
import { counterDisagreement, DEFAULT_EDGES_TEXT, windowsWhenRead } from './windows.js';
import { pointsInStore } from '../segment/steps.js';
import type { Items } from '../util/lazy-items.js';
import { DEFAULT_EDGES_V } from '../analysis/windows.js';

/** How `--reference` is read: a bundled id serves both labels and compare; a couple table only labels; anything else is a compare JSON file. */
export interface ReferenceChoice {
  labels: RedoxReference | null;
  compare: string | null;
}

/** Everything `report` runs with, as typed values (src/cli/commands/report.ts parses the flags). */
export interface ReportOptions {
  load: LoadOptions;
  ce: CeChoice;
  /** Window edges in V; null picks them per file (the reference's own, the dQ/dV valleys, the default). */
  edgesV: number[] | null;
  segments: Segments | null;
  reference: ReferenceChoice | null;
  /** dQ/dV with the `dqdv` command's defaults; each file's cycle and labels are set per file. */
  dqdv: DqdvSettings;
  /** Compare references, read once per name across files. */
  cache: ReferenceCache;
}

export interface DqdvPart {
  cycle: number;
  why: string;
  analysis: DqdvAnalysis;
  settings: DqdvSettings;
  /** Why couples are left unlabelled despite a reference, if they are. */
  labelsNote: string | null;
}

export interface ComparePart {
  reference: Reference;
  rows: CompareRow[];
}

export interface WindowsPart {
  /** Made at once, or — when the points are kept out of memory (a large file) — one cycle at a time as they are read. */
  cycles: Items<CycleWindows>;
  /** Indexes into `cycles` of the rows the table shows (first, dQ/dV cycle, last); JSON has every cycle. */
  shown: number[];
  warnings: string[];
}

/** One file's report: plain data (no points are kept once every analysis has run). */
export interface ReportResult {
  base: SummaryResult;
  timeSpanS: number | null;
  cellType: CellType;
  referenceName: string | null;
  ce: CoulombicEfficiencyOverview | null;
  windows: WindowsPart | null;
  dqdv: DqdvPart | null;
  retention: RetentionResult | null;
  rate: RateResult | null;
  energy: EnergyResult | null;
  compare: ComparePart | null;
  /** Section → reason, for every section that was not produced. */
  notApplicable: Partial<Record<ReportSection, string>>;
  /** Sections that should have run but failed: printed as "not available". */
  failed: Set<ReportSection>;
  warnings: string[];
  edgesV: number[];
  /** Voltage profiles of a few cycles (first and last), decimated, kept after the points are let go. */
  profile: ProfileCycle[] | null;
  /** Where the window edges came from: --edges, the reference, the dQ/dV valleys or the default. */
  edgesSource: string;
  /** A reference's edges against the dQ/dV valleys (src/analysis/valleys.ts `chooseEdges`). */
  edgesNote: string | null;
}

/** Labels for dQ/dV couples taken from a compare reference's plateau lines ("plateau V⁴⁺/V³⁺" → "V⁴⁺/V³⁺"). */
function labelsFromReference(r: Reference): RedoxReference | null {
  const couples = r.quantities
    .filter((q) => q.metric === 'plateau' && q.reported !== null)
    .map((q) => ({ label: q.quantity.replace(/^plateau\s+/i, ''), potentialV: q.reported! }));
  return couples.length > 0 ? { id: r.id, material: r.name, source: r.source, couples } : null;
}

const message = (err: unknown): string => (err instanceof Error ? err.message : String(err));

/** A cached compare reference: each name is read once per run. */
/**
 * An analysis the data cannot support never sinks the report: it becomes "not available: why"
 * and a warning. A bug (anything but a CyclekitError) is not a property of the data: it fails
 * the file as E_INTERNAL instead of hiding behind "not available".
 */
class Sections {
  readonly failed = new Set<ReportSection>();
  readonly unavailable: Partial<Record<ReportSection, string>> = {};
  constructor(readonly warnings: string[]) {}

  async attempt<T>(section: ReportSection, run: () => T | Promise<T>): Promise<T | null> {
    try {
      return await run();
    } catch (err) {
      if (!isCyclekitError(err)) throw err;
      this.failed.add(section);
      this.unavailable[section] = message(err);
      this.warnings.push(`${section}: not available: ${message(err)}`);
      return null;
    }
  }
}

/** Couple labels: --reference's, else the sidecar's table, else the compare reference's plateaus; never a metal's potentials on a full cell. */
function coupleLabels(d: Dataset, choice: ReferenceChoice | null, compareRef: Reference | null): { labels: RedoxReference | null; note: string | null } {
  // A couple table on the command line labels peaks only; cell.yaml may still name a compare reference.
  let labels = choice?.labels ?? null;
  if (labels === null && !choice?.compare && d.context?.reference) labels = redoxReference(d.context.reference.toLowerCase());
  if (compareRef && labels === null) labels = labelsFromReference(compareRef);
  // Reference potentials are vs Na⁺/Na (or Li⁺/Li): a full cell's peaks sit at cathode − anode
  // potential, so only a table the user gave for this cell may label them.
  const userTable = choice !== null && choice.compare === null && choice.labels !== null;
  if (d.cellType.cellType === 'full' && labels !== null && !userTable) {
    return { labels: null, note: `full cell: peak potentials are cathode − anode, so the ${labels.id} potentials (vs the metal) do not label them; pass --reference "LABEL=V,…" with full-cell values` };
  }
  return { labels, note: null };
}

/** The dQ/dV cycle: a full cycle at the slowest rate, else the first with a charge or discharge. */
function dqdvCycleOf(cycles: CycleSummary[]): { cycle: number; why: string } | null {
  const plateau = plateauCycle(cycles);
  if (plateau !== null) return { cycle: plateau, why: 'a full cycle at the slowest rate (the second when there are several: past formation, least polarised)' };
  const first = cycles.find((c) => c.chargeCapacityMAh !== null || c.dischargeCapacityMAh !== null)?.cycle;
  return first === undefined ? null : { cycle: first, why: 'the first cycle with a charge or discharge (no cycle has both)' };
}

/** Voltage windows of every cycle, one cycle at a time; the table shows the first, the dQ/dV cycle and the last. */
function windowsPart(d: Dataset, edgesV: number[], shownCycles: (number | null | undefined)[]): WindowsPart {
  const wanted = new Set(shownCycles);
  const all = d.cycles.cycles;
  const shown = all.flatMap((c, i) => (wanted.has(c.number) ? [i] : []));
  const note = counterDisagreement(all);
  // Points kept out of memory stay readable after the report: its windows are made as they are written.
  const cycles = all.some((c) => c.steps.some(pointsInStore)) ? windowsWhenRead(all, edgesV, d.massG) : cycleWindows(all, edgesV, d.massG);
  return { cycles, shown, warnings: note ? [note] : [] };
}

/** Load once (with points), run every analysis the data supports, then let the points go. */
export async function reportFile(file: string, o: ReportOptions): Promise<ReportResult> {
  const base = await summariseFile(file, { ...o.load, keepPoints: true }, o.ce);
  const d = base.dataset;
  const cycles = base.cycles;
  const warnings = [...base.warnings];
  const sections = new Sections(warnings);
  const { failed } = sections;

  const referenceName = o.reference?.compare ?? d.context?.reference ?? null;
  const compareRef = referenceName === null ? null : await sections.attempt('compare', () => cachedReference(referenceName, o.cache));
  const { labels, note: labelsNote } = coupleLabels(d, o.reference, compareRef);

  // Window edges: --edges, else the reference's own; the dQ/dV valleys replace the default below.
  let edgesV = o.edgesV ?? compareRef?.windowEdgesV ?? [...DEFAULT_EDGES_V];
  let edgesSource = o.edgesV !== null ? '--edges' : compareRef?.windowEdgesV ? `the reference's own (${compareRef.id})` : DEFAULT_EDGES_TEXT;
  const rate = await sections.attempt('rate', () => rateCapability(cycles, DEFAULT_RATE_TOLERANCE));
  const facts = { cycles, massG: d.massG, cellType: d.cellType.cellType, reference: referenceName, rate, perCycleTable: d.header.perCycleTable === true };
  const na = sectionApplicability({ ...facts, edgesV });
  if (referenceName === null && d.context !== null && na.compare?.startsWith('no reference named')) {
    na.compare = `no reference named: pass --reference he-v|nvp|FILE.json or add reference: to ${d.context.source}`;
  }
  const runs = (s: ReportSection): boolean => na[s] === null && !failed.has(s);

  const ce = runs('coulombicEfficiency') ? await sections.attempt('coulombicEfficiency', () => coulombicEfficiencyOverview(cycles)) : null;

  let dqdv: DqdvPart | null = null;
  const chosen = dqdvCycleOf(cycles);
  const firstNumber = cycles[0]?.cycle;
  const lastNumber = cycles[cycles.length - 1]?.cycle;
  if (na.dqdv === null && chosen === null) na.dqdv = 'no cycle with a charge or discharge capacity: no dQ/dV';
  if (runs('dqdv') && chosen !== null) {
    dqdv = await sections.attempt('dqdv', () => {
      const settings: DqdvSettings = { ...o.dqdv, selection: parseCycleSelection(String(chosen.cycle)), couples: { ...o.dqdv.couples, reference: labels } };
      const analysis = analyseDqdv(selectCycles(d.cycles.cycles, settings.selection, d.file), settings.directions, settings);
      return { cycle: chosen.cycle, why: chosen.why, analysis, settings, labelsNote };
    });
  }
  let edgesNote: string | null = null;
  if (o.edgesV === null && dqdv !== null) {
    const reference = compareRef?.windowEdgesV ? { edgesV: compareRef.windowEdgesV, source: edgesSource } : null;
    const chosenEdges = chooseEdges(reference, valleyEdges(dqdv.analysis.halfCycles, dqdv.analysis.couples), { edgesV: [...DEFAULT_EDGES_V], source: DEFAULT_EDGES_TEXT });
    edgesNote = chosenEdges.edgesNote;
    if (chosenEdges.edgesSource !== edgesSource) {
      edgesV = chosenEdges.edgesV;
      edgesSource = chosenEdges.edgesSource;
      na.windows = sectionApplicability({ ...facts, edgesV }).windows;
    }
  }
  const windows = runs('windows') ? await sections.attempt('windows', () => windowsPart(d, edgesV, [firstNumber, chosen?.cycle, lastNumber])) : null;

  // Retention is also what compare's segment lines read, so it runs whenever it can; when its
  // own section does not apply, a failure only leaves those lines n/a.
  const retentionOptions = { ...RETENTION_DEFAULTS, segmentEnds: segmentEndsFor(o.segments, lastNumber ?? 0) };
  let ret: RetentionResult | null = null;
  if (runs('retention')) ret = await sections.attempt('retention', () => retention(cycles, retentionOptions));
  else if (cycles.filter((c) => c.dischargeCapacityMAh !== null && c.dischargeCapacityMAh > 0).length >= 2) {
    try {
      ret = retention(cycles, retentionOptions);
    } catch (err) {
      if (!isCyclekitError(err)) throw err;
      ret = null;
    }
  }

  const energy = runs('energy') ? await sections.attempt('energy', () => energyDensity(cycles, { ...ENERGY_DEFAULTS, cathodeMassG: d.massG!, anodeMassG: d.context?.anodeMassG ?? null })) : null;

  let compare: ComparePart | null = null;
  if (runs('compare') && compareRef) {
    compare = await sections.attempt('compare', () => compareSection(base, compareRef, dqdv, ret, warnings));
  }

  const notApplicable: Partial<Record<ReportSection, string>> = {};
  for (const [s, why] of Object.entries(na) as [ReportSection, string | null][]) {
    if (failed.has(s)) notApplicable[s] = `not available: ${sections.unavailable[s]}`;
    else if (why !== null) notApplicable[s] = why;
  }

  const profile = d.header.perCycleTable === true ? null : profileCycles(d.cycles.cycles, [firstNumber, lastNumber]);
  // A --recursive sweep holds every result until it prints: drop the per-record points now
  // (points kept out of memory cost none, and the windows read them as they are written).
  for (const s of d.steps) if (!pointsInStore(s)) s.points = null;
  const first = d.steps[0];
  const last = d.steps[d.steps.length - 1];
  return {
    base: { ...base, warnings },
    // A per-cycle table's time axis is synthetic: no time span.
    timeSpanS: first && last && d.header.perCycleTable !== true ? last.endTimeS - first.startTimeS : null,
    cellType: d.cellType.cellType,
    referenceName,
    ce,
    windows,
    dqdv,
    retention: runs('retention') ? ret : null,
    rate: runs('rate') ? rate : null,
    energy,
    compare,
    notApplicable,
    failed,
    warnings,
    edgesV,
    edgesSource,
    edgesNote,
    profile,
  };
}

/** Measured vs theoretical vs reported, reusing the report's dQ/dV couples when they are of the plateau cycle. */
function compareSection(base: SummaryResult, reference: Reference, dqdv: DqdvPart | null, ret: RetentionResult | null, warnings: string[]): ComparePart {
  const { theoretical, cycles, couplesCycle } = comparisonBasis(base, reference, warnings);
  const couples = dqdv !== null && dqdv.cycle === couplesCycle ? dqdv.analysis.couples : null;
  const rows = compareWithReference(reference, { cycles, cellType: base.dataset.cellType.cellType, theoreticalCapacityMAhG: theoretical, couples, couplesCycle, retention: ret });
  return { reference, rows };
}
