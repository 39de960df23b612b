/**
 * Quantities a `check` bound can be written in, each with its canonical unit (the unit the
 * metric's JSON key names) and the spellings a spec may use. A bare number is already in the
 * canonical unit; a string such as "50 mV" or "95 %" is converted here, and a string in the
 * wrong quantity ("165 mAh" for a mAh g⁻¹ metric) is a spec error, never a silent rescale.
 */
export type Quantity =
  | 'voltage'
  | 'capacity'
  | 'specificCapacity'
  | 'energy'
  | 'specificEnergy'
  | 'fraction'
  | 'time'
  | 'current'
  | 'cRate'
  | 'count';

export const CANONICAL_UNIT: Record<Quantity, string> = {
  voltage: 'V',
  capacity: 'mAh',
  specificCapacity: 'mAh/g',
  energy: 'mWh',
  specificEnergy: 'Wh/kg',
  fraction: 'fraction',
  time: 's',
  current: 'A',
  cRate: 'C',
  count: 'count',
};

/** Spelling (lower case, spaces removed) → quantity and factor to the canonical unit. */
const SPELLINGS: Record<string, { quantity: Quantity; factor: number }> = {};
function spell(names: string[], quantity: Quantity, factor: number): void {
  for (const n of names) SPELLINGS[n] = { quantity, factor };
}
spell(['v'], 'voltage', 1);
spell(['mv'], 'voltage', 1e-3);
spell(['mah'], 'capacity', 1);
spell(['ah'], 'capacity', 1e3);
spell(['µah', 'uah'], 'capacity', 1e-3);
spell(['mah/g', 'mahg-1', 'mahg⁻¹', 'ah/kg'], 'specificCapacity', 1);
spell(['mwh'], 'energy', 1);
spell(['wh'], 'energy', 1e3);
spell(['wh/kg', 'whkg-1', 'whkg⁻¹', 'mwh/g'], 'specificEnergy', 1);
spell(['%'], 'fraction', 0.01);
spell(['s', 'sec'], 'time', 1);
spell(['min'], 'time', 60);
spell(['h'], 'time', 3600);
spell(['a'], 'current', 1);
spell(['ma'], 'current', 1e-3);
spell(['µa', 'ua'], 'current', 1e-6);
spell(['c'], 'cRate', 1);

export type ParsedQuantity = { ok: true; value: number } | { ok: false; problem: string };

/**
 * Read a bound: a number (already canonical) or "NUMBER UNIT". Returns the value in the
 * canonical unit of `q`, or the reason it cannot be read.
 */
export function readQuantity(raw: unknown, q: Quantity): ParsedQuantity {
  if (typeof raw === 'number') {
    return Number.isFinite(raw) ? { ok: true, value: raw } : { ok: false, problem: `${raw} is not a finite number` };
  }
  if (typeof raw !== 'string') return { ok: false, problem: `expected a number${q === 'count' ? '' : ` in ${CANONICAL_UNIT[q]} or a string with a unit`}, got ${describe(raw)}` };
  const m = /^\s*([-+]?(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?)\s*(.*?)\s*$/i.exec(raw);
  if (!m) return { ok: false, problem: `'${raw}' is not a number with a unit` };
  const value = Number(m[1]);
  const unitText = (m[2] ?? '').toLowerCase().replace(/\s+/g, '').replace('μ', 'µ');
  if (unitText === '') return { ok: true, value };
  const unit = SPELLINGS[unitText];
  if (!unit) return { ok: false, problem: `unknown unit '${m[2]}' in '${raw}'` };
  if (unit.quantity !== q) return { ok: false, problem: `wrong unit: '${raw}' is ${article(unit.quantity)}, but this metric is in ${CANONICAL_UNIT[q]}` };
  // Divide by 100 or 1000 rather than multiply by 0.01 or 0.001: '95 %' must be exactly 0.95.
  return { ok: true, value: unit.factor < 1 ? value / Math.round(1 / unit.factor) : value * unit.factor };
}

/** Does `unit` (from a rule's `unit:` key) name the canonical unit of `q` or one convertible to it? */
export function unitMatches(unit: string, q: Quantity): boolean {
  const key = unit.toLowerCase().replace(/\s+/g, '').replace('μ', 'µ');
  if (key === CANONICAL_UNIT[q].toLowerCase()) return true;
  return SPELLINGS[key]?.quantity === q && SPELLINGS[key]?.factor === 1;
}

function article(q: Quantity): string {
  const names: Record<Quantity, string> = {
    voltage: 'a voltage',
    capacity: 'a capacity',
    specificCapacity: 'a specific capacity',
    energy: 'an energy',
    specificEnergy: 'a specific energy',
    fraction: 'a percentage',
    time: 'a time',
    current: 'a current',
    cRate: 'a C-rate',
    count: 'a count',
  };
  return names[q];
}

export function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  return `${typeof v} '${String(v)}'`;
}
