import { readBoundedText } from '../util/bounded-read.js';
import { fileURLToPath } from 'node:url';
import { BUNDLED_REFERENCE_DIR, BUNDLED_REFERENCES } from '../references/load.js';
import { compareWithReference, validateReference, type CompareRow, type Reference } from '../analysis/compare.js';
import type { RedoxCouple } from '../analysis/couples.js';
import { molarMass, parseFormula } from '../analysis/formula.js';
import type { RetentionResult } from '../analysis/retention.js';
import { CAPACITY_TOLERANCE, summariseCycles, type CycleSummary } from '../analysis/summary.js';
import { findPartialCycles } from '../analysis/partial.js';
import { formatCRateBasis } from '../model/units.js';
import { theoreticalCapacityMAhG } from '../analysis/theory.js';
import { CyclekitError, fieldError, isCyclekitError } from '../model/errors.js';
import type { Dataset, LoadOptions } from './load.js';
import { defaultDqdv } from './dqdv.js';
import { defaultRetention } from './retention.js';
import { ceModeFor, DEFAULT_CE, summariseFile, type SummaryResult } from './summarise.js';
import { plateauCycle } from '../analysis/plateau.js';

/** `he-v`, `nvp`, or a path to a JSON file of the same shape. */
export async function loadReference(name: string): Promise<Reference> {
  const bundled = BUNDLED_REFERENCES.includes(name.toLowerCase());
  const path = bundled ? fileURLToPath(new URL(`${name.toLowerCase()}.json`, BUNDLED_REFERENCE_DIR)) : name;
  // Bounded like a spec: a reference path may come from an uploaded dataset's sidecar.
  const text = await readBoundedText(path, 'specBytes', 'reference', 'E_SPEC');
  if (text === null) throw fieldError('E_USAGE', 'reference', (field) => `${field('reference')} ${name}: not a built-in reference (${BUNDLED_REFERENCES.join(', ')}) and cannot read it as a file (ENOENT)`);
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    throw new CyclekitError('E_SPEC', `reference is not valid JSON: ${(err as Error).message}`, { file: path });
  }
  return validateReference(doc, bundled ? name : path);
}

function couplesOf(dataset: Dataset, cycleNumber: number | null): RedoxCouple[] | null {
  if (cycleNumber === null) return null;
  const cycle = dataset.cycles.cycles.find((c) => c.number === cycleNumber);
  if (!cycle) return null;
  try {
    return defaultDqdv([cycle]).couples;
  } catch {
    return null;
  }
}

export interface CompareOutcome {
  reference: Reference;
  rows: CompareRow[];
  warnings: string[];
  /** Records read. */
  records: number;
}

export interface CompareFileOptions {
  load: LoadOptions;
  /** A bundled reference id or a JSON file; null takes the sidecar's `reference:`. */
  reference: string | null;
}

/** References read once per name across files. */
export type ReferenceCache = Map<string, Reference>;

/** The reference named `name`, read once per name however many files use it. */
export async function cachedReference(name: string, cache: ReferenceCache): Promise<Reference> {
  let reference = cache.get(name);
  if (!reference) cache.set(name, (reference = await loadReference(name)));
  return reference;
}

/** Measured vs theoretical vs reported for one file. */
export async function compareFile(file: string, o: CompareFileOptions, cache: ReferenceCache): Promise<CompareOutcome> {
  const s = await summariseFile(file, { ...o.load, keepPoints: true }, DEFAULT_CE);
  const name = o.reference ?? s.dataset.context?.reference;
  if (name === undefined) throw fieldError('E_USAGE', 'reference', (field) => `no reference: pass ${field('reference')} ${BUNDLED_REFERENCES.join('|')}|FILE.json, or add reference to cell.yaml`, { file: s.dataset.file });
  const reference = await cachedReference(name, cache);
  const warnings = [...s.warnings];
  const { theoretical, cycles, couplesCycle } = comparisonBasis(s, reference, warnings);
  let ret: RetentionResult | null = null;
  if (reference.quantities.some((q) => q.metric === 'segmentRetention') && cycles.length >= 2) {
    try {
      ret = defaultRetention(cycles);
    } catch (err) {
      // The data cannot give a retention (a CyclekitError): its lines are n/a. Anything else is a bug.
      if (!isCyclekitError(err)) throw err;
      ret = null;
    }
  }
  const couples = reference.quantities.some((q) => q.metric === 'plateau') ? couplesOf(s.dataset, couplesCycle) : null;
  const rows = compareWithReference(reference, {
    cycles,
    cellType: s.dataset.cellType.cellType,
    theoreticalCapacityMAhG: theoretical,
    couples,
    couplesCycle,
    retention: ret,
  });
  return { reference, rows, warnings, records: s.dataset.stats.rows };
}

/**
 * What `compare` and report's compare section both start from: the theoretical capacity (the
 * sidecar's formula, else the reference's), the cycles on the reference's 1C basis, and the
 * slow cycle whose dQ/dV gives the plateaus; `warnings` gets the cell type's and the basis's notes.
 */
export function comparisonBasis(s: SummaryResult, reference: Reference, warnings: string[]): { theoretical: number | null; cycles: CycleSummary[]; couplesCycle: number | null } {
  const ctx = s.dataset.context;
  const formula = ctx?.formula ?? reference.formula;
  const electrons = ctx?.formula ? (ctx.electrons ?? null) : reference.electrons;
  const theoretical = formula && electrons ? theoreticalCapacityMAhG(electrons, molarMass(parseFormula(formula))) : null;
  const cellType = s.dataset.cellType;
  if (!ctx?.cellType && cellType.source !== '--cell-type') warnings.push(`no cellType in cell.yaml: cell type ${cellType.cellType} ${cellType.source}`);
  const cycles = withReferenceBasis(s, reference, warnings);
  return { theoretical, cycles, couplesCycle: plateauCycle(cycles) };
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

