/**
 * cyclekit as a library: the functions the commands run, over typed data. Read a file
 * (`openFile`, `readRecords`), load and segment it (`loadFile`), summarise it (`summarise`),
 * then run any analysis on the result. Every number is in the unit its name says; absent
 * values are null. Errors are `CyclekitError` with a stable `code` (docs/api.md).
 */
import { analyseDqdv, DEFAULT_DQDV_METHOD, DQDV_DEFAULTS, type DqdvAnalysis, type DqdvMethod, type DqdvOptions } from './analysis/dqdv.js';
import { COUPLE_DEFAULTS, type CoupleOptions } from './analysis/couples.js';
import { energyDensity, ENERGY_DEFAULTS, type EnergyOptions, type EnergyResult } from './analysis/energy.js';
import { PEAK_DEFAULTS, type PeakOptions } from './analysis/peaks.js';
import { DEFAULT_RATE_TOLERANCE, rateCapability, type RateResult } from './analysis/rate.js';
import { retention as retentionOf, RETENTION_DEFAULTS, type RetentionOptions, type RetentionResult } from './analysis/retention.js';
import type { CycleSummary } from './analysis/summary.js';
import { theory as theoryOf, type TheoryResult } from './analysis/theory.js';
import { cycleWindows, DEFAULT_EDGES_V, validateEdges, type CycleWindows } from './analysis/windows.js';
import { compareWithReference, type CompareInput, type CompareRow, type Reference } from './analysis/compare.js';
import type { CheckFileResult } from './gate/outcome.js';
import { parseSpec as parseSpecText, type Spec } from './gate/spec.js';
import { openRecords, type OpenedStream } from './ingest/open.js';
import type { CanonicalRecord, StreamHeader } from './model/record.js';
import { parseCRateBasis, parseMass, type CRateBasis } from './model/units.js';
import { DEFAULT_CYCLE_RULE, type CycleRuleOption } from './segment/cycles.js';
import { DEFAULT_REST_CURRENT_A } from './segment/steps.js';
import { parseCycleSelection, selectCycles } from './segment/selection.js';
import { findPartialCycles } from './analysis/partial.js';
import { loadDataset, type Dataset } from './pipeline/load.js';
import { checkSummary, checkUnsegmentable, specNeedsPoints } from './pipeline/check.js';
export { loadSpec } from './pipeline/check.js';
import { DEFAULT_CE, summariseDataset, type CeChoice, type SummaryResult } from './pipeline/summarise.js';
import { CyclekitError } from './model/errors.js';
import { READERS } from './ingest/formats/index.js';

export { CyclekitError, isCyclekitError, type ErrorCode } from './model/errors.js';
export { VERSION } from './version.js';
export { loadReference } from './pipeline/compare.js';
export type { CanonicalRecord, StepKind, StreamHeader, ColumnMapping, FileMetadata } from './model/record.js';
export type { CRateBasis } from './model/units.js';
export type { Dataset } from './pipeline/load.js';
export type { Cycle, CycleAssignment, CycleRuleOption } from './segment/cycles.js';
export type { Step } from './segment/steps.js';
export type { CycleSummary, CeMode } from './analysis/summary.js';
export type { CeChoice, SummaryResult } from './pipeline/summarise.js';
export type { CycleWindows, VoltageWindow, HalfCycleWindows } from './analysis/windows.js';
export type { DqdvAnalysis, DqdvHalfCycle, DqdvCurve, DqdvOptions, DqdvMethod } from './analysis/dqdv.js';
export type { DqdvPeak, PeakOptions } from './analysis/peaks.js';
export type { RedoxCouple, CoupleOptions } from './analysis/couples.js';
export type { RetentionOptions, RetentionResult, RetentionCycle, RetentionSegment } from './analysis/retention.js';
export type { RateResult, RateGroup } from './analysis/rate.js';
export type { EnergyOptions, EnergyResult, EnergyCycle, MassBasis } from './analysis/energy.js';
export type { TheoryResult } from './analysis/theory.js';
export type { Reference, CompareInput, CompareRow, Verdict } from './analysis/compare.js';
export type { Spec, Rule } from './gate/spec.js';
export type { RuleResult, RuleStatus } from './gate/evaluate.js';
export type { CheckFileResult } from './gate/outcome.js';
export type { OpenedStream } from './ingest/open.js';
export type { CellContext, CellType } from './ingest/sidecar.js';

/** How to read a file; every field is optional and defaults to what the CLI does without flags. */
export interface ReadOptions {
  /** Force a reader by id (`neware-csv`, `biologic-mpr`, …) instead of detecting it from the content. */
  format?: string;
  /** Map columns by hand: `{ voltage: 'Ewe/V', current: 'I/mA' }` (the CLI's `--col`). */
  columns?: Record<string, string>;
  /** Fail on the first bad row instead of skipping it with a warning. */
  strict?: boolean;
}

/** How to load and segment a file (the CLI's input flags, typed). */
export interface LoadOptions extends ReadOptions {
  /** Active mass in g, or a text such as `'2.1mg'` (a bare number in a text is mg). Beats cell.yaml and the file. */
  mass?: number | string | null;
  /** 1C definition: `{ kind: 'specific', mAPerG: 100 }`, `{ kind: 'nominal', capacityAh: 0.0005 }`, or a text `'100mA/g'`. */
  cRateBasis?: CRateBasis | string | null;
  /** How cycles are numbered when the file has none: `auto` (default), `file`, `charge-first`, `discharge-first`. */
  cycleRule?: CycleRuleOption;
  /** |current| at or below this is rest, A (default 1e-7). */
  restCurrentA?: number;
  /** Keep every sample (needed by `windows` and `dqdv`); default true. False saves memory on long files. */
  keepPoints?: boolean;
}

/** The ids of every reader, in detection order: the values `format` accepts. */
export function formats(): string[] {
  return READERS.map((r) => r.id);
}

/** Open a file as a stream of canonical records (batches): constant memory whatever its length. */
export async function openFile(path: string, options: ReadOptions = {}): Promise<OpenedStream> {
  return openRecords(path, readOptions(options));
}

/** Every record of a file in memory, with what the reader learned about it (format, columns, metadata). */
export async function readRecords(path: string, options: ReadOptions = {}): Promise<{ header: StreamHeader; records: CanonicalRecord[] }> {
  const stream = await openFile(path, options);
  const records: CanonicalRecord[] = [];
  for await (const batch of stream.batches) for (const r of batch) records.push(r);
  return { header: stream.header, records };
}

/** Read, segment into steps and cycles, and attach the cell context (cell.yaml, mass, C-rate basis). */
export async function loadFile(path: string, options: LoadOptions = {}): Promise<Dataset> {
  return loadDataset(path, {
    ...readOptions(options),
    restCurrentA: options.restCurrentA ?? DEFAULT_REST_CURRENT_A,
    keepPoints: options.keepPoints ?? true,
    cycleRule: options.cycleRule ?? DEFAULT_CYCLE_RULE,
    massG: options.mass === undefined || options.mass === null ? null : typeof options.mass === 'number' ? positive(options.mass, 'mass') : parseMass(options.mass, 'mass'),
    cRateBasis: options.cRateBasis === undefined || options.cRateBasis === null ? null : typeof options.cRateBasis === 'string' ? parseCRateBasis(options.cRateBasis, 'cRateBasis') : options.cRateBasis,
  });
}

/** Per-cycle capacity, Coulombic efficiency, energy, mean voltages and C-rate, as `cyclekit summary`. */
export function summarise(dataset: Dataset, options: { ce?: CeChoice } = {}): SummaryResult {
  return summariseDataset(dataset, options.ce ?? DEFAULT_CE);
}

/** `loadFile` then `summarise`: the whole of `cyclekit summary FILE`. */
export async function summariseFile(path: string, options: LoadOptions & { ce?: CeChoice } = {}): Promise<SummaryResult> {
  return summarise(await loadFile(path, { keepPoints: false, ...options }), options);
}

/** Capacity inside voltage windows per cycle and direction (edges in V, ascending), as `cyclekit windows`. Needs points. */
export function windows(dataset: Dataset, edgesV: readonly number[] = DEFAULT_EDGES_V): CycleWindows[] {
  needPoints(dataset, 'windows');
  return cycleWindows(dataset.cycles.cycles, validateEdges([...edgesV]), dataset.massG);
}

/** dQ/dV per half cycle, its peaks and redox couples, as `cyclekit dqdv` (defaults: interp-sg, 5 mV). Needs points. */
export function dqdv(
  dataset: Dataset,
  options: { method?: DqdvMethod; dqdv?: Partial<DqdvOptions>; peaks?: Partial<PeakOptions>; couples?: Partial<CoupleOptions>; cycles?: number[] | string; directions?: ('charge' | 'discharge')[] } = {},
): DqdvAnalysis {
  needPoints(dataset, 'dqdv');
  const method = options.method ?? DEFAULT_DQDV_METHOD;
  const chosen = chosenCycles(dataset, options.cycles);
  return analyseDqdv(chosen, options.directions ?? ['charge', 'discharge'], {
    dqdv: { ...DQDV_DEFAULTS[method], ...options.dqdv, method },
    peaks: { ...PEAK_DEFAULTS, ...options.peaks },
    couples: { ...COUPLE_DEFAULTS, ...options.couples },
  });
}

/**
 * Cycle numbers as given, or a selection in the `--cycle` grammar ("2-last", "1,5,10-20"; see
 * docs/conventions.md#selecting-cycles), where `last` is the last complete cycle.
 */
function chosenCycles(dataset: Dataset, cycles: number[] | string | undefined): Dataset['cycles']['cycles'] {
  if (cycles === undefined) return dataset.cycles.cycles;
  if (typeof cycles !== 'string') return dataset.cycles.cycles.filter((c) => cycles.includes(c.number));
  const partial = new Set([...findPartialCycles(dataset.cycles.cycles).keys()].map((index) => dataset.cycles.cycles[index]!.number));
  return selectCycles(dataset.cycles.cycles, parseCycleSelection(cycles), dataset.file, { partial });
}

/** Capacity retention, segments, fade rate and cycles to a threshold, as `cyclekit retention` (same defaults). */
export function retention(cycles: CycleSummary[], options: Partial<RetentionOptions> = {}): RetentionResult {
  return retentionOf(cycles, { ...RETENTION_DEFAULTS, ...options });
}

/** Rate capability: cycles grouped by C-rate (within `tolerance`, a fraction), as `cyclekit rate`. */
export function rate(cycles: CycleSummary[], tolerance = DEFAULT_RATE_TOLERANCE): RateResult {
  return rateCapability(cycles, tolerance);
}

/** Discharge energy density on a mass basis, as `cyclekit energy` (default: cathode active mass). */
export function energy(cycles: CycleSummary[], options: Partial<EnergyOptions> & { cathodeMassG: number }): EnergyResult {
  return energyDensity(cycles, {
    ...ENERGY_DEFAULTS,
    ...options,
  });
}

/** Molar mass, theoretical capacity n·F/(3.6·M) and optional site entropy, as `cyclekit theory`. */
export function theory(formula: string, electrons: number, site: string | null = null): TheoryResult {
  return theoryOf(formula, electrons, site);
}

/** Measured vs theoretical vs reported rows with verdicts, as `cyclekit compare` (reference from `loadReference('he-v')`). */
export function compare(reference: Reference, input: CompareInput): CompareRow[] {
  return compareWithReference(reference, input);
}

/** Parse and validate a check spec (YAML or JSON text); `source` names it in errors. */
export function parseSpec(text: string, source = 'spec'): Spec {
  return parseSpecText(text, source);
}

/**
 * A file through a spec, as `cyclekit check`: pass/fail/n/a per rule and the file's status.
 * The summary's dataset must hold points when the spec has record-level or dQ/dV rules
 * (`loadFile` keeps them by default).
 */
export function check(summary: SummaryResult, spec: Spec, options: { failOnNa?: boolean } = {}): CheckFileResult {
  return checkSummary(summary, spec, options.failOnNa ?? false);
}

/** `loadFile`, `summarise` and `check` in one, with the CLI's handling of a file whose time runs backwards. */
export async function checkFile(path: string, spec: Spec, options: LoadOptions & { ce?: CeChoice; failOnNa?: boolean } = {}): Promise<CheckFileResult> {
  try {
    const s = summarise(await loadFile(path, { ...options, keepPoints: specNeedsPoints(spec) }), options);
    return check(s, spec, options);
  } catch (err) {
    const failed = checkUnsegmentable(err, spec, options.failOnNa ?? false);
    if (failed) return failed;
    throw err;
  }
}

function readOptions(o: ReadOptions): { columns: Record<string, string>; strict: boolean; format?: string } {
  return { columns: o.columns ?? {}, strict: o.strict ?? false, ...(o.format ? { format: o.format } : {}) };
}

function positive(x: number, what: string): number {
  if (!(x > 0) || !Number.isFinite(x)) throw new CyclekitError('E_USAGE', `${what}: expected a positive mass in g, got ${x}`);
  return x;
}

function needPoints(dataset: Dataset, what: string): void {
  if (dataset.steps.length > 0 && dataset.steps.every((s) => s.points === null)) {
    throw new CyclekitError('E_USAGE', `${what} needs the samples: load the file with loadFile(path, { keepPoints: true })`, { file: dataset.file });
  }
}
