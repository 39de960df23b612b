import type { CounterReset, StepKind, StreamHeader } from '../model/record.js';
import { assignCycles, type CycleRuleOption } from '../segment/cycles.js';
import { StepSegmenter, type Step } from '../segment/steps.js';
import { openRecords, type OpenOptions } from '../ingest/open.js';
import { eachRecord } from '../ingest/contract.js';

/**
 * First pass of a conversion: segment the file exactly as `summary` does (constant memory,
 * one small object per step) and decide, per step, what the writer will put in its capacity
 * and energy columns so that reading the output back gives the same per-cycle numbers.
 */
export interface StepPlan {
  kind: StepKind;
  records: number;
  /** Cycle number written for this step when the file has no cycle column of its own. */
  derivedCycle: number;
  /** BDF step type from the kind and the shape of the current. */
  stepType: string;
  capacity: CounterPlan;
  energy: CounterPlan;
}

/**
 * How a step's running value is produced. `file`: from the file's counter, as
 * |counter − baseline| (net) or max(0, counter − baseline); `integrated`: |∫ I dt| (or
 * |∫ V·I dt|) from the step's start; `none` for rests. `final` is written on the step's last
 * record, exactly the value `summary` uses for the step.
 */
export interface CounterPlan {
  mode: 'file' | 'integrated' | 'none';
  baseline: number;
  net: boolean;
  final: number | null;
}

/**
 * What the second pass needs, and no more: the steps and cycles the plan was made from (10 MB
 * over 10,000 cycles) are dropped before it, so the heap that V8 sizes its next collections by
 * stays small while the rows are written.
 */
export interface ConversionPlan {
  header: StreamHeader;
  plan: StepPlan[];
  /** How cycles were numbered (CycleAssignment.description), for the warning when the file has no cycle column. */
  cycleNumbering: string;
  /** Every step carries the cycler's own cycle number, which is then written unchanged. */
  fileCycles: boolean;
  fileSteps: boolean;
  /**
   * The canonical CSV writes the cycler's step number when the file has one, unless two
   * neighbouring steps would then look alike (same step, cycle and kind) and merge when read
   * back; cyclekit's own step count is written instead, and the caller is told.
   */
  canonicalSteps: boolean;
  records: number;
}

export interface PlanOptions extends OpenOptions {
  restCurrentA: number;
  cycleRule: CycleRuleOption;
}

interface Extra {
  minAbsI: number;
  maxAbsI: number;
  firstAbsI: number;
  lastAbsI: number;
  lastCounter: number | null;
  lastEnergy: number | null;
}

function newExtra(i: number): Extra {
  const a = Math.abs(i);
  return { minAbsI: a, maxAbsI: a, firstAbsI: a, lastAbsI: a, lastCounter: null, lastEnergy: null };
}

export async function planConversion(path: string, options: PlanOptions): Promise<ConversionPlan> {
  const stream = await openRecords(path, options);
  const segmenter = new StepSegmenter({ restCurrentA: options.restCurrentA, keepPoints: false, capacityCounter: stream.header.capacityCounter });
  const extras: Extra[] = [];
  let current: Extra | null = null;
  let records = 0;
  // One record at a time in the reader's reused object (the segmenter copies what it keeps): no batch of records to outlive a collection.
  await eachRecord(stream, (rec) => {
    const closed = segmenter.steps.length;
    segmenter.push(rec);
    // A step closed on this push, or this is the first record: the record opens a new step.
    if (current === null || segmenter.steps.length > closed) {
      if (current) extras.push(current);
      current = newExtra(rec.currentA);
    } else {
      const a = Math.abs(rec.currentA);
      if (a < current.minAbsI) current.minAbsI = a;
      if (a > current.maxAbsI) current.maxAbsI = a;
      current.lastAbsI = a;
    }
    if (rec.capacityAh !== null) current.lastCounter = rec.capacityAh;
    if (rec.energyWh !== null) current.lastEnergy = rec.energyWh;
    records++;
  });
  const steps = segmenter.finish();
  if (current) extras.push(current);
  const cycles = assignCycles(steps, options.cycleRule);
  const derivedCycle = new Map<Step, number>();
  for (const c of cycles.cycles) for (const s of c.steps) derivedCycle.set(s, c.number);

  // `summary` takes a half cycle's capacity from the file only when every step in it has a counter.
  const fromFile = new Map<Step, { capacity: boolean; energy: boolean }>();
  for (const c of cycles.cycles) {
    for (const kind of ['charge', 'discharge'] as const) {
      const list = c.steps.filter((s) => s.kind === kind);
      const capacity = list.every((s) => s.fileCapacityAh !== null);
      const energy = list.every((s) => s.fileEnergyWh !== null);
      for (const s of list) fromFile.set(s, { capacity, energy });
    }
  }
  const counter = stream.header.capacityCounter;
  const plan = steps.map((s, k): StepPlan => {
    const extra = extras[k] ?? newExtra(0);
    const active = s.kind === 'charge' || s.kind === 'discharge';
    const source = fromFile.get(s);
    return {
      kind: s.kind,
      records: s.records,
      derivedCycle: derivedCycle.get(s) ?? 1,
      stepType: stepType(s, extra),
      capacity: active ? counterPlan(source?.capacity ?? false, s.fileCapacityAh, Math.abs(s.integratedAh), extra.lastCounter, s.kind, counter) : NONE,
      energy: active ? counterPlan(source?.energy ?? false, s.fileEnergyWh, Math.abs(s.integratedWh), extra.lastEnergy, s.kind, counter) : NONE,
    };
  });
  const fileCycles = steps.length > 0 && steps.every((s) => s.fileCycle !== null);
  return {
    header: stream.header,
    plan,
    cycleNumbering: cycles.description,
    fileCycles,
    fileSteps: segmenter.usedFileSteps,
    canonicalSteps: segmenter.usedFileSteps && stepsTellApart(steps, (k) => (fileCycles ? steps[k]!.fileCycle : plan[k]!.derivedCycle)),
    records,
  };
}

/** No two neighbouring steps share the cycler's step number, cycle and kind (which would merge them when read back). */
function stepsTellApart(steps: Step[], cycleOf: (k: number) => number | null): boolean {
  for (let k = 1; k < steps.length; k++) {
    const a = steps[k - 1]!;
    const b = steps[k]!;
    if (a.fileStep === null || b.fileStep === null) return false;
    if (a.fileStep === b.fileStep && cycleOf(k - 1) === cycleOf(k) && a.kind === b.kind) return false;
  }
  return true;
}

const NONE: CounterPlan = { mode: 'none', baseline: 0, net: false, final: null };

function counterPlan(useFile: boolean, fileValue: number | null, integrated: number, lastCounter: number | null, kind: StepKind, reset: CounterReset | null): CounterPlan {
  if (!useFile || fileValue === null || lastCounter === null) return { mode: 'integrated', baseline: 0, net: false, final: integrated };
  if (reset === 'net') return { mode: 'file', baseline: kind === 'charge' ? lastCounter - fileValue : lastCounter + fileValue, net: true, final: fileValue };
  return { mode: 'file', baseline: lastCounter - fileValue, net: false, final: fileValue };
}

/** Relative spread of |I| within which a step counts as constant current. */
const CC_SPREAD = 0.1;
/** Voltage range under which a decaying-current step counts as constant voltage, V. */
const CV_RANGE_V = 0.01;

/**
 * BDF step type. Constant |I| → CC; |I| starting at its maximum and decaying → CCCV, or CV
 * when the voltage stays flat throughout. Anything else keeps the CC label of its direction.
 */
function stepType(s: Step, e: Extra): string {
  if (s.kind === 'rest') return 'REST';
  if (s.kind === 'other') return 'OTHER';
  const suffix = s.kind === 'charge' ? 'CHG' : 'DCH';
  const max = e.maxAbsI;
  if (max <= 0 || (max - e.minAbsI) / max <= CC_SPREAD) return `CC_${suffix}`;
  if (e.firstAbsI >= 0.9 * max && e.lastAbsI <= 0.5 * max) return s.maxVoltageV - s.minVoltageV <= CV_RANGE_V ? `CV_${suffix}` : `CCCV_${suffix}`;
  return `CC_${suffix}`;
}
