import type { CanonicalRecord, ColumnMapping, CounterReset, FileMetadata, StepKind } from '../../model/record.js';

/**
 * One BioLogic measurement as named columns, however it was stored: the .mpr's data module
 * (binary, by column id) or the .mpt text export (by header name). Both readers hand their
 * columns to `biologicRecords`, so the same measurement gives the same records from either file.
 * Names are EC-Lab's .mpt header names (`time/s`, `Ewe/V`, `Q charge/discharge/mA.h`, …).
 */
export interface BiologicTable {
  points: number;
  column(name: string): Float64Array | undefined;
  /** Source line of point `p` (the .mpt's text line; the .mpr's point number). */
  lineOf(p: number): number;
}

/** The columns the mapping reads; a text reader need parse no others. */
export const BIOLOGIC_COLUMNS_USED = [
  'time/s',
  'Ecell/V',
  'Ewe/V',
  '<Ewe>/V',
  'I/mA',
  '<I>/mA',
  'dq/mA.h',
  'dQ/mA.h',
  'dQ/C',
  'mode',
  'Q charge/discharge/mA.h',
  'half cycle',
  '(Q-Qo)/mA.h',
  'Energy charge/W.h',
  'Energy discharge/W.h',
  'Energy we charge/W.h',
  'Energy we discharge/W.h',
  'cycle number',
  'Ns',
  'Temperature/°C',
] as const;

/** Said in `cycleRule` for both file kinds, so an .mpr and its .mpt describe their cycles alike. */
export const BIOLOGIC_CYCLE_NUMBERING =
  "EC-Lab's cycle number, counted from 0 (the .mpt's `cycle number`; an .mpr stores the half cycle, and cycle number = ⌊half cycle ÷ 2⌋ as EC-Lab computes it)";

export interface BiologicRecords {
  records: CanonicalRecord[];
  capacityCounter: CounterReset | null;
  columns: ColumnMapping[];
  cycleNumbering: string | undefined;
}

/**
 * What would make the mapping print wrong numbers: a value that is not a number in a column it
 * uses, or a half cycle that goes back (EC-Lab only ever counts it up). Null when the table is sound.
 */
export function biologicProblem(t: BiologicTable): string | null {
  for (const name of BIOLOGIC_COLUMNS_USED) {
    const c = t.column(name);
    if (!c) continue;
    for (let p = 0; p < t.points; p++) if (!Number.isFinite(c[p]!)) return `point ${p + 1} (line ${t.lineOf(p)}) has '${name}' = ${c[p]}, not a number`;
  }
  const h = t.column('half cycle');
  if (h) {
    for (let p = 1; p < t.points; p++) {
      if (h[p]! < h[p - 1]! || h[p]! - h[p - 1]! > 1000) return `the half cycle jumps from ${h[p - 1]} to ${h[p]} at point ${p + 1} (line ${t.lineOf(p)})`;
    }
  }
  return null;
}

const first = (t: BiologicTable, names: readonly string[]): [string, Float64Array] | undefined => {
  for (const n of names) {
    const c = t.column(n);
    if (c) return [n, c];
  }
  return undefined;
};

/**
 * Map EC-Lab's columns to canonical records.
 *
 * - Voltage: `Ecell/V`, else `Ewe/V`, else `<Ewe>/V`.
 * - Current: `I/mA`, else `<I>/mA`, else EC-Lab's own definition of `<I>`: dq ÷ Δt (the
 *   .mpt export computes its `<I>/mA` column that way from the .mpr's `dq/mA.h`).
 * - Cycle: `cycle number`, else ⌊half cycle ÷ 2⌋ (EC-Lab's rule, from 0).
 * - Capacity: EC-Lab's `Q charge/discharge/mA.h` counts charge within a half cycle (signed,
 *   positive = charge). It keeps counting through rest, OCV and EIS steps inside the half
 *   cycle (Modulo Bat), and EC-Lab's per-cycle `Q charge`/`Q discharge` are its maxima. Each
 *   half cycle's counter is taken once: its growth in the half cycle's own direction is added
 *   to a running total per direction, attributed to the steps where it grew. Steps where it
 *   did not grow are rest (or `other` when current flows, e.g. an EIS with no net charge).
 *   Without that counter: `(Q-Qo)/mA.h` as a net counter, steps classified by current.
 * - Energy: `Energy charge`/`Energy discharge` (or EC-Lab's Σ Ewe·dq per half cycle where the
 *   file stores neither), taken the same way.
 */
export function biologicRecords(t: BiologicTable): BiologicRecords {
  const n = t.points;
  const time = t.column('time/s')!;
  const voltage = first(t, ['Ecell/V', 'Ewe/V', '<Ewe>/V'])!;
  const current = first(t, ['I/mA', '<I>/mA']);
  const dq = first(t, ['dq/mA.h', 'dQ/mA.h']) ?? scaled(first(t, ['dQ/C']), 1 / 3.6, 'dQ/C');
  const qHalf = t.column('Q charge/discharge/mA.h');
  const halfCycle = t.column('half cycle');
  const qNet = t.column('(Q-Qo)/mA.h');
  const eCharge = first(t, ['Energy charge/W.h', 'Energy we charge/W.h']);
  const eDischarge = first(t, ['Energy discharge/W.h', 'Energy we discharge/W.h']);
  const cycleNumber = t.column('cycle number');
  const ns = t.column('Ns');
  const temperature = t.column('Temperature/°C');

  const columns: ColumnMapping[] = [
    { source: 'time/s', field: 'timeS', unit: 's', scale: 1 },
    { source: voltage[0], field: 'voltageV', unit: 'V', scale: 1 },
    { source: current ? current[0] : `<I>/mA = ${dq ? dq[0] : 'dq/mA.h'} ÷ Δt (as EC-Lab exports it)`, field: 'currentA', unit: 'mA', scale: 0.001 },
  ];

  const currentMA = new Float64Array(n);
  if (current) currentMA.set(current[1]);
  else if (dq) {
    for (let p = 1; p < n; p++) {
      const dt = time[p]! - time[p - 1]!;
      currentMA[p] = dt > 0 ? (dq[1][p]! * 3600) / dt : 0;
    }
  }

  let cycles: Float64Array | null = null;
  let cycleNumbering: string | undefined;
  if (cycleNumber) {
    cycles = cycleNumber;
    columns.push({ source: 'cycle number', field: 'cycle', unit: '', scale: 1 });
  } else if (halfCycle) {
    cycles = new Float64Array(n);
    for (let p = 0; p < n; p++) cycles[p] = Math.floor(halfCycle[p]! / 2);
    columns.push({ source: '⌊half cycle ÷ 2⌋', field: 'cycle', unit: '', scale: 1 });
  }
  if (cycles) cycleNumbering = BIOLOGIC_CYCLE_NUMBERING;
  if (ns) columns.push({ source: 'Ns', field: 'step', unit: '', scale: 1 });
  if (temperature) columns.push({ source: 'Temperature/°C', field: 'temperatureC', unit: '°C', scale: 1 });

  const records: CanonicalRecord[] = new Array(n);
  for (let p = 0; p < n; p++) {
    records[p] = {
      line: t.lineOf(p),
      timeS: time[p]!,
      voltageV: voltage[1][p]!,
      currentA: currentMA[p]! / 1000,
      capacityAh: null,
      energyWh: null,
      cycle: cycles ? cycles[p]! : null,
      step: ns ? ns[p]! : null,
      stepKind: null,
      temperatureC: temperature ? temperature[p]! : null,
    };
  }

  if (qHalf && halfCycle) {
    const energySource = eCharge && eDischarge ? `${eCharge[0]} | ${eDischarge[0]}` : dq ? `Σ ${voltage[0]} × ${dq[0]} per half cycle` : null;
    columns.push({ source: 'Q charge/discharge/mA.h, each half cycle taken once', field: 'capacityAh', unit: 'mA.h', scale: 0.001 });
    if (energySource) columns.push({ source: energySource, field: 'energyWh', unit: 'W.h', scale: 1 });
    applyHalfCycleCounters(records, {
      halfCycle,
      qHalfMAh: qHalf,
      ns,
      energy: eCharge && eDischarge ? { charge: eCharge[1], discharge: eDischarge[1] } : null,
      energyStepWh: !(eCharge && eDischarge) && dq ? (p) => (voltage[1][p]! * dq[1][p]!) / 1000 : null,
    });
    return { records, capacityCounter: 'test', columns, cycleNumbering };
  }
  if (qNet) {
    columns.push({ source: '(Q-Qo)/mA.h', field: 'capacityAh', unit: 'mA.h', scale: 0.001 });
    for (let p = 0; p < n; p++) records[p]!.capacityAh = qNet[p]! / 1000;
    return { records, capacityCounter: 'net', columns, cycleNumbering };
  }
  return { records, capacityCounter: null, columns, cycleNumbering };
}

function scaled(c: [string, Float64Array] | undefined, factor: number, name: string): [string, Float64Array] | undefined {
  if (!c) return undefined;
  return [name, c[1].map((v) => v * factor)];
}

interface HalfCycleInputs {
  halfCycle: Float64Array;
  qHalfMAh: Float64Array;
  ns: Float64Array | undefined;
  energy: { charge: Float64Array; discharge: Float64Array } | null;
  /** Energy passed at point p, Wh (signed like dq), when the file has no energy columns. */
  energyStepWh: ((p: number) => number) | null;
}

/**
 * Set capacity, energy and step kind from EC-Lab's half-cycle counter (see biologicRecords).
 * The counters handed on never reset (one running total per direction), so a step's share is
 * its last value minus the last value of the step of that kind before it.
 */
function applyHalfCycleCounters(records: CanonicalRecord[], inputs: HalfCycleInputs): void {
  const { halfCycle, qHalfMAh, ns } = inputs;
  const n = records.length;
  // Direction of each half cycle: the sign of its largest counter value.
  const direction = new Map<number, { sign: number; size: number }>();
  for (let p = 0; p < n; p++) {
    const q = qHalfMAh[p]!;
    const d = direction.get(halfCycle[p]!);
    if (!d) direction.set(halfCycle[p]!, { sign: Math.sign(q), size: Math.abs(q) });
    else if (Math.abs(q) > d.size) {
      d.size = Math.abs(q);
      d.sign = Math.sign(q);
    }
  }
  // The half cycle's counter in its own direction, never falling within the half cycle.
  const grown = new Float64Array(n); // growth at p, mAh
  const energyGrown = new Float64Array(n); // growth at p, Wh
  let counter = 0;
  let energyCounter = 0;
  let energyAcc = 0;
  for (let p = 0; p < n; p++) {
    const h = halfCycle[p]!;
    const sign = direction.get(h)!.sign;
    if (p === 0 || h !== halfCycle[p - 1]) {
      counter = 0;
      energyCounter = 0;
      energyAcc = 0;
    }
    const value = Math.max(0, sign * qHalfMAh[p]!);
    if (value > counter) {
      grown[p] = value - counter;
      counter = value;
    }
    let energy = 0;
    if (inputs.energy) energy = sign > 0 ? inputs.energy.charge[p]! : sign < 0 ? inputs.energy.discharge[p]! : 0;
    else if (inputs.energyStepWh) {
      energyAcc += inputs.energyStepWh(p);
      energy = Math.max(0, sign * energyAcc);
    }
    energy = Math.abs(energy);
    if (energy > energyCounter) {
      energyGrown[p] = energy - energyCounter;
      energyCounter = energy;
    }
  }
  // Runs of one step (Ns) within one half cycle: the half cycle's direction where its counter grew.
  const total = { charge: 0, discharge: 0 };
  const energyTotal = { charge: 0, discharge: 0 };
  let start = 0;
  while (start < n) {
    let end = start + 1;
    while (end < n && halfCycle[end] === halfCycle[start] && (!ns || ns[end] === ns[start])) end++;
    let growth = 0;
    let active = false;
    for (let p = start; p < end; p++) {
      growth += grown[p]!;
      if (records[p]!.currentA !== 0) active = true;
    }
    const sign = direction.get(halfCycle[start]!)!.sign;
    const kind: StepKind = growth > 0 && sign !== 0 ? (sign > 0 ? 'charge' : 'discharge') : active ? 'other' : 'rest';
    for (let p = start; p < end; p++) {
      const rec = records[p]!;
      rec.stepKind = kind;
      if (kind === 'charge' || kind === 'discharge') {
        total[kind] += grown[p]!;
        energyTotal[kind] += energyGrown[p]!;
        rec.capacityAh = total[kind] / 1000;
        rec.energyWh = inputs.energy || inputs.energyStepWh ? energyTotal[kind] : null;
      }
    }
    start = end;
  }
}

/** EC-Lab's defaults where no mass was entered: "Mass of active material : 0.001 mg", "Characteristic mass : 0.001 g". */
const PLACEHOLDER_ACTIVE_MASS_G = 1e-6;
const PLACEHOLDER_CHARACTERISTIC_MASS_G = 1e-3;

/**
 * The active mass from what EC-Lab's settings say, shared by both file kinds: "Mass of active
 * material" first (what the user entered for the electrode), then "Characteristic mass"
 * (what EC-Lab divides by), skipping EC-Lab's defaults, which are not masses.
 */
export function chooseBiologicMass(meta: FileMetadata, activeMassG: number | null, characteristicMassG: number | null): void {
  chooseMass(meta, activeMassG, characteristicMassG);
  // 7000 mg stands in three unrelated files here (a coin cell at 0.9 mAh, an 18650, a GCPL test),
  // each beside the same 90.93 g/mol: more likely a value EC-Lab proposes than a weighed mass.
  if (meta.activeMassG !== undefined && Math.abs(meta.activeMassG - 7) < 1e-9) {
    meta.massWarning = '"Mass of active material : 7000 mg" stands in unrelated EC-Lab files (a coin cell, an 18650): it may be a value EC-Lab proposes rather than a weighed mass; check it, or pass --mass';
  }
}

/** Warnings a reader adds for the mass it read (the same from an .mpr and from its .mpt). */
export function biologicMassWarnings(meta: FileMetadata): string[] {
  return typeof meta.massWarning === 'string' ? [meta.massWarning] : [];
}

function chooseMass(meta: FileMetadata, activeMassG: number | null, characteristicMassG: number | null): void {
  const real = (g: number | null, placeholder: number): g is number => g !== null && Number.isFinite(g) && g > 0 && Math.abs(g - placeholder) > placeholder * 1e-3;
  if (activeMassG !== null) meta.activeMaterialMassG = activeMassG;
  if (characteristicMassG !== null) meta.characteristicMassG = characteristicMassG;
  if (real(activeMassG, PLACEHOLDER_ACTIVE_MASS_G)) {
    meta.activeMassG = activeMassG;
    meta.activeMassSource = 'EC-Lab "Mass of active material"';
  } else if (real(characteristicMassG, PLACEHOLDER_CHARACTERISTIC_MASS_G)) {
    meta.activeMassG = characteristicMassG;
    meta.activeMassSource = 'EC-Lab "Characteristic mass"';
  } else {
    delete meta.activeMassG;
    if (activeMassG !== null || characteristicMassG !== null) meta.massNote = "EC-Lab's default masses (0.001 mg active material, 0.001 g characteristic) are not masses: ignored";
  }
}
