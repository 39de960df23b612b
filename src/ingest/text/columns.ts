import { lookupUnit, type Quantity, type UnitScale } from '../../model/units.js';

/** Canonical fields a text column can feed. */
export type Field =
  | 'time'
  | 'datetime'
  | 'voltage'
  | 'current'
  | 'capacity'
  | 'chargeCapacity'
  | 'dischargeCapacity'
  | 'energy'
  | 'chargeEnergy'
  | 'dischargeEnergy'
  | 'cycle'
  | 'step'
  | 'state'
  | 'temperature'
  | 'specificCapacity';

export const FIELD_QUANTITY: Record<Field, Quantity | null> = {
  time: 'time',
  datetime: null,
  voltage: 'voltage',
  current: 'current',
  capacity: 'capacity',
  chargeCapacity: 'capacity',
  dischargeCapacity: 'capacity',
  energy: 'energy',
  chargeEnergy: 'energy',
  dischargeEnergy: 'energy',
  cycle: null,
  step: null,
  state: null,
  temperature: 'temperature',
  specificCapacity: 'specific',
};

/** Unit assumed when a header names the quantity but not its unit (Arbin "Current", Maccor "Amps"). */
export const DEFAULT_UNIT: Partial<Record<Field, string>> = {
  time: 's',
  voltage: 'V',
  current: 'A',
  capacity: 'Ah',
  chargeCapacity: 'Ah',
  dischargeCapacity: 'Ah',
  energy: 'Wh',
  chargeEnergy: 'Wh',
  dischargeEnergy: 'Wh',
  temperature: '°C',
  specificCapacity: 'mAh/g',
};

/**
 * Header vocabulary, in priority order per field (first match wins, each column feeds one
 * field). Names are compared after `normaliseName`. Step time ("Time" in Neware, "Step Time"
 * elsewhere) is deliberately absent from `time`'s list ahead of the test-time names.
 */
export const VOCABULARY: Record<Field, string[]> = {
  time: [
    'test time', 'total time', 'testtime', 'cumulative time', 'run time', 'elapsed time', 'program duration',
    'time', 'test', '总时间', '测试时间', '累计时间', '总时间 h:min:s ms', '时间',
  ],
  datetime: ['date time', 'datetime', 'date', 'dpt time', 'systime', 'system time', 'absolute time', 'timestamp', 'realtime', 'unix time', '绝对时间', '系统时间', '实际时间'],
  voltage: ['voltage', 'ewe', 'ecell', 'potential', 'volts', 'cell voltage', 'u', 'cell potential', '电压'],
  current: ['current', 'i', 'amps', 'cell current', '电流'],
  capacity: ['capacity', 'amp hr', 'cap', 'ah', 'q qo', 'net capacity', 'amphr', 'capacity ah', '容量'],
  chargeCapacity: ['charge capacity', 'chg cap', 'q charge', 'charging capacity', 'ahcha', '充电容量'],
  dischargeCapacity: ['discharge capacity', 'dchg cap', 'q discharge', 'discharging capacity', 'ahdch', '放电容量'],
  energy: ['energy', 'watt hr', 'wh', 'watthr', 'net energy', '能量'],
  chargeEnergy: ['charge energy', 'chg energy', 'energy charge', 'charging energy', '充电能量'],
  dischargeEnergy: ['discharge energy', 'dchg energy', 'energy discharge', 'discharging energy', '放电能量'],
  cycle: ['cycle index', 'cycle', 'cycle number', 'cyc#', 'cycle c', 'cycle count', 'cycle id', 'cycle no', 'cycles', '循环号', '循环序号', '循环'],
  step: ['step index', 'step', 'step number', 'ns', 'step count', 'step id', 'step no', '工步号', '工步序号', '工步'],
  state: ['step type', 'state', 'md', 'status', 'step state', 'step mode', '工步类型', '工步状态', '状态'],
  temperature: ['temperature', 'temp', 'temp 1', 'aux temperature 1', 'cell temperature', 'temperature 1', 't1', 'ambient temperature', '温度'],
  specificCapacity: ['spec cap', 'specific capacity', 'specap', '比容量'],
};

const NORMALISED_VOCABULARY = Object.fromEntries(Object.entries(VOCABULARY).map(([f, names]) => [f, names.map((n) => normaliseName(n))])) as Record<Field, string[]>;

/** Lower-case, collapse separators and brackets, so "Cycle_Index", "Cycle-Index" and "cycle index" meet. */
export function normaliseName(name: string): string {
  return name
    .toLowerCase()
    .replace(/[_\-.\s()<>\[\]（）]+/g, ' ')
    .trim();
}

export interface HeaderCell {
  raw: string;
  name: string;
  unit: string | null;
}

/**
 * Split a header cell into name and unit: `Voltage(V)`, `Voltage (V)`, `电流（mA）`,
 * `Voltage [V]`, `Ewe/V`, `Q charge/discharge/mA.h`, `SpeCap/mAh/g`, `Voltage#V`,
 * `Current_A`, `Voltage / V`. A trailing part counts as a unit only if it is a known unit.
 */
export function splitHeader(raw: string): HeaderCell {
  // A leading comment marker belongs to the line, not the name: BaSyTec writes its header as "~Time[s]".
  const cell = raw.trim().replace(/^"|"$/g, '').trim().replace(/^[~#%]+\s*/, '');
  const bracket = /^(.*?)\s*[(\[（]([^()\[\]（）]*)[)\]）]\s*$/.exec(cell);
  if (bracket && bracket[1]!.length > 0 && isUnitLike(bracket[2]!)) return { raw: cell, name: bracket[1]!, unit: bracket[2]!.trim() };
  for (let i = cell.indexOf('/'); i > 0; i = cell.indexOf('/', i + 1)) {
    const unit = cell.slice(i + 1).trim();
    if (isUnitLike(unit)) return { raw: cell, name: cell.slice(0, i).trim(), unit };
  }
  const hash = cell.lastIndexOf('#');
  if (hash > 0 && isUnitLike(cell.slice(hash + 1))) return { raw: cell, name: cell.slice(0, hash), unit: cell.slice(hash + 1) };
  const underscore = cell.lastIndexOf('_');
  if (underscore > 0 && isUnitLike(cell.slice(underscore + 1)) && cell.slice(underscore + 1).length <= 3) {
    return { raw: cell, name: cell.slice(0, underscore), unit: cell.slice(underscore + 1) };
  }
  return { raw: cell, name: cell, unit: null };
}

function isUnitLike(text: string): boolean {
  const t = text.trim();
  return lookupUnit(t) !== undefined || t.toLowerCase() === 'c' || t.toLowerCase() === 'sec' || /^[\ufffdº°]+c$/i.test(t) || /^(h:?min:?s\.?ms|hh:mm:ss)$/i.test(t);
}

/** Resolve a unit for a field; temperature "C" is °C, not coulombs. */
export function unitFor(field: Field, unit: string | null): UnitScale | null {
  const quantity = FIELD_QUANTITY[field];
  if (quantity === null) return { quantity: 'time', scale: 1, canonical: '' };
  const raw = unit ?? DEFAULT_UNIT[field] ?? '';
  // "\ufffdC" and "ºC": a degree sign mangled by an earlier re-encoding (BaSyTec, BioLogic) is still Celsius.
  if (quantity === 'temperature' && /^(c|°c|degc|℃|ºc|\ufffdc|\ufffd+c|deg)$/i.test(raw.trim())) return { quantity, scale: 1, canonical: '°C' };
  if (quantity === 'time' && /^(h:?min:?s\.?ms|hh:mm:ss)$/i.test(raw.trim())) return { quantity, scale: 1, canonical: 's' };
  const found = lookupUnit(raw);
  if (!found || found.quantity !== quantity) return null;
  return found;
}

export interface MappedColumn {
  index: number;
  field: Field;
  header: HeaderCell;
  scale: number;
  unit: string;
}

/**
 * Map header cells to fields. `aliases` (a vendor's own names) are tried before the shared
 * vocabulary; `overrides` (the user's --col) beat both. Columns whose unit contradicts the
 * field (a "Voltage" column in A) are not mapped.
 */
export function mapColumns(
  cells: string[],
  options: {
    overrides?: Record<string, string>;
    aliases?: Partial<Record<Field, string[]>>;
    defaultUnits?: Partial<Record<Field, string>>;
    /** Source columns never mapped by name (a vendor's numeric "Step Type" codes); --col still can. */
    exclude?: string[];
  } = {},
): MappedColumn[] {
  const headers = cells.map(splitHeader);
  const used = new Set<number>();
  const excluded = new Set((options.exclude ?? []).map(normaliseName));
  const out: MappedColumn[] = [];
  const take = (field: Field, index: number): void => {
    const header = headers[index]!;
    const unitText = header.unit ?? options.defaultUnits?.[field] ?? DEFAULT_UNIT[field] ?? null;
    const u = unitFor(field, unitText);
    if (!u) return;
    used.add(index);
    out.push({ index, field, header, scale: u.scale, unit: unitText ?? '' });
  };
  const overrides = options.overrides ?? {};
  for (const [field, source] of Object.entries(overrides)) {
    const index = headers.findIndex((h) => h.raw === source || h.name === source);
    if (index >= 0) take(field as Field, index);
  }
  headers.forEach((h, i) => {
    if (!used.has(i) && (excluded.has(normaliseName(h.raw)) || excluded.has(normaliseName(h.name)))) used.add(i);
  });
  // Header detection calls this for hundreds of candidate lines: normalise each name once.
  const byName = new Map<string, number[]>();
  headers.forEach((h, i) => {
    const key = normaliseName(h.name);
    const list = byName.get(key);
    if (list) list.push(i);
    else byName.set(key, [i]);
  });
  const fields = Object.keys(VOCABULARY) as Field[];
  for (const field of fields) {
    if (out.some((c) => c.field === field)) continue;
    const names = [...(options.aliases?.[field] ?? []).map(normaliseName), ...NORMALISED_VOCABULARY[field]];
    // Every column with the name is tried: PEC writes "Charge Capacity (mAh)" and "Charge Capacity (mWh)",
    // and only the unit tells the capacity from the energy.
    search: for (const name of names) {
      for (const index of byName.get(name) ?? []) {
        if (used.has(index)) continue;
        const before = out.length;
        take(field, index);
        if (out.length > before) break search;
      }
    }
  }
  return out.sort((a, b) => a.index - b.index);
}

/**
 * What is wrong with the user's --col mappings on the chosen header, or null when every one was
 * taken: a mapping that names no column (or one whose unit does not fit the field) must not be
 * dropped in favour of automatic detection, which would read another column without a word.
 */
export function unmetOverride(overrides: Record<string, string>, columns: MappedColumn[], cells: string[]): string | null {
  for (const [field, source] of Object.entries(overrides)) {
    if (columns.some((c) => c.field === field && (c.header.raw === source || c.header.name === source))) continue;
    const header = cells.map(splitHeader).find((h) => h.raw === source || h.name === source);
    const why = header ? `column '${source}' has a unit that is not a ${field} unit ('${header.unit ?? 'none'}')` : `no column '${source}' in the header`;
    return `--col ${field}=${source}: ${why}; the header has: ${cells.map((c) => c.trim()).filter(Boolean).join(', ')}`;
  }
  return null;
}
