import { readBoundedText } from '../../util/bounded-read.js';
import { fileURLToPath } from 'node:url';
import { BUNDLED_REFERENCE_DIR, BUNDLED_REFERENCES } from '../../references/load.js';
import { compareWithReference, validateReference, type CompareRow, type Reference } from '../../analysis/compare.js';
import type { RedoxCouple } from '../../analysis/couples.js';
import { analyseDqdv, DQDV_ANALYSIS_DEFAULTS } from '../../analysis/dqdv.js';
import { molarMass, parseFormula } from '../../analysis/formula.js';
import { snapCRate } from '../../analysis/rate.js';
import { retention, RETENTION_DEFAULTS, type RetentionResult } from '../../analysis/retention.js';
import { CAPACITY_TOLERANCE, summariseCycles, type CycleSummary } from '../../analysis/summary.js';
import { findPartialCycles } from '../../analysis/partial.js';
import { formatCRateBasis } from '../../model/units.js';
import { theoreticalCapacityMAhG } from '../../analysis/theory.js';
import { CyclekitError } from '../../model/errors.js';
import { COMPARE_CSV_HEADER, compareCsvRows, compareJson, compareTable } from '../../report/compare.js';
import type { Dataset } from '../../pipeline/load.js';
import { loadOptions, outputMode, type InputFlags } from '../options.js';
import { runPerFile, type RunContext } from '../run.js';
import { joinInputs } from '../per-file.js';
import { ceModeFor, summariseFile, type SummaryResult } from './summary.js';

export interface CompareFlags extends InputFlags {
  reference?: string;
  failOnMismatch?: boolean;
}


/** `he-v`, `nvp`, or a path to a JSON file of the same shape. */
export async function loadReference(name: string): Promise<Reference> {
  const bundled = BUNDLED_REFERENCES.includes(name.toLowerCase());
  const path = bundled ? fileURLToPath(new URL(`${name.toLowerCase()}.json`, BUNDLED_REFERENCE_DIR)) : name;
  // Bounded like a spec: a reference path may come from an uploaded dataset's sidecar.
  const text = await readBoundedText(path, 'specBytes', 'reference', 'E_SPEC');
  if (text === null) throw new CyclekitError('E_USAGE', `--reference ${name}: not a built-in reference (${BUNDLED_REFERENCES.join(', ')}) and cannot read it as a file (ENOENT)`);
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    throw new CyclekitError('E_SPEC', `reference is not valid JSON: ${(err as Error).message}`, { file: path });
  }
  return validateReference(doc, bundled ? name : path);
}

/** The slowest rate's first cycle after cycle 1 (formation), for dQ/dV plateaus. */
export function plateauCycle(cycles: CycleSummary[]): number | null {
  const usable = cycles.filter((c) => c.partial !== true && c.dischargeCapacityMAh !== null && c.dischargeCapacityMAh > 0 && c.chargeCapacityMAh !== null && c.chargeCapacityMAh > 0);
  if (usable.length === 0) return null;
  // Slowest by C-rate when every cycle has one; else by discharge current (within 10 %: one
  // set point scatters), so a file without a 1C basis still gets its slowest cycle.
  const byRate = usable.every((c) => c.cRate !== null);
  const speeds = usable.map((c) => (byRate ? snapCRate(Math.abs(c.cRate!)) : c.meanDischargeCurrentA === null ? Infinity : Math.abs(c.meanDischargeCurrentA)));
  const slowest = Math.min(...speeds);
  const candidates = usable.filter((_, i) => (byRate || !Number.isFinite(slowest) ? speeds[i] === slowest : speeds[i]! <= slowest * 1.1));
  return (candidates.length > 1 ? candidates[1]! : candidates[0]!).cycle;
}

function couplesOf(dataset: Dataset, cycleNumber: number | null): RedoxCouple[] | null {
  if (cycleNumber === null) return null;
  const cycle = dataset.cycles.cycles.find((c) => c.number === cycleNumber);
  if (!cycle) return null;
  try {
    return analyseDqdv([cycle], ['charge', 'discharge'], DQDV_ANALYSIS_DEFAULTS).couples;
  } catch {
    return null;
  }
}

export interface CompareOutcome {
  reference: Reference;
  rows: CompareRow[];
  warnings: string[];
}

export async function compareFile(file: string, flags: CompareFlags, cache: Map<string, Reference>): Promise<CompareOutcome> {
  const s = await summariseFile(file, { ...flags, ce: 'auto' }, true);
  const name = flags.reference ?? s.dataset.context?.reference;
  if (name === undefined) throw new CyclekitError('E_USAGE', `no reference: pass --reference ${BUNDLED_REFERENCES.join('|')}|FILE.json, or add reference to cell.yaml`, { file: s.dataset.file });
  let reference = cache.get(name);
  if (!reference) cache.set(name, (reference = await loadReference(name)));
  const warnings = [...s.warnings];
  const ctx = s.dataset.context;
  let theoretical: number | null = null;
  const formula = ctx?.formula ?? reference.formula;
  const electrons = ctx?.formula ? (ctx.electrons ?? null) : reference.electrons;
  if (formula && electrons) theoretical = theoreticalCapacityMAhG(electrons, molarMass(parseFormula(formula)));
  const cellType = s.dataset.cellType;
  if (!ctx?.cellType && cellType.source !== '--cell-type') warnings.push(`no cellType in cell.yaml: cell type ${cellType.cellType} ${cellType.source}`);
  const cycles = withReferenceBasis(s, reference, warnings);
  let ret: RetentionResult | null = null;
  if (reference.quantities.some((q) => q.metric === 'segmentRetention') && cycles.length >= 2) {
    try {
      ret = retention(cycles, RETENTION_DEFAULTS);
    } catch {
      ret = null;
    }
  }
  const couplesCycle = plateauCycle(cycles);
  const couples = reference.quantities.some((q) => q.metric === 'plateau') ? couplesOf(s.dataset, couplesCycle) : null;
  const rows = compareWithReference(reference, {
    cycles,
    cellType: cellType.cellType,
    theoreticalCapacityMAhG: theoretical,
    couples,
    couplesCycle,
    retention: ret,
  });
  return { reference, rows, warnings };
}

/**
 * The cycles with C-rates: the data's own 1C basis (flag or sidecar) when it has one, else the
 * reference's (the HE-V paper defines 1C as 100 mA g⁻¹), said in a warning, so that lines "at
 * 0.2C" can be matched at all.
 */
export function withReferenceBasis(s: SummaryResult, reference: Reference, warnings: string[]): CycleSummary[] {
  const d = s.dataset;
  if (d.cRateBasis !== null || reference.cRateBasis === null || d.header.perCycleTable === true) return s.cycles;
  const basis = formatCRateBasis(reference.cRateBasis);
  if (reference.cRateBasis.kind === 'specific' && d.massG === null) {
    warnings.push(`reference ${reference.id} defines 1C as ${basis}, which needs the active mass (pass --mass): its lines at a C-rate are n/a`);
    return s.cycles;
  }
  warnings.push(`1C = ${basis}, the reference's own basis (${reference.id}): the data name none (pass --c-rate-basis to use another)`);
  return summariseCycles(d.cycles.cycles, { massG: d.massG, cRateBasis: reference.cRateBasis, ce: ceModeFor('auto', d.cellType.cellType), capacityTolerance: CAPACITY_TOLERANCE, partial: findPartialCycles(d.cycles.cycles) });
}

/** The exit code: runPerFile's, or 1 under --fail-on-mismatch when any line fails. */
export async function runCompare(files: string[], flags: CompareFlags, ctx: RunContext): Promise<number> {
  outputMode(flags);
  loadOptions(flags);
  const cache = new Map<string, Reference>();
  if (flags.reference !== undefined) cache.set(flags.reference, await loadReference(flags.reference));
  let anyFail = false;
  if (flags.join) files = await joinInputs(files, flags);
  let code = await runPerFile('compare', files, flags, async (f) => {
    const r = await compareFile(f, flags, cache);
    if (r.rows.some((row) => row.verdict === 'fail')) anyFail = true;
    return r;
  }, {
    json: (r) => compareJson(r.reference, r.rows),
    table: (r, style) => compareTable(r.reference, r.rows, style),
    csv: (r) => ({ header: COMPARE_CSV_HEADER, rows: compareCsvRows(r.reference, r.rows) }),
    warnings: (r) => r.warnings,
  }, ctx);
  if (code === 0 && anyFail && flags.failOnMismatch) code = 1;
  return code;
}
