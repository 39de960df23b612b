import { CyclekitError } from '../model/errors.js';
import type { CanonicalRecord } from '../model/record.js';
import { CompensatedSum } from '../math/sum.js';
import { CANONICAL_COLUMNS } from '../model/canonical-columns.js';
import { openRecords, type OpenOptions } from '../ingest/open.js';
import { eachRecord } from '../ingest/contract.js';
import type { ConversionPlan, CounterPlan, StepPlan } from './plan.js';
import { ParquetTableWriter, type ParquetColumnType } from './parquet.js';
import { CsvBlock, type RowOut } from './csv-block.js';
import type { StreamHeader } from '../model/record.js';
import { VERSION } from '../version.js';

export type TargetFormat = 'bdf' | 'csv' | 'bdf-parquet';

/** Running value of one counter within a step; the step's last record gets exactly `final`. */
class Running {
  private integral = new CompensatedSum();
  value = 0;
  constructor(private readonly plan: CounterPlan) {}

  /** The value to write for this record; NaN (an empty cell) when the step has none (rests). */
  update(counter: number | null, increment: number, last: boolean): number {
    const p = this.plan;
    if (p.mode === 'none') return NaN;
    if (last) return (this.value = p.final ?? 0);
    if (p.mode === 'integrated') {
      this.integral.add(increment);
      this.value = Math.abs(this.integral.value);
    } else if (counter !== null) {
      this.value = p.net ? Math.abs(counter - p.baseline) : Math.max(0, counter - p.baseline);
    }
    return this.value;
  }
}

interface Emitter {
  header: string[];
  /** Parquet type of each column (BDF: doubles, whole-number counters, text step type). */
  types: ParquetColumnType[];
  /** One row's values into `out`, left to right: numbers stay numbers until the writer formats them. */
  row(rec: CanonicalRecord, ctx: RowContext, out: RowOut): void;
}

interface RowContext {
  stepCount: number;
  step: StepPlan;
  cycle: number | null;
  /** NaN when the step has no such counter (an empty cell). */
  capacityAh: number;
  energyWh: number;
  totalChargeAh: number;
  totalDischargeAh: number;
  totalChargeWh: number;
  totalDischargeWh: number;
}

function bdfEmitter(plan: ConversionPlan): Emitter {
  const temperature = plan.header.columns.some((c) => c.field === 'temperatureC');
  const unix = unixTimeBase(plan.header);
  const header = [
    'Test Time / s', 'Voltage / V', 'Current / A', 'Cycle Count / 1', 'Step Count / 1',
    ...(plan.fileSteps ? ['Step ID'] : []),
    'Step Type',
    'Step Charging Capacity / Ah', 'Step Discharging Capacity / Ah', 'Step Charging Energy / Wh', 'Step Discharging Energy / Wh',
    'Charging Capacity / Ah', 'Discharging Capacity / Ah', 'Charging Energy / Wh', 'Discharging Energy / Wh',
    ...(temperature ? ['Ambient Temperature / degC'] : []),
    ...(unix !== null ? ['Unix Time / s'] : []),
  ];
  const types: ParquetColumnType[] = header.map((h) => (h === 'Step Type' ? 'STRING' : h === 'Cycle Count / 1' || h === 'Step Count / 1' || h === 'Step ID' ? 'INT32' : 'DOUBLE'));
  let firstTimeS: number | null = null;
  return {
    header,
    types,
    row(rec, c, out) {
      const charge = c.step.kind === 'charge';
      const discharge = c.step.kind === 'discharge';
      firstTimeS ??= rec.timeS;
      out.number(rec.timeS);
      out.number(rec.voltageV);
      out.number(rec.currentA);
      out.number(c.cycle);
      out.number(c.stepCount);
      if (plan.fileSteps) out.number(rec.step);
      out.text(c.step.stepType);
      out.number(charge ? c.capacityAh : 0);
      out.number(discharge ? c.capacityAh : 0);
      out.number(charge ? c.energyWh : 0);
      out.number(discharge ? c.energyWh : 0);
      out.number(c.totalChargeAh);
      out.number(c.totalDischargeAh);
      out.number(c.totalChargeWh);
      out.number(c.totalDischargeWh);
      if (temperature) out.number(rec.temperatureC);
      if (unix !== null) out.number(unix.epochS + rec.timeS - (unix.atFirstRecord ? firstTimeS : 0));
    },
  };
}

/**
 * The Unix time of test time 0, when the file states its start as an instant (a Unix-seconds
 * column, or a stamp with a zone: `…Z`, `…+01:00`). A wall-clock start without a zone could be
 * any of 26 hours apart, so it gives no Unix time at all rather than a guessed one. A start
 * read from the first data row belongs to the first record, not to test time 0.
 */
export function unixTimeBase(header: StreamHeader): { epochS: number; atFirstRecord: boolean; start: string } | null {
  const start = header.metadata.startTime;
  if (typeof start !== 'string' || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/.test(start.trim())) return null;
  const ms = Date.parse(start.trim());
  if (!Number.isFinite(ms)) return null;
  const source = header.metadata.startTimeSource;
  return { epochS: ms / 1000, atFirstRecord: typeof source === 'string' && source.startsWith('first row'), start: start.trim() };
}

function canonicalEmitter(plan: ConversionPlan): Emitter {
  const fileSteps = plan.canonicalSteps;
  return {
    header: [...CANONICAL_COLUMNS],
    types: CANONICAL_COLUMNS.map((c) => (c === 'stepKind' ? 'STRING' : c === 'cycle' || c === 'step' ? 'INT32' : 'DOUBLE')),
    row(rec, c, out) {
      out.number(rec.timeS);
      out.number(rec.voltageV);
      out.number(rec.currentA);
      out.number(c.capacityAh);
      out.number(c.energyWh);
      out.number(c.cycle);
      out.number(fileSteps ? rec.step : c.stepCount);
      out.text(c.step.kind);
      out.number(rec.temperatureC);
    },
  };
}

/**
 * The second pass's state, record by record: the step the record is in, its counters and the
 * running totals, as the context of the record's row. Every number is a field that only ever
 * holds numbers (NaN for absent), which V8 updates in place; as closure variables and nullable
 * fields, each update made a heap number, young garbage whose collections aged the reader's
 * chunks into the old generation.
 */
class RowState implements RowContext {
  stepCount = 0;
  step: StepPlan;
  cycle: number | null = null;
  capacityAh = NaN;
  energyWh = NaN;
  totalChargeAh = 0;
  totalDischargeAh = 0;
  totalChargeWh = 0;
  totalDischargeWh = 0;
  written = 0;
  private stepIndex = -1;
  /** Records left in the current step. */
  private left = 0;
  private capacity: Running | null = null;
  private energy: Running | null = null;
  // Plain sums, each step's base being exactly the last value printed for the previous one, so the
  // cumulative columns never step down (the BDF validator checks it); a few thousand terms lose nothing.
  private baseChargeAh = 0;
  private baseDischargeAh = 0;
  private baseChargeWh = 0;
  private baseDischargeWh = 0;
  // What the trapezoid needs of the record before, copied: the reader reuses its record object.
  private hasPrevious = false;
  private previousTimeS = 0;
  private previousVoltageV = 0;
  private previousCurrentA = 0;

  constructor(
    private readonly plan: ConversionPlan,
    private readonly path: string,
  ) {
    this.step = plan.plan[0]!;
  }

  advance(rec: CanonicalRecord): void {
    const plan = this.plan;
    if (this.left === 0) {
      // Close the finished step into the running totals, then open the next one.
      this.stepIndex++;
      const step = plan.plan[this.stepIndex];
      if (!step) throw new CyclekitError('E_IO', 'the file changed while it was being converted (more records than in the first pass)', { file: this.path });
      if (this.capacity && this.energy) {
        const previous = plan.plan[this.stepIndex - 1]!;
        if (previous.kind === 'charge') {
          this.baseChargeAh += this.capacity.value;
          this.baseChargeWh += this.energy.value;
        }
        if (previous.kind === 'discharge') {
          this.baseDischargeAh += this.capacity.value;
          this.baseDischargeWh += this.energy.value;
        }
      }
      this.left = step.records;
      this.capacity = new Running(step.capacity);
      this.energy = new Running(step.energy);
      this.step = step;
      this.stepCount = this.stepIndex + 1;
    }
    const step = this.step;
    this.left--;
    const last = this.left === 0;
    // Same trapezoid as the segmenter: a step's first sample integrates its own current back to the previous sample.
    let dq = 0;
    let de = 0;
    if (this.hasPrevious) {
      const first = this.left === step.records - 1;
      const i0 = first ? rec.currentA : this.previousCurrentA;
      const v0 = first ? rec.voltageV : this.previousVoltageV;
      const dtH = (rec.timeS - this.previousTimeS) / 3600;
      dq = ((i0 + rec.currentA) / 2) * dtH;
      de = ((i0 * v0 + rec.currentA * rec.voltageV) / 2) * dtH;
    }
    const capacityAh = this.capacity!.update(rec.capacityAh, dq, last);
    const energyWh = this.energy!.update(rec.energyWh, de, last);
    // A step of either direction has both counters (only rests have none).
    const charge = step.kind === 'charge';
    const discharge = step.kind === 'discharge';
    this.cycle = plan.fileCycles ? rec.cycle : step.derivedCycle;
    this.capacityAh = capacityAh;
    this.energyWh = energyWh;
    this.totalChargeAh = this.baseChargeAh + (charge ? capacityAh : 0);
    this.totalDischargeAh = this.baseDischargeAh + (discharge ? capacityAh : 0);
    this.totalChargeWh = this.baseChargeWh + (charge ? energyWh : 0);
    this.totalDischargeWh = this.baseDischargeWh + (discharge ? energyWh : 0);
    this.hasPrevious = true;
    this.previousTimeS = rec.timeS;
    this.previousVoltageV = rec.voltageV;
    this.previousCurrentA = rec.currentA;
    this.written++;
  }
}

/**
 * Second pass: read the file again and write every record with its step's columns, to `sink`
 * in blocks of bytes (CSV: a view of one reused block, so the sink must be done with it —
 * written or copied — when its promise resolves). Memory is one chunk of the file and the
 * rows made from it (or one row group), whatever the file's length.
 */
export async function writeTable(path: string, options: OpenOptions, plan: ConversionPlan, to: TargetFormat, sink: (bytes: Uint8Array) => Promise<void>): Promise<number> {
  const emitter = to === 'csv' ? canonicalEmitter(plan) : bdfEmitter(plan);
  const parquet =
    to === 'bdf-parquet'
      ? await ParquetTableWriter.open(emitter.header.map((name, k) => ({ name, type: emitter.types[k]! })), sink, { 'cyclekit.version': VERSION, 'cyclekit.source': plan.header.format })
      : null;
  const csv = parquet ? null : new CsvBlock();
  if (csv) {
    for (const name of emitter.header) csv.text(name);
    csv.endRow();
  }
  const stream = await openRecords(path, options);
  const rows = new RowState(plan, path);
  const out = parquet ?? csv!;
  // Between chunks of rows: the blocks or row groups made from the chunk are written before more is read.
  const between = async (): Promise<void> => {
    if (parquet) await parquet.sent();
    else if (csv!.full) await sink(csv!.take());
  };
  // One record at a time in the reader's reused object: records in batches outlived young-generation
  // collections and went to the old generation (3 MB per collection, 230 MB over 10,000 cycles).
  await eachRecord(
    stream,
    (rec) => {
      rows.advance(rec);
      emitter.row(rec, rows, out);
      out.endRow();
    },
    between,
  );
  if (rows.written !== plan.records) throw new CyclekitError('E_IO', `the file changed while it was being converted (${rows.written} records now, ${plan.records} in the first pass)`, { file: path });
  if (parquet) await parquet.finish();
  else if (csv!.length > 0) await sink(csv!.take());
  return rows.written;
}
