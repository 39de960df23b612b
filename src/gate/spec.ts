import { lazy } from '../util/lazy.js';

const yaml = lazy<typeof import('yaml')>('yaml');
import { CyclekitError } from '../model/errors.js';
import { ALL_CYCLES, CYCLE_GRAMMAR, describeCycleSelection, readCycleSelection, type CycleSelection } from '../segment/selection.js';
import { ALL_METRICS, CYCLE_METRICS, SPECIAL_METRICS, closest, isCycleMetric, isSpecialMetric, type CycleMetric } from './metrics.js';
import { CANONICAL_UNIT, describe, readQuantity, unitMatches, type Quantity } from './quantity.js';


export type Aggregate = 'mean' | 'min' | 'max' | 'first' | 'last';
export const AGGREGATES: readonly Aggregate[] = ['mean', 'min', 'max', 'first', 'last'];

export interface Bounds {
  min: number | null;
  max: number | null;
}

interface RuleBase {
  /** 1-based position in `rules:`. */
  index: number;
  name: string | null;
  /** What reports call the rule: its name, else a description built from its keys. */
  label: string;
  metric: string;
  /** Canonical unit of the bounds and of `measured` ('fraction', 'count', 'V', …), null when none. */
  unit: string | null;
}

/** Discriminated by `kind`: each rule kind carries exactly the settings it uses. */
export type Rule =
  | (RuleBase & { kind: 'cycle'; key: CycleMetric; cycles: CycleSelection; aggregate: Aggregate; bounds: Bounds; atCRate: number | null; cRateTolerance: number })
  | (RuleBase & { kind: 'retention'; cycles: CycleSelection; aggregate: Aggregate; bounds: Bounds; referenceCycle: number | null })
  | (RuleBase & { kind: 'cycleCount'; bounds: Bounds })
  | (RuleBase & { kind: 'dqdvPeak'; direction: 'charge' | 'discharge'; cycles: CycleSelection; aggregate: Aggregate; nearV: number; toleranceV: number; atCRate: number | null; cRateTolerance: number })
  | (RuleBase & { kind: 'polarization'; cycles: CycleSelection; aggregate: Aggregate; bounds: Bounds; nearV: number | null; toleranceV: number; atCRate: number | null; cRateTolerance: number })
  | (RuleBase & { kind: 'monotonicTime'; strict: boolean })
  | (RuleBase & { kind: 'maxGap'; bounds: Bounds })
  | (RuleBase & { kind: 'recordRange'; field: 'currentA' | 'voltageV'; bounds: Bounds })
  | (RuleBase & { kind: 'badRows'; bounds: Bounds });

export type RuleKind = Rule['kind'];

export interface Spec {
  name: string | null;
  source: string;
  rules: Rule[];
}

const TOP_KEYS = ['name', 'description', 'rules'];
const COMMON = ['name', 'metric', 'description'];
const BOUNDED = ['min', 'max', 'unit'];
const KEYS: Record<RuleKind, string[]> = {
  cycle: [...COMMON, ...BOUNDED, 'cycles', 'aggregate', 'atCRate', 'cRateTolerance'],
  retention: [...COMMON, ...BOUNDED, 'cycles', 'aggregate', 'referenceCycle'],
  cycleCount: [...COMMON, ...BOUNDED],
  dqdvPeak: [...COMMON, 'direction', 'cycles', 'aggregate', 'nearV', 'toleranceV', 'atCRate', 'cRateTolerance'],
  polarization: [...COMMON, ...BOUNDED, 'cycles', 'aggregate', 'nearV', 'toleranceV', 'atCRate', 'cRateTolerance'],
  monotonicTime: [...COMMON, 'strict'],
  maxGap: [...COMMON, ...BOUNDED],
  recordRange: [...COMMON, ...BOUNDED],
  badRows: [...COMMON, ...BOUNDED],
};

const QUANTITY: Record<Exclude<RuleKind, 'cycle' | 'recordRange'>, Quantity | null> = {
  retention: 'fraction',
  cycleCount: 'count',
  dqdvPeak: 'voltage',
  polarization: 'voltage',
  monotonicTime: null,
  maxGap: 'time',
  badRows: 'count',
};

/** Default ± window around `nearV` for dQ/dV peaks and redox couples, V. */
export const DEFAULT_TOLERANCE_V = 0.05;
/** Default relative window for `atCRate` (0.2C matches cycles at 0.16–0.24C). */
export const DEFAULT_CRATE_TOLERANCE = 0.2;

/**
 * Parse and validate a whole spec (YAML or JSON text) before any data is read. Every
 * problem is a CyclekitError('E_SPEC') whose one-line message names the rule by index and
 * name and says what is wrong; the line number points into the spec file.
 */
export function parseSpec(text: string, source: string): Spec {
  const { LineCounter, parseDocument, isMap, isSeq, isNode } = yaml();
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const firstError = doc.errors[0];
  if (firstError) {
    const line = lineCounter.linePos(firstError.pos[0]).line;
    throw new CyclekitError('E_SPEC', `the spec is not valid YAML or JSON: ${firstError.message.split('\n')[0]}`, { file: source, line });
  }
  const ruleLines: (number | undefined)[] = [];
  if (isMap(doc.contents)) {
    const rulesNode = doc.contents.get('rules', true);
    if (isSeq(rulesNode)) for (const item of rulesNode.items) ruleLines.push(isNode(item) && item.range ? lineCounter.linePos(item.range[0]).line : undefined);
  }
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 100 });
  } catch (err) {
    // An undefined alias or an alias bomb: YAML that parses but does not resolve.
    throw new CyclekitError('E_SPEC', `the spec is not valid YAML or JSON: ${(err as Error).message.split('\n')[0]}`, { file: source });
  }
  return validateSpec(value, source, ruleLines);
}

/** Validate a spec object (already parsed). `ruleLines[i]` is the spec line of rule i+1, for messages. */
export function validateSpec(doc: unknown, source: string, ruleLines: (number | undefined)[] = []): Spec {
  const fail = (message: string, line?: number): never => {
    throw new CyclekitError('E_SPEC', message, { file: source, ...(line !== undefined ? { line } : {}) });
  };
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) fail(`expected a mapping with a 'rules:' list, got ${describe(doc)}`);
  const top = doc as Record<string, unknown>;
  for (const key of Object.keys(top)) if (!TOP_KEYS.includes(key)) fail(`unknown top-level key '${key}'; allowed: ${TOP_KEYS.join(', ')}`);
  const rawRules = top.rules;
  if (!Array.isArray(rawRules)) fail(`'rules' must be a list of rules, got ${describe(rawRules)}`);
  if ((rawRules as unknown[]).length === 0) fail("'rules' is empty: a spec needs at least one rule");
  const name = top.name === undefined ? null : String(top.name);
  const rules = (rawRules as unknown[]).map((raw, i) => validateRule(raw, i + 1, ruleLines[i], source));
  return { name, source, rules };
}

function validateRule(raw: unknown, index: number, line: number | undefined, source: string): Rule {
  const nameOf = (): string => {
    if (raw && typeof raw === 'object' && !Array.isArray(raw)) {
      const r = raw as Record<string, unknown>;
      if (typeof r.name === 'string') return ` (${r.name})`;
      if (typeof r.metric === 'string') return ` (${r.metric})`;
    }
    return '';
  };
  const fail = (problem: string): never => {
    throw new CyclekitError('E_SPEC', `rule ${index}${nameOf()}: ${problem}`, { file: source, ...(line !== undefined ? { line } : {}) });
  };
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return fail(`expected a mapping with a 'metric:' key, got ${describe(raw)}`);
  const r = raw as Record<string, unknown>;
  if (r.name !== undefined && typeof r.name !== 'string') fail(`'name' must be a string, got ${describe(r.name)}`);
  if (r.metric === undefined) fail("missing 'metric:' (e.g. dischargeSpecificCapacityMAhG, retention, dqdvPeak)");
  if (typeof r.metric !== 'string') fail(`'metric' must be a name, got ${describe(r.metric)}`);
  const metric = r.metric as string;
  let kind: RuleKind;
  if (isCycleMetric(metric)) kind = 'cycle';
  else if (isSpecialMetric(metric)) kind = SPECIAL_METRICS[metric];
  else {
    const guess = closest(metric, ALL_METRICS);
    return fail(`unknown metric '${metric}'${guess ? ` (did you mean '${guess}'?)` : ''}; known: ${ALL_METRICS.join(', ')}`);
  }
  for (const key of Object.keys(r)) {
    if (KEYS[kind].includes(key)) continue;
    const guess = closest(key, KEYS[kind]);
    fail(`unknown key '${key}' for metric ${metric}${guess ? ` (did you mean '${guess}'?)` : ''}; allowed: ${KEYS[kind].join(', ')}`);
  }
  const quantity: Quantity | null =
    kind === 'cycle' ? CYCLE_METRICS[metric as CycleMetric] : kind === 'recordRange' ? (metric === 'currentA' ? 'current' : 'voltage') : QUANTITY[kind];
  const unit = quantity === null ? null : CANONICAL_UNIT[quantity];

  if (r.unit !== undefined) {
    if (typeof r.unit !== 'string' || quantity === null || !unitMatches(r.unit, quantity)) {
      fail(`wrong unit '${String(r.unit)}': ${metric} is in ${unit ?? 'no unit'}${quantity === 'fraction' ? " (write 0.95 or '95 %')" : ''}`);
    }
  }

  const readBound = (key: 'min' | 'max' | 'nearV' | 'toleranceV' | 'atCRate', q: Quantity): number | null => {
    if (r[key] === undefined) return null;
    const parsed = readQuantity(r[key], q);
    if (!parsed.ok) return fail(`${key}: ${parsed.problem}`);
    // A fraction written as a percentage changes the verdict by two orders of magnitude: refuse it.
    if (q === 'fraction' && typeof r[key] === 'number' && Math.abs(parsed.value) >= 5) {
      fail(`${key}: ${metric} is a fraction, so ${parsed.value} would mean ${parsed.value * 100} %; write ${parsed.value / 100} or '${parsed.value} %'`);
    }
    return parsed.value;
  };
  const bounds = (required: boolean): Bounds => {
    const b = { min: quantity ? readBound('min', quantity) : null, max: quantity ? readBound('max', quantity) : null };
    if (required && b.min === null && b.max === null) fail(`give min and/or max (in ${unit})`);
    if (b.min !== null && b.max !== null && b.min > b.max) fail(`min ${b.min} is greater than max ${b.max}`);
    return b;
  };
  const cycles = (): CycleSelection => parseCycles(r.cycles, fail);
  const aggregate = (): Aggregate => {
    if (r.aggregate === undefined) return 'mean';
    if (typeof r.aggregate !== 'string' || !(AGGREGATES as readonly string[]).includes(r.aggregate)) {
      return fail(`aggregate must be one of ${AGGREGATES.join(', ')}, got ${describe(r.aggregate)}`);
    }
    return r.aggregate as Aggregate;
  };
  const cycleNumber = (key: string): number | null => {
    const v = r[key];
    if (v === undefined) return null;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) return fail(`${key} must be a cycle number (a non-negative integer), got ${describe(v)}`);
    return v;
  };
  const tolerance = (): number => {
    const t = readBound('toleranceV', 'voltage') ?? DEFAULT_TOLERANCE_V;
    if (!(t > 0)) fail(`toleranceV must be positive, got ${t}`);
    return t;
  };

  /** atCRate picks cycles by their C-rate (relative window cRateTolerance, default ±20 %). */
  const rate = (): { atCRate: number | null; cRateTolerance: number } => {
    const atCRate = readBound('atCRate', 'cRate');
    if (atCRate !== null && !(atCRate > 0)) fail(`atCRate must be positive, got ${atCRate}`);
    let cRateTolerance = DEFAULT_CRATE_TOLERANCE;
    if (r.cRateTolerance !== undefined) {
      if (atCRate === null) fail('cRateTolerance needs atCRate');
      const t = readQuantity(r.cRateTolerance, 'fraction');
      if (!t.ok) fail(`cRateTolerance: ${t.problem}`);
      else if (!(t.value > 0 && t.value < 1)) fail(`cRateTolerance is a relative window between 0 and 1 (0.2 = ±20 %), got ${t.value}`);
      else cRateTolerance = t.value;
    }
    return { atCRate, cRateTolerance };
  };

  const base = { index, name: (r.name as string | undefined) ?? null, metric, unit };
  const withLabel = <T extends Omit<Rule, 'label'>>(rule: T): T & { label: string } => ({ ...rule, label: base.name ?? describeRule(rule as unknown as Rule) });
  switch (kind) {
    case 'cycle': {
      const { atCRate, cRateTolerance } = rate();
      return withLabel({ ...base, kind, key: metric as CycleMetric, cycles: cycles(), aggregate: aggregate(), bounds: bounds(true), atCRate, cRateTolerance });
    }
    case 'retention':
      return withLabel({ ...base, kind, cycles: cycles(), aggregate: aggregate(), bounds: bounds(true), referenceCycle: cycleNumber('referenceCycle') });
    case 'cycleCount':
      return withLabel({ ...base, kind, bounds: bounds(true) });
    case 'dqdvPeak': {
      if (r.direction !== 'charge' && r.direction !== 'discharge') fail(`direction must be charge or discharge, got ${describe(r.direction)}`);
      const nearV = readBound('nearV', 'voltage');
      if (nearV === null) return fail('nearV is required: the potential where the peak is expected, in V');
      return withLabel({ ...base, kind, direction: r.direction as 'charge' | 'discharge', cycles: cycles(), aggregate: aggregate(), nearV, toleranceV: tolerance(), ...rate() });
    }
    case 'polarization': {
      const b = bounds(true);
      return withLabel({ ...base, kind, cycles: cycles(), aggregate: r.aggregate === undefined && metric === 'maxPolarizationV' ? 'max' : aggregate(), bounds: b, nearV: readBound('nearV', 'voltage'), toleranceV: tolerance(), ...rate() });
    }
    case 'monotonicTime':
      if (r.strict !== undefined && typeof r.strict !== 'boolean') fail(`strict must be true or false, got ${describe(r.strict)}`);
      return withLabel({ ...base, kind, strict: (r.strict as boolean | undefined) ?? false });
    case 'maxGap': {
      const b = bounds(true);
      if (b.max === null) fail('maxGapS needs max: the longest allowed interval between records, e.g. max: 600 or max: 10 min');
      return withLabel({ ...base, kind, bounds: b });
    }
    case 'recordRange':
      return withLabel({ ...base, kind, field: metric as 'currentA' | 'voltageV', bounds: bounds(true) });
    case 'badRows':
      return withLabel({ ...base, kind, bounds: bounds(true) });
  }
}

/**
 * `cycles:` in the grammar of `--cycle` (src/segment/selection.ts): all, first, last, 3, 2-5,
 * 2-last or a list such as 1,5,10-20; default all. Numbers are the cycle numbers `summary`
 * prints (the cycler's own under --cycle-rule file).
 */
export function parseCycles(raw: unknown, fail: (problem: string) => never): CycleSelection {
  if (raw === undefined) return ALL_CYCLES;
  if (typeof raw !== 'string' && typeof raw !== 'number') return fail(`bad cycles ${describe(raw)}: ${CYCLE_GRAMMAR}`);
  const read = readCycleSelection(raw);
  if ('problem' in read) return fail(`bad cycles '${raw}': ${read.problem}`);
  return read.selection;
}

/** A readable label for a rule without a name, e.g. "mean dischargeSpecificCapacityMAhG, cycles 2-5". */
export function describeRule(rule: Rule): string {
  switch (rule.kind) {
    case 'cycle':
      return `${rule.aggregate} ${rule.metric}, ${describeCycleSelection(rule.cycles)}${rule.atCRate !== null ? ` at ${rule.atCRate}C` : ''}`;
    case 'retention':
      return `retention, ${describeCycleSelection(rule.cycles)}${rule.referenceCycle !== null ? ` vs cycle ${rule.referenceCycle}` : ''}`;
    case 'cycleCount':
      return 'number of cycles';
    case 'dqdvPeak':
      return `${rule.direction} dQ/dV peak near ${rule.nearV} V, ${describeCycleSelection(rule.cycles)}${rule.atCRate !== null ? ` at ${rule.atCRate}C` : ''}`;
    case 'polarization':
      return `${rule.aggregate} polarisation${rule.nearV !== null ? ` of the couple near ${rule.nearV} V` : ''}, ${describeCycleSelection(rule.cycles)}${rule.atCRate !== null ? ` at ${rule.atCRate}C` : ''}`;
    case 'monotonicTime':
      return rule.strict ? 'time strictly increasing' : 'time never goes backwards';
    case 'maxGap':
      return 'longest interval between records';
    case 'recordRange':
      return rule.field === 'currentA' ? 'current within range' : 'voltage within limits';
    case 'badRows':
      return 'skipped bad rows';
  }
}
