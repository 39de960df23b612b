import type { CanonicalRecord, ColumnMapping, StepKind } from '../../model/record.js';

/**
 * Neware records as the vendor software shows them (mA, mAh, mWh, s), one array per column.
 * Both .nda and .ndax decode into this table; `toRecords` turns it into canonical records.
 */
export interface NewareTable {
  index: number[];
  /** Cycle number as the cycler stored it (1-based, as BTSDA shows it): the test programme's loop count. */
  cycle: number[];
  /** Running count of steps, 1-based: a new value at every step change. */
  step: number[];
  /** The step's number in the test programme. */
  stepIndex: number[];
  status: number[];
  timeS: number[];
  voltageV: number[];
  currentMA: number[];
  chargeMAh: number[];
  dischargeMAh: number[];
  chargeMWh: number[];
  dischargeMWh: number[];
  /** Auxiliary temperatures by name (T1, T2, …), aligned with `index`; NaN where absent. */
  temperaturesC: Map<string, number[]>;
  /** Test time, s, where the file stores it (BTS 9.1); otherwise test time is summed from step times. */
  totalTimeS?: number[];
}

/** Table units per canonical unit: the converter below divides by these (mA → A, mAh → Ah, mWh → Wh). */
const MA_PER_A = 1000;
const MAH_PER_AH = 1000;
const MWH_PER_WH = 1000;

/**
 * The columns as the Neware readers declare them (`inspect`), from the same conversion factors
 * `toRecordsCounted` applies: scale = 1 / (table units per canonical unit). Sources are the
 * column names of BTSDA and NewareNDA exports.
 */
export const NEWARE_COLUMNS: ColumnMapping[] = [
  { source: 'Time', field: 'timeS', unit: 's', scale: 1 },
  { source: 'Voltage', field: 'voltageV', unit: 'V', scale: 1 },
  { source: 'Current(mA)', field: 'currentA', unit: 'mA', scale: 1 / MA_PER_A },
  { source: 'Charge_Capacity(mAh) | Discharge_Capacity(mAh)', field: 'capacityAh', unit: 'mAh', scale: 1 / MAH_PER_AH },
  { source: 'Charge_Energy(mWh) | Discharge_Energy(mWh)', field: 'energyWh', unit: 'mWh', scale: 1 / MWH_PER_WH },
  { source: "Cycle (the cycler's cycle index, as BTSDA shows it)", field: 'cycle', unit: '', scale: 1 },
  { source: 'Step (running step count)', field: 'step', unit: '', scale: 1 },
  { source: 'Status', field: 'stepKind', unit: '', scale: 1 },
];

export function emptyTable(): NewareTable {
  return {
    index: [], cycle: [], step: [], stepIndex: [], status: [], timeS: [], voltageV: [], currentMA: [],
    chargeMAh: [], dischargeMAh: [], chargeMWh: [], dischargeMWh: [], temperaturesC: new Map(),
  };
}

/** One decoded record, in the table's units (mA, mAh, mWh); counters charge/discharge. */
export interface NewareRow {
  index: number;
  cycle: number;
  stepIndex: number;
  status: number;
  timeS: number;
  voltageV: number;
  currentMA: number;
  chargeMAh: number;
  dischargeMAh: number;
  chargeMWh: number;
  dischargeMWh: number;
}

/** Append a record to the table, column by column. */
export function pushRow(t: NewareTable, r: NewareRow): void {
  t.index.push(r.index);
  t.cycle.push(r.cycle);
  t.stepIndex.push(r.stepIndex);
  t.status.push(r.status);
  t.timeS.push(r.timeS);
  t.voltageV.push(r.voltageV);
  t.currentMA.push(r.currentMA);
  t.chargeMAh.push(r.chargeMAh);
  t.dischargeMAh.push(r.dischargeMAh);
  t.chargeMWh.push(r.chargeMWh);
  t.dischargeMWh.push(r.dischargeMWh);
}

/** Neware's step-type codes, as BTSDA names them. */
export const STATUS_NAMES: Record<number, string> = {
  1: 'CC_Chg', 2: 'CC_DChg', 3: 'CV_Chg', 4: 'Rest', 5: 'Cycle', 7: 'CCCV_Chg', 8: 'CP_DChg', 9: 'CP_Chg', 10: 'CR_DChg',
  13: 'Pause', 16: 'Pulse', 17: 'SIM', 19: 'CV_DChg', 20: 'CCCV_DChg', 21: 'Control', 22: 'OCV', 26: 'CPCV_DChg', 27: 'CPCV_Chg',
};

export function statusName(code: number): string {
  return STATUS_NAMES[code] ?? `Status_${code}`;
}

/** Direction of a status: the suffix after '_' (Chg / DChg), or null for rest, pulse, SIM and unknown codes. */
export function stepDirection(code: number): 'Chg' | 'DChg' | null {
  const name = STATUS_NAMES[code];
  if (name === undefined) return null;
  const cut = name.indexOf('_');
  if (cut < 0) return null;
  const d = name.slice(cut + 1);
  return d === 'Chg' || d === 'DChg' ? d : null;
}

function stepKind(code: number): StepKind | null {
  const d = stepDirection(code);
  if (d === 'Chg') return 'charge';
  if (d === 'DChg') return 'discharge';
  const name = STATUS_NAMES[code];
  if (name === 'Rest' || name === 'Pause' || name === 'OCV') return 'rest';
  return null;
}

/**
 * A running step count from a step column: 1 for the first row, +1 at every change. The
 * last row never opens a step of its own — BTSDA (and NewareNDA, whose output we match)
 * count it with the step before.
 */
export function countChanges(raw: number[]): number[] {
  const out = new Array<number>(raw.length);
  let n = 0;
  for (let i = 0; i < raw.length; i++) {
    if (i === 0 || (i < raw.length - 1 && raw[i] !== raw[i - 1])) n++;
    out[i] = n;
  }
  return out;
}

const CHARGE_OPENERS = new Set(['CC_Chg', 'CCCV_Chg', 'CP_Chg']);

/**
 * NewareNDA's "charge first" cycle numbering: a new cycle opens at the start of a CC, CCCV or
 * CP charge that follows a discharge (or a SIM step). Not what BTSDA shows (BTSDA shows the
 * cycle counter the cycler stores, which follows the programme's loops); kept only to compare
 * with NewareNDA's reference output, whose Cycle column uses it.
 */
export function softwareCycles(status: number[]): number[] {
  const out = new Array<number>(status.length);
  let cycle = 1;
  let dischargeSeen = false;
  let prevOpener = false;
  for (let i = 0; i < status.length; i++) {
    const name = statusName(status[i]!);
    const opener = CHARGE_OPENERS.has(name);
    const risingEdge = i === 0 || (opener && !prevOpener);
    prevOpener = opener;
    const cut = name.indexOf('_');
    if (cut < 0) {
      if (name === 'SIM') dischargeSeen = true;
    } else if (risingEdge && dischargeSeen) {
      cycle++;
      dischargeSeen = false;
    } else if (name.slice(cut + 1) === 'DChg') {
      dischargeSeen = true;
    }
    out[i] = cycle;
  }
  return out;
}

/**
 * Canonical records: test time in s, A and Ah with positive current charging (Neware writes signed mA with the
 * same convention). Capacity and energy counters restart every step; the one for the step's
 * direction is carried.
 *
 * A step with no direction of its own (SIM drive cycles, pulses, Control) whose current changes
 * sign is cut into parts at each change: a part with positive current is a charge, one with
 * negative current a discharge. Records with zero current stay in the part they follow. Each
 * part's capacity and energy are ∫I dt and ∫V·I dt of the logged samples, each sample's current
 * held over the interval that ends with it (as the MANIFEST's throughput of SIM.nda is taken):
 * the cycler's own counters run over the whole step, not per part. The parts get their own step
 * numbers; `stepsCut` says how many steps were cut.
 */
export function toRecords(t: NewareTable): CanonicalRecord[] {
  return toRecordsCounted(t).records;
}

/** Records, and what cutting undirected steps did: how many were cut, and the cycler's own counters over them (mAh). */
export interface NewareRecords {
  records: CanonicalRecord[];
  stepsCut: number;
  cutCounterChargeMAh: number;
  cutCounterDischargeMAh: number;
}

/** The reader's warning for steps cut by current sign, or null when none was. */
export function cutWarning(r: NewareRecords): string | null {
  if (r.stepsCut === 0) return null;
  return (
    `${r.stepsCut} step(s) with no direction of their own (SIM, pulse) change current sign: each was cut at every change, ` +
    'the parts with positive current counted as charge and those with negative current as discharge, by ∫I dt of the logged samples ' +
    `(the cycler's own counters over these steps give ${r.cutCounterChargeMAh.toFixed(1)} mAh charge / ${r.cutCounterDischargeMAh.toFixed(1)} mAh discharge); ` +
    'these sums stand in for the file counter of each part, so a check of file counters against the trapezoidal ∫I dt may flag the parts'
  );
}

export function toRecordsCounted(t: NewareTable): NewareRecords {
  const temps = [...t.temperaturesC.values()][0];
  const out: CanonicalRecord[] = new Array(t.index.length);
  // Neware's Time is the step time; test time adds the durations of the steps before.
  let offsetS = 0;
  let step = 0;
  let partSign = 0;
  let stepsCut = 0;
  let cutThisStep = false;
  let partAh = 0;
  let partWh = 0;
  let prevTimeS = 0;
  let cutQc = 0;
  let cutQd = 0;
  for (let i = 0; i < t.index.length; i++) {
    const newStep = i === 0 || t.step[i] !== t.step[i - 1];
    if (!t.totalTimeS && i > 0 && newStep && t.timeS[i]! < t.timeS[i - 1]!) offsetS += t.timeS[i - 1]!;
    const code = t.status[i]!;
    const d = stepDirection(code);
    const kind = stepKind(code);
    const sign = Math.sign(t.currentMA[i]!);
    if (newStep) {
      if (cutThisStep) {
        cutQc += t.chargeMAh[i - 1]!;
        cutQd += t.dischargeMAh[i - 1]!;
      }
      step++;
      partSign = 0;
      cutThisStep = false;
    }
    const timeS = t.totalTimeS ? t.totalTimeS[i]! : offsetS + t.timeS[i]!;
    let partKind: StepKind | null = kind;
    let capacityAh = d === 'Chg' ? t.chargeMAh[i]! / MAH_PER_AH : d === 'DChg' ? t.dischargeMAh[i]! / MAH_PER_AH : null;
    let energyWh = d === 'Chg' ? t.chargeMWh[i]! / MWH_PER_WH : d === 'DChg' ? t.dischargeMWh[i]! / MWH_PER_WH : null;
    if (kind === null) {
      if (newStep || (sign !== 0 && partSign !== 0 && sign !== partSign)) {
        if (!newStep) {
          step++;
          if (!cutThisStep) stepsCut++;
          cutThisStep = true;
        }
        partAh = 0;
        partWh = 0;
      }
      if (sign !== 0) partSign = sign;
      partKind = partSign > 0 ? 'charge' : partSign < 0 ? 'discharge' : null;
      const dtH = i > 0 ? (timeS - prevTimeS) / 3600 : 0;
      partAh += (Math.abs(t.currentMA[i]!) / MA_PER_A) * dtH;
      partWh += (Math.abs(t.currentMA[i]! * t.voltageV[i]!) / MA_PER_A) * dtH;
      capacityAh = partKind === null ? null : partAh;
      energyWh = partKind === null ? null : partWh;
    }
    prevTimeS = timeS;
    const temp = temps?.[i];
    out[i] = {
      line: t.index[i]!,
      timeS,
      voltageV: t.voltageV[i]!,
      currentA: t.currentMA[i]! / MA_PER_A,
      capacityAh,
      energyWh,
      cycle: t.cycle[i]!,
      step,
      stepKind: partKind,
      temperatureC: temp !== undefined && Number.isFinite(temp) ? temp : null,
    };
  }
  const n = t.index.length;
  if (cutThisStep) {
    cutQc += t.chargeMAh[n - 1]!;
    cutQd += t.dischargeMAh[n - 1]!;
  }
  return { records: out, stepsCut, cutCounterChargeMAh: cutQc, cutCounterDischargeMAh: cutQd };
}
