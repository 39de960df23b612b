import { parseCRateBasis, type CRateBasis } from '../model/units.js';
import { median } from '../math/median.js';
import { CyclekitError } from '../model/errors.js';
import type { RedoxCouple } from './couples.js';
import { molarMass, parseFormula } from './formula.js';
import { snapCRate } from './rate.js';
import type { RetentionResult } from './retention.js';
import type { CycleSummary } from './summary.js';
import { theoreticalCapacityMAhG } from './theory.js';

export const METRICS = [
  'theoreticalCapacity', 'capacityAtRate', 'utilisation', 'firstCycleCoulombicEfficiency', 'coulombicEfficiency',
  'plateau', 'segmentRetention', 'energyDensity', 'meanDischargeVoltage',
] as const;
export type Metric = (typeof METRICS)[number];
const CELL_TYPES = ['half-cathode', 'half-anode', 'full'] as const;
type CellType = (typeof CELL_TYPES)[number];

/** One line of a reference: what to measure, what the source reported and what counts as agreeing. */
export interface ReferenceQuantity {
  quantity: string;
  metric: Metric;
  unit: string;
  /** The source's value; null when it reports none (then only min/max judge). */
  reported: number | null;
  tolerance: { absolute: number } | { relative: number } | null;
  min: number | null;
  max: number | null;
  cRate: number | null;
  cellType: CellType | null;
  /** capacityAtRate: 'reversible' (median of the cycles at the rate after cycle 1) or 'first'. */
  select: 'reversible' | 'first';
  electrons: number | null;
  fromCycle: number | null;
  toCycle: number | null;
  relativeToCycle: number | null;
}

export interface Reference {
  id: string;
  name: string;
  source: string;
  formula: string | null;
  electrons: number | null;
  /** The source's own 1C (the HE-V paper: 100 mA g⁻¹): used when the data name none. */
  cRateBasis: CRateBasis | null;
  /** The source's own voltage-window edges (the HE-V paper: 3.0 and 3.6 V), used when none are given. */
  windowEdgesV: number[] | null;
  quantities: ReferenceQuantity[];
}

/**
 * Check a reference document (bundled `src/references/*.json` or the user's) and say exactly
 * which field is wrong. `where` names the file in messages.
 */
export function validateReference(doc: unknown, where: string): Reference {
  const bad = (path: string, expected: string, found: unknown): never => {
    throw new CyclekitError('E_SPEC', `reference ${path}: expected ${expected}, found ${JSON.stringify(found) ?? 'nothing'}`, { file: where });
  };
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) bad('(top level)', 'an object with id, name, quantities[]', doc);
  const d = doc as Record<string, unknown>;
  const str = (v: unknown, path: string, optional = false): string | null => {
    if (v === undefined && optional) return null;
    if (typeof v !== 'string' || v.length === 0) return bad(path, 'a non-empty string', v);
    return v;
  };
  const num = (v: unknown, path: string, optional = true): number | null => {
    if ((v === undefined || v === null) && optional) return null;
    if (typeof v !== 'number' || !Number.isFinite(v)) return bad(path, 'a number', v);
    return v;
  };
  const id = str(d.id, 'id')!;
  const formula = str(d.formula, 'formula', true);
  if (formula !== null) {
    try {
      parseFormula(formula);
    } catch (err) {
      bad('formula', `a valid formula (${(err as Error).message})`, formula);
    }
  }
  const electrons = num(d.electrons, 'electrons');
  if (electrons !== null && !(electrons > 0)) bad('electrons', 'a positive number', electrons);
  if (!Array.isArray(d.quantities) || d.quantities.length === 0) bad('quantities', 'a non-empty array', d.quantities);
  const quantities = (d.quantities as unknown[]).map((q, i): ReferenceQuantity => {
    const p = `quantities[${i}]`;
    if (q === null || typeof q !== 'object' || Array.isArray(q)) return bad(p, 'an object', q);
    const o = q as Record<string, unknown>;
    const metric = o.metric as Metric;
    if (!METRICS.includes(metric)) bad(`${p}.metric`, `one of ${METRICS.join(', ')}`, o.metric);
    let tolerance: ReferenceQuantity['tolerance'] = null;
    if (o.tolerance !== undefined) {
      const t = o.tolerance as Record<string, unknown> | null;
      const keys = t && typeof t === 'object' ? Object.keys(t) : [];
      if (keys.length !== 1 || (keys[0] !== 'absolute' && keys[0] !== 'relative') || typeof t![keys[0]] !== 'number' || !((t![keys[0]] as number) >= 0)) {
        bad(`${p}.tolerance`, '{"absolute": number ≥ 0} or {"relative": number ≥ 0}', o.tolerance);
      }
      tolerance = keys[0] === 'absolute' ? { absolute: t!.absolute as number } : { relative: t!.relative as number };
    }
    const reported = num(o.reported, `${p}.reported`);
    const min = num(o.min, `${p}.min`);
    const max = num(o.max, `${p}.max`);
    if (tolerance !== null && reported === null) bad(`${p}.reported`, 'a number when a tolerance is given', o.reported);
    if (tolerance === null && min === null && max === null && reported !== null) bad(`${p}`, 'a tolerance, min or max to judge against', 'none');
    const cellType = o.cellType === undefined ? null : (o.cellType as CellType);
    if (cellType !== null && !CELL_TYPES.includes(cellType)) bad(`${p}.cellType`, `one of ${CELL_TYPES.join(', ')}`, o.cellType);
    const select = o.select === undefined ? 'reversible' : o.select;
    if (select !== 'reversible' && select !== 'first') bad(`${p}.select`, '"reversible" or "first"', o.select);
    const cRate = num(o.cRate, `${p}.cRate`);
    // A plateau is matched to the nearest redox couple: without the reported potential there is nothing to be near.
    if (metric === 'plateau' && reported === null) bad(`${p}.reported`, 'the plateau potential in V for metric plateau', o.reported);
    if ((metric === 'capacityAtRate' || metric === 'utilisation') && cRate === null) bad(`${p}.cRate`, `a C-rate for metric ${metric}`, o.cRate);
    const fromCycle = num(o.fromCycle, `${p}.fromCycle`);
    const toCycle = num(o.toCycle, `${p}.toCycle`);
    const relativeToCycle = num(o.relativeToCycle, `${p}.relativeToCycle`);
    if (metric === 'segmentRetention' && (toCycle === null || relativeToCycle === null)) bad(p, 'toCycle and relativeToCycle for metric segmentRetention', o);
    const qElectrons = num(o.electrons, `${p}.electrons`);
    if ((metric === 'theoreticalCapacity' || metric === 'utilisation') && (formula === null || (electrons ?? qElectrons) === null)) bad(p, `the reference's formula and electrons for metric ${metric}`, o);
    return {
      quantity: str(o.quantity, `${p}.quantity`)!,
      metric,
      unit: str(o.unit, `${p}.unit`)!,
      reported,
      tolerance,
      min,
      max,
      cRate,
      cellType,
      select: select as 'reversible' | 'first',
      electrons: qElectrons,
      fromCycle,
      toCycle,
      relativeToCycle,
    };
  });
  let cRateBasis: CRateBasis | null = null;
  if (d.cRateBasis !== undefined) {
    try {
      cRateBasis = parseCRateBasis(String(d.cRateBasis));
    } catch {
      bad('cRateBasis', 'a 1C definition such as "100mA/g" or "0.5mAh"', d.cRateBasis);
    }
  }
  let windowEdgesV: number[] | null = null;
  if (d.windowEdgesV !== undefined) {
    const e = d.windowEdgesV;
    if (!Array.isArray(e) || e.length === 0 || !e.every((x, i) => typeof x === 'number' && Number.isFinite(x) && (i === 0 || x > (e[i - 1] as number)))) bad('windowEdgesV', 'ascending voltages such as [3.0, 3.6]', e);
    windowEdgesV = e as number[];
  }
  return { id, name: str(d.name, 'name')!, source: str(d.source, 'source', true) ?? '', formula, electrons, cRateBasis, windowEdgesV, quantities };
}

/** What the file gives the comparison. */
export interface CompareInput {
  cycles: CycleSummary[];
  /** From cell.yaml; null is treated as half-cathode (and said so). */
  cellType: CellType | null;
  /** Theoretical capacity of the material measured (file's formula/electrons, else the reference's), mAh g⁻¹. */
  theoreticalCapacityMAhG: number | null;
  /** dQ/dV couples of one slow cycle, or null when dQ/dV could not run. */
  couples: RedoxCouple[] | null;
  couplesCycle: number | null;
  retention: RetentionResult | null;
}

export type Verdict = 'pass' | 'fail' | 'n/a';

export interface CompareRow {
  quantity: string;
  unit: string;
  measured: number | null;
  theoretical: number | null;
  reported: number | null;
  /** measured − reported (or theoretical − reported for theory lines). */
  difference: number | null;
  verdict: Verdict;
  /** Why n/a or fail, or how the value was measured. */
  note: string;
  /** The tolerance as text: "± 2 %", "≥ 0.99". */
  criterion: string;
}

function criterionText(q: ReferenceQuantity): string {
  const parts: string[] = [];
  if (q.tolerance && 'absolute' in q.tolerance) parts.push(`± ${q.tolerance.absolute}`);
  if (q.tolerance && 'relative' in q.tolerance) parts.push(`± ${q.tolerance.relative * 100} %`);
  if (q.min !== null) parts.push(`≥ ${q.min}`);
  if (q.max !== null) parts.push(`≤ ${q.max}`);
  return parts.join(', ');
}

function judge(q: ReferenceQuantity, value: number): Verdict {
  if (q.reported !== null && q.tolerance) {
    const tol = 'absolute' in q.tolerance ? q.tolerance.absolute : q.tolerance.relative * Math.abs(q.reported);
    // Compare with a hair of slack: 0.952 ± 0.003 must accept a measured 0.955 despite float rounding.
    if (Math.abs(value - q.reported) > tol * (1 + 1e-9) + 1e-12) return 'fail';
  }
  if (q.min !== null && value < q.min) return 'fail';
  if (q.max !== null && value > q.max) return 'fail';
  return 'pass';
}

const rateOf = (c: CycleSummary): number | null => (c.cRate === null ? null : snapCRate(Math.abs(c.cRate)));

/**
 * A measured C-rate matches a reference line's when it snaps to the same standard rate or lies
 * within ±15 % of it: a mass or current set point a few % off still ran "at 0.1C" (0.0896C does).
 */
export const C_RATE_MATCH_TOLERANCE = 0.15;

export function matchesCRate(cRate: number | null, target: number): boolean {
  if (cRate === null) return false;
  const r = Math.abs(cRate);
  return snapCRate(r) === snapCRate(target) || Math.abs(r / target - 1) <= C_RATE_MATCH_TOLERANCE;
}

/**
 * Measured vs theoretical vs reported, one row per reference quantity. A row that the file
 * cannot speak to (wrong cell type, rate not tested, too few cycles, no mass) is `n/a` with
 * the reason; otherwise `pass` when the measured value lies within the stated tolerance of the
 * reported one (and inside min/max), else `fail`. difference = measured − reported.
 */
export function compareWithReference(reference: Reference, input: CompareInput): CompareRow[] {
  const cellType: CellType = input.cellType ?? 'half-cathode';
  // Partial cycles (an opening discharge, a cut-short last one) speak for no reference line.
  const complete = input.cycles.filter((c) => c.partial !== true);
  const withDischarge = complete.filter((c) => c.dischargeCapacityMAh !== null && c.dischargeCapacityMAh > 0);
  return reference.quantities.map((q): CompareRow => {
    const row: CompareRow = { quantity: q.quantity, unit: q.unit, measured: null, theoretical: null, reported: q.reported, difference: null, verdict: 'n/a', note: '', criterion: criterionText(q) };
    const na = (note: string): CompareRow => ({ ...row, verdict: 'n/a', note });
    const done = (measured: number | null, note: string, theoretical: number | null = null): CompareRow => {
      if (measured === null) return { ...row, theoretical, verdict: 'fail', note };
      const difference = q.reported === null ? null : measured - q.reported;
      return { ...row, measured, theoretical, difference, verdict: judge(q, measured), note };
    };
    if (q.metric === 'theoreticalCapacity') {
      const n = q.electrons ?? reference.electrons!;
      const t = theoreticalCapacityMAhG(n, molarMass(parseFormula(reference.formula!)));
      const difference = q.reported === null ? null : t - q.reported;
      return { ...row, theoretical: t, difference, verdict: judge(q, t), note: `n·F/(3.6·M), ${reference.formula}, n = ${n}` };
    }
    if (q.cellType !== null && q.cellType !== cellType) return na(`applies to a ${q.cellType} cell; this is ${input.cellType === null ? 'taken as half-cathode (no cellType in cell.yaml)' : `a ${cellType} cell`}`);
    const atRate = q.cRate === null ? withDischarge : withDischarge.filter((c) => matchesCRate(c.cRate, q.cRate!));
    const offRate = q.cRate === null ? [] : atRate.filter((c) => rateOf(c) !== snapCRate(q.cRate!));
    const rateNote = q.cRate === null ? '' : ` at ${q.cRate}C${offRate.length > 0 ? ` (measured ${Number(Math.abs(offRate[0]!.cRate!).toPrecision(3))}C, within ±${C_RATE_MATCH_TOLERANCE * 100} %)` : ''}`;
    if (q.cRate !== null && atRate.length === 0) {
      const rates = [...new Set(withDischarge.map(rateOf))];
      return na(rates.every((r) => r === null) ? 'no C-rate known (pass --c-rate-basis with --mass, or cRateBasis in cell.yaml)' : `no cycles${rateNote} in this file (rates: ${rates.map((r) => `${r}C`).join(', ')})`);
    }
    switch (q.metric) {
      case 'capacityAtRate':
      case 'utilisation': {
        if (atRate.some((c) => c.dischargeSpecificCapacityMAhG === null)) return na('no active mass: specific capacity unknown (pass --mass or add massMg to cell.yaml)');
        let picked = atRate;
        let how: string;
        if (q.select === 'first') {
          picked = atRate.slice(0, 1);
          how = `cycle ${picked[0]!.cycle}`;
        } else {
          // Cycle 1 of the file is formation (HE-V: CE > 100 %); it counts only when nothing else ran at this rate.
          const later = atRate.filter((c) => c !== withDischarge[0]);
          picked = later.length > 0 ? later : atRate;
          how = `median of ${picked.length} cycle(s)${rateNote}`;
        }
        const capacity = median(picked.map((c) => c.dischargeSpecificCapacityMAhG!));
        if (q.metric === 'capacityAtRate') return done(capacity, how, input.theoreticalCapacityMAhG);
        if (input.theoreticalCapacityMAhG === null) return na('no theoretical capacity (no formula/electrons)');
        return done(capacity / input.theoreticalCapacityMAhG, `${capacity.toFixed(1)} / ${input.theoreticalCapacityMAhG.toFixed(1)} mAh/g`);
      }
      case 'firstCycleCoulombicEfficiency': {
        const first = complete[0];
        if (!first || first.coulombicEfficiency === null) return na('first cycle has no charge/discharge pair');
        return done(first.coulombicEfficiency, `cycle ${first.cycle}`);
      }
      case 'coulombicEfficiency': {
        const later = atRate.slice(1).map((c) => c.coulombicEfficiency).filter((x): x is number => x !== null);
        if (later.length === 0) return na('needs at least two cycles');
        return done(later.reduce((s, x) => s + x, 0) / later.length, `mean over ${later.length} cycle(s)${rateNote} after the first`);
      }
      case 'plateau': {
        if (input.couples === null) return na('dQ/dV not available for this file');
        if (input.couples.length === 0) return done(null, `no redox couple found by dQ/dV (cycle ${input.couplesCycle})`);
        let best: RedoxCouple | null = null;
        for (const c of input.couples) if (best === null || Math.abs(c.meanVoltageV - q.reported!) < Math.abs(best.meanVoltageV - q.reported!)) best = c;
        if (Math.abs(best!.meanVoltageV - q.reported!) > 0.3) return done(null, `no dQ/dV couple within 0.3 V of ${q.reported} V (cycle ${input.couplesCycle})`);
        return done(best!.meanVoltageV, `dQ/dV couple mean (E_ox ${best!.oxidationV.toFixed(3)}, E_red ${best!.reductionV.toFixed(3)} V), cycle ${input.couplesCycle}`);
      }
      case 'segmentRetention': {
        const r = input.retention;
        if (!r) return na('retention not computed');
        const last = withDischarge[withDischarge.length - 1]?.cycle ?? 0;
        if (last < q.toCycle!) return na(`needs cycle ${q.toCycle}; the file ends at cycle ${last}`);
        const usable = r.cycles.filter((c) => c.outlier === null && c.dischargeCapacityMAh !== null && (q.cRate === null || matchesCRate(c.cRate, q.cRate)));
        const nearest = (n: number): (typeof usable)[number] | null => {
          let b: (typeof usable)[number] | null = null;
          for (const c of usable) if (b === null || Math.abs(c.cycle - n) < Math.abs(b.cycle - n)) b = c;
          return b;
        };
        const a = nearest(q.relativeToCycle!);
        const b = nearest(q.toCycle!);
        if (!a || !b) return na(`no usable cycles${rateNote}`);
        return done(b.dischargeCapacityMAh! / a.dischargeCapacityMAh!, `Q(${b.cycle}) / Q(${a.cycle})`);
      }
      case 'energyDensity':
      case 'meanDischargeVoltage': {
        const first = atRate[0];
        if (!first) return na(`no cycle with a discharge${rateNote}`);
        if (q.metric === 'meanDischargeVoltage') return done(first.meanDischargeVoltageV, `cycle ${first.cycle}`);
        if (first.dischargeSpecificEnergyWhKg === null) return na('no active mass: energy density unknown (pass --mass or add massMg to cell.yaml)');
        return done(first.dischargeSpecificEnergyWhKg, `cycle ${first.cycle}, on cathode active mass`);
      }
    }
    return na('unknown metric');
  });
}
