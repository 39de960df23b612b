import { CyclekitError } from '../model/errors.js';
import type { CanonicalRecord, CounterReset, StepKind } from '../model/record.js';
import { CompensatedSum } from '../math/sum.js';

/** Samples of one step, kept only when an analysis asks for points (dQ/dV, windows). */
export interface StepPoints {
  timeS: Float64Array;
  voltageV: Float64Array;
  currentA: Float64Array;
  /** Charge passed since the start of the step, Ah, from ∫I dt (signed). */
  chargeAh: Float64Array;
  length: number;
}

/** What a step's records give directly, however they were folded. */
interface StepSpan {
  fileCycle: number | null;
  fileStep: number | null;
  startLine: number;
  endLine: number;
  records: number;
  startTimeS: number;
  endTimeS: number;
  firstVoltageV: number;
  lastVoltageV: number;
  minVoltageV: number;
  maxVoltageV: number;
  /** ∫I dt over the step, Ah (signed: charge positive). */
  integratedAh: number;
  /** ∫V·I dt over the step, Wh (signed). */
  integratedWh: number;
  points: StepPoints | null;
}

/** One step: a run of records under one cycler step (or one current regime when the file has no steps). */
export interface Step extends StepSpan {
  index: number;
  kind: StepKind;
  /** The step's capacity from the file's own counter, Ah (magnitude), when the file has one. */
  fileCapacityAh: number | null;
  fileEnergyWh: number | null;
  meanTemperatureC: number | null;
}

/** |I| at or below this is rest unless said otherwise (`--rest-current`), A: below any cycler's current resolution. */
export const DEFAULT_REST_CURRENT_A = 1e-7;

export interface SegmentOptions {
  /** |I| at or below this is rest, A. */
  restCurrentA: number;
  /** Keep per-record points for steps (needed by windows and dQ/dV). */
  keepPoints: boolean;
  /**
   * With `keepPoints`: only for steps whose file cycle number is in one of these inclusive
   * ranges (steps with no cycle number keep theirs). Absent: every step. Plain data, so it
   * crosses to worker threads.
   */
  pointCycles?: readonly (readonly [number, number])[];
  capacityCounter: CounterReset | null;
  /**
   * With `keepPoints`: where each step's points go as the step closes, instead of memory. Not
   * plain data: the parallel fold does not use it.
   */
  pointStore?: PointStore;
}

/**
 * Somewhere else to keep steps' points (src/pipeline/point-spill.ts writes them to a file):
 * a 10,000-cycle file's points are tens of MB, more than everything else a command holds.
 */
export interface PointStore {
  /** Keep a copy of `points` (its arrays may be reused after the call); returns its id. */
  put(points: StepPoints): number;
  /** The points kept under `id`, read back: arrays to read, not to change (they may be shared). */
  get(id: number): StepPoints;
}

/** Where a step's points are, when they are in a store: a symbol, so structured clone and JSON skip it. */
const STORED = Symbol('stored points');

interface StoredPoints {
  store: PointStore;
  id: number;
  /** A value set in their place (null, to let the points go; changed copies). */
  set: StepPoints | null | undefined;
}

type StepInStore = Step & { [STORED]: StoredPoints };

/**
 * One accessor for every step in a store (not closures per step: tens of thousands of steps).
 * Structured clone reads the points through it, so a step crossing threads carries them.
 */
const STORED_POINTS: PropertyDescriptor = {
  enumerable: true,
  configurable: true,
  get(this: StepInStore): StepPoints | null {
    const s = this[STORED];
    return s.set === undefined ? s.store.get(s.id) : s.set;
  },
  set(this: StepInStore, value: StepPoints | null) {
    this[STORED].set = value;
  },
};

/** Whether `step`'s points are read from a store when asked for (not held by the step). */
export function pointsInStore(step: Step): boolean {
  return STORED in step;
}

/**
 * Give `step` (built without a `points` property: it is added last, where a step has it)
 * `points` read from `store` each time they are asked for, so the step does not hold them.
 * A value set from then on is what it gives.
 */
export function pointsFromStore(step: Omit<Step, 'points'>, store: PointStore, id: number): void {
  Object.defineProperty(step, STORED, { value: { store, id, set: undefined } satisfies StoredPoints, writable: false, enumerable: false, configurable: false });
  Object.defineProperty(step, 'points', STORED_POINTS);
}

/** Whether a step of file cycle `cycle` keeps its points under `options`. */
export function keepsPoints(options: Pick<SegmentOptions, 'keepPoints' | 'pointCycles'>, cycle: number | null): boolean {
  if (!options.keepPoints) return false;
  if (options.pointCycles === undefined || cycle === null) return true;
  return options.pointCycles.some(([from, to]) => cycle >= from && cycle <= to);
}

/**
 * The open step's points. One buffer per folder, reused for every step (only one step is open
 * at a time): a fresh buffer per step left ~8 KB of garbage for each of a long test's tens of
 * thousands of steps, which peak memory paid for until the collector caught up.
 */
class PointBuffer {
  private cap = 256;
  length = 0;
  timeS: Float64Array = new Float64Array(this.cap);
  voltageV: Float64Array = new Float64Array(this.cap);
  currentA: Float64Array = new Float64Array(this.cap);
  chargeAh: Float64Array = new Float64Array(this.cap);

  push(t: number, v: number, i: number, q: number): void {
    if (this.length === this.cap) this.grow();
    this.timeS[this.length] = t;
    this.voltageV[this.length] = v;
    this.currentA[this.length] = i;
    this.chargeAh[this.length] = q;
    this.length++;
  }

  /** Start a new step. */
  clear(): this {
    this.length = 0;
    return this;
  }

  private grow(): void {
    this.cap *= 2;
    const g = (a: Float64Array): Float64Array => {
      const b = new Float64Array(this.cap);
      b.set(a);
      return b;
    };
    this.timeS = g(this.timeS);
    this.voltageV = g(this.voltageV);
    this.currentA = g(this.currentA);
    this.chargeAh = g(this.chargeAh);
  }

  /**
   * A copy of the step's points, sized to fit: the buffer goes on to the next step. The copies
   * are views of shared slabs: four arrays of their own per step cost ~800 bytes of memory each
   * beyond their data (a backing store and its allocation), so a 10,000-cycle report's 160,000
   * arrays took 30 MB more than the points in them.
   */
  freeze(): StepPoints {
    const n = this.length;
    const copy = (a: Float64Array): Float64Array => {
      const view = this.slabs.take(n);
      view.set(a.subarray(0, n));
      return view;
    };
    return { timeS: copy(this.timeS), voltageV: copy(this.voltageV), currentA: copy(this.currentA), chargeAh: copy(this.chargeAh), length: n };
  }

  private readonly slabs = new Slabs();
}

/**
 * Float64 arrays handed out as views of larger buffers, each buffer twice the last up to
 * MAX_SLAB_DOUBLES: little waste on a small file, few buffers on a large one. A buffer stays
 * alive while any view of it does.
 */
class Slabs {
  private slab = new Float64Array(0);
  private used = 0;
  private nextSize = 1 << 12;

  take(n: number): Float64Array {
    if (this.used + n > this.slab.length) {
      this.slab = new Float64Array(Math.max(n, this.nextSize));
      this.used = 0;
      this.nextSize = Math.min(this.nextSize * 2, MAX_SLAB_DOUBLES);
    }
    const view = this.slab.subarray(this.used, this.used + n);
    this.used += n;
    return view;
  }
}

const MAX_SLAB_DOUBLES = 1 << 17;

/** Direction of one record from its sign when the file gives no state. */
function kindFromCurrent(currentA: number, restCurrentA: number): StepKind {
  if (Math.abs(currentA) <= restCurrentA) return 'rest';
  return currentA > 0 ? 'charge' : 'discharge';
}

/**
 * A step as folded from its own records, before the two decisions that need the steps before
 * it (where a counter that does not reset per step has its baseline) and the one that needs
 * the whole step (its kind when the file has no state column). Plain data, so a step folded
 * in a worker thread crosses to the main thread by structured clone.
 */
export interface FoldedStep extends StepSpan {
  /** Kind of the step's first record (state column, else the current's sign). */
  kindSeen: StepKind;
  /** Kind from the file's state column, when it has one. */
  stateKind: StepKind | null;
  firstCounterAh: number | null;
  lastCounterAh: number | null;
  firstEnergyWh: number | null;
  lastEnergyWh: number | null;
  temperatureSumC: number;
  temperatureCount: number;
}

/**
 * Fold records into steps as they stream by: constant memory per step, nothing kept per
 * record unless `keepPoints` (and then only for the cycles in `pointCycles`). A step ends when the cycler's step or cycle number changes,
 * when its state column changes, or — for files with neither — when the current changes
 * regime (charge / discharge / rest).
 *
 * Every step is folded from its own records and the one record before it, so a file can be
 * cut into pieces folded apart: a piece is `seed`ed with the record before its first row, and
 * the records before its first step boundary belong to the previous piece's last step.
 */
export class StepFolder {
  private current: MutableStep | null = null;
  /**
   * What the step logic needs of the previous record, copied: a reader may hand every row in
   * one reused object (RecordStream.visit), and keeping a reference would see the next row.
   * Numbers, not nulls, to start with: V8 then stores them unboxed.
   */
  private readonly last: PreviousRecord = { line: 0, timeS: 0, voltageV: 0, currentA: 0, cycle: 0, step: 0, stepKind: null };
  private hasLast = false;
  private hasStepColumn = false;
  private readonly pointBuffer = new PointBuffer();

  constructor(
    private readonly options: Pick<SegmentOptions, 'restCurrentA' | 'keepPoints' | 'pointCycles'>,
    private readonly onClose: (step: FoldedStep) => void,
  ) {}

  /** Fold one record in. The folder keeps no reference to `rec`, which the caller may reuse. */
  push(rec: CanonicalRecord): void {
    const prev = this.hasLast ? this.last : null;
    if (prev !== null && rec.timeS < prev.timeS - 1e-6) {
      throw new CyclekitError('E_TIME', `time goes backwards: ${rec.timeS} s after ${prev.timeS} s on line ${prev.line}`, { line: rec.line });
    }
    if (rec.step !== null) this.hasStepColumn = true;
    const kindHere = this.kindOf(rec);
    if (this.startsStep(rec, kindHere)) {
      if (this.current) this.close(this.current);
      this.current = this.open(rec, kindHere, false);
    }
    this.add(this.current!, rec, prev);
    this.remember(rec);
  }

  /**
   * Take `rec`, the last good record before this folder's first row, as the previous record
   * without folding it: the step it is in belongs to whoever folds the rows before.
   */
  seed(rec: CanonicalRecord): void {
    // Within a step every record has the step's first kind wherever kinds decide boundaries,
    // so the seed's own kind stands in for the kind its step started with.
    this.current = this.open(rec, this.kindOf(rec), true);
    this.remember(rec);
  }

  /** Whether `rec`, pushed next, would open a new step. */
  startsStep(rec: CanonicalRecord, kindHere: StepKind = this.kindOf(rec)): boolean {
    const cur = this.current;
    if (cur === null || !this.hasLast) return true;
    const prev = this.last;
    if (rec.step !== null || rec.cycle !== null || rec.stepKind !== null) {
      if (rec.step !== prev.step || rec.cycle !== prev.cycle || (rec.stepKind !== null && rec.stepKind !== prev.stepKind)) return true;
      // Without a step column the cycle column alone cannot split charge from discharge.
      return rec.step === null && rec.stepKind === null && kindHere !== cur.kindSeen;
    }
    return kindHere !== cur.kindSeen;
  }

  /** Close the last step. */
  finish(): void {
    if (this.current) this.close(this.current);
    this.current = null;
  }

  get usedFileSteps(): boolean {
    return this.hasStepColumn;
  }

  private kindOf(rec: CanonicalRecord): StepKind {
    return rec.stepKind ?? kindFromCurrent(rec.currentA, this.options.restCurrentA);
  }

  private remember(rec: CanonicalRecord): void {
    const last = this.last;
    last.line = rec.line;
    last.timeS = rec.timeS;
    last.voltageV = rec.voltageV;
    last.currentA = rec.currentA;
    last.cycle = rec.cycle;
    last.step = rec.step;
    last.stepKind = rec.stepKind;
    this.hasLast = true;
  }

  private open(rec: CanonicalRecord, kindSeen: StepKind, seedOnly: boolean): MutableStep {
    return {
      seedOnly,
      kindSeen,
      stateKind: rec.stepKind,
      fileCycle: rec.cycle,
      fileStep: rec.step,
      startLine: rec.line,
      endLine: rec.line,
      records: 0,
      startTimeS: rec.timeS,
      endTimeS: rec.timeS,
      firstV: rec.voltageV,
      lastV: rec.voltageV,
      minV: rec.voltageV,
      maxV: rec.voltageV,
      ah: new CompensatedSum(),
      wh: new CompensatedSum(),
      firstCounter: null,
      lastCounter: null,
      firstEnergy: null,
      lastEnergy: null,
      tempSum: 0,
      tempN: 0,
      points: !seedOnly && keepsPoints(this.options, rec.cycle) ? this.pointBuffer.clear() : null,
    };
  }

  private add(s: MutableStep, rec: CanonicalRecord, prev: PreviousRecord | null): void {
    if (prev !== null) {
      const dt = rec.timeS - prev.timeS;
      // Within a step: trapezoid. Across the boundary the new step's current flowed since the last sample.
      const inside = s.records > 0;
      const i0 = inside ? prev.currentA : rec.currentA;
      const v0 = inside ? prev.voltageV : rec.voltageV;
      const dq = ((i0 + rec.currentA) / 2) * (dt / 3600);
      s.ah.add(dq);
      s.wh.add(((i0 * v0 + rec.currentA * rec.voltageV) / 2) * (dt / 3600));
    }
    s.records++;
    s.endLine = rec.line;
    s.endTimeS = rec.timeS;
    s.lastV = rec.voltageV;
    if (rec.voltageV < s.minV) s.minV = rec.voltageV;
    if (rec.voltageV > s.maxV) s.maxV = rec.voltageV;
    if (rec.capacityAh !== null) {
      if (s.firstCounter === null) s.firstCounter = rec.capacityAh;
      s.lastCounter = rec.capacityAh;
    }
    if (rec.energyWh !== null) {
      if (s.firstEnergy === null) s.firstEnergy = rec.energyWh;
      s.lastEnergy = rec.energyWh;
    }
    if (rec.temperatureC !== null) {
      s.tempSum += rec.temperatureC;
      s.tempN++;
    }
    s.points?.push(rec.timeS, rec.voltageV, rec.currentA, s.ah.value);
  }

  private close(s: MutableStep): void {
    if (s.seedOnly) return;
    this.onClose({
      kindSeen: s.kindSeen,
      stateKind: s.stateKind,
      fileCycle: s.fileCycle,
      fileStep: s.fileStep,
      startLine: s.startLine,
      endLine: s.endLine,
      records: s.records,
      startTimeS: s.startTimeS,
      endTimeS: s.endTimeS,
      firstVoltageV: s.firstV,
      lastVoltageV: s.lastV,
      minVoltageV: s.minV,
      maxVoltageV: s.maxV,
      integratedAh: s.ah.value,
      integratedWh: s.wh.value,
      firstCounterAh: s.firstCounter,
      lastCounterAh: s.lastCounter,
      firstEnergyWh: s.firstEnergy,
      lastEnergyWh: s.lastEnergy,
      temperatureSumC: s.tempSum,
      temperatureCount: s.tempN,
      points: s.points ? s.points.freeze() : null,
    });
  }
}

/**
 * Turns folded steps, taken in file order, into steps: the kind of a step the file gives no
 * state for, and the step's capacity and energy from the file's counters, whose baseline
 * depends on the steps before.
 */
export class StepFinaliser {
  readonly steps: Step[] = [];
  /** Last value of each direction's capacity counter, for counters that do not reset per step. */
  private lastCounter: Record<'charge' | 'discharge', number | null> = { charge: null, discharge: null };
  private lastEnergyCounter: Record<'charge' | 'discharge', number | null> = { charge: null, discharge: null };
  private lastNetCounter: number | null = null;
  private lastNetEnergy: number | null = null;

  constructor(private readonly options: Pick<SegmentOptions, 'restCurrentA' | 'capacityCounter'>) {}

  /** The step `f` folds into; with `stored`, its points are read from that store when asked for. */
  add(f: FoldedStep, stored?: { store: PointStore; id: number }): Step {
    const kind = f.stateKind ?? this.classify(f);
    const step: Omit<Step, 'points'> = {
      index: this.steps.length,
      kind,
      fileCycle: f.fileCycle,
      fileStep: f.fileStep,
      startLine: f.startLine,
      endLine: f.endLine,
      records: f.records,
      startTimeS: f.startTimeS,
      endTimeS: f.endTimeS,
      firstVoltageV: f.firstVoltageV,
      lastVoltageV: f.lastVoltageV,
      minVoltageV: f.minVoltageV,
      maxVoltageV: f.maxVoltageV,
      integratedAh: f.integratedAh,
      integratedWh: f.integratedWh,
      fileCapacityAh: this.counterValue(f.firstCounterAh, f.lastCounterAh, kind, 'capacity'),
      fileEnergyWh: this.counterValue(f.firstEnergyWh, f.lastEnergyWh, kind, 'energy'),
      meanTemperatureC: f.temperatureCount > 0 ? f.temperatureSumC / f.temperatureCount : null,
    };
    if (stored) pointsFromStore(step, stored.store, stored.id);
    else (step as Step).points = f.points;
    this.steps.push(step as Step);
    return step as Step;
  }

  /** A step's kind from its net charge when the file has no state column. */
  private classify(f: FoldedStep): StepKind {
    const duration = f.endTimeS - f.startTimeS;
    const meanCurrent = duration > 0 ? (f.integratedAh * 3600) / duration : 0;
    if (Math.abs(meanCurrent) <= this.options.restCurrentA) return f.kindSeen === 'rest' || duration > 0 ? 'rest' : f.kindSeen;
    return meanCurrent > 0 ? 'charge' : 'discharge';
  }

  /**
   * The step's capacity from the file's counter. Counters differ by vendor: reset every step,
   * every cycle, never, or net (signed). A magnitude counter that starts the step below its
   * last value has been reset; otherwise the step adds to it.
   */
  private counterValue(first: number | null, last: number | null, kind: StepKind, which: 'capacity' | 'energy'): number | null {
    if (this.options.capacityCounter === 'net') {
      // The net counter's value when this step opened: the last one any earlier step saw.
      const baseline = which === 'capacity' ? this.lastNetCounter : this.lastNetEnergy;
      if (last !== null) {
        if (which === 'capacity') this.lastNetCounter = last;
        else this.lastNetEnergy = last;
      }
      if (first === null || last === null || (kind !== 'charge' && kind !== 'discharge')) return null;
      return Math.abs(last - (baseline ?? first));
    }
    if (first === null || last === null || (kind !== 'charge' && kind !== 'discharge')) return null;
    const store = which === 'capacity' ? this.lastCounter : this.lastEnergyCounter;
    const seen = store[kind];
    let baseline = 0;
    if (this.options.capacityCounter !== 'step' && seen !== null && first >= seen - 1e-12 - 1e-9 * Math.abs(seen)) baseline = seen;
    store[kind] = last;
    return Math.max(0, last - baseline);
  }
}

/** Records in, steps out, in one pass: a folder whose steps are finalised as they close. */
export class StepSegmenter {
  private readonly folder: StepFolder;
  private readonly finaliser: StepFinaliser;

  constructor(options: SegmentOptions) {
    this.finaliser = new StepFinaliser(options);
    const store = options.pointStore;
    this.folder = new StepFolder(options, store ? (f) => this.storePoints(f, store) : (f) => this.finaliser.add(f));
  }

  /** A closed step whose points go to `store` as it closes: the step reads them back when asked. */
  private storePoints(f: FoldedStep, store: PointStore): void {
    const points = f.points;
    if (points === null) return void this.finaliser.add(f);
    this.finaliser.add(f, { store, id: store.put(points) });
  }

  /** Steps closed so far, in file order. */
  get steps(): readonly Step[] {
    return this.finaliser.steps;
  }

  /** Fold one record in. The segmenter keeps no reference to `rec`, which the caller may reuse. */
  push(rec: CanonicalRecord): void {
    this.folder.push(rec);
  }

  /** Close the last step; returns all steps in file order. */
  finish(): Step[] {
    this.folder.finish();
    return this.finaliser.steps;
  }

  get usedFileSteps(): boolean {
    return this.folder.usedFileSteps;
  }
}

type PreviousRecord = Pick<CanonicalRecord, 'line' | 'timeS' | 'voltageV' | 'currentA' | 'cycle' | 'step' | 'stepKind'>;

interface MutableStep {
  /** The seed's step, folded only to find where the next step starts; never emitted. */
  seedOnly: boolean;
  kindSeen: StepKind;
  stateKind: StepKind | null;
  fileCycle: number | null;
  fileStep: number | null;
  startLine: number;
  endLine: number;
  records: number;
  startTimeS: number;
  endTimeS: number;
  firstV: number;
  lastV: number;
  minV: number;
  maxV: number;
  ah: CompensatedSum;
  wh: CompensatedSum;
  firstCounter: number | null;
  lastCounter: number | null;
  firstEnergy: number | null;
  lastEnergy: number | null;
  tempSum: number;
  tempN: number;
  points: PointBuffer | null;
}
