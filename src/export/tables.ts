import { CyclekitError } from '../model/errors.js';
import type { CanonicalRecord } from '../model/record.js';
import { CompensatedSum } from '../math/sum.js';
import { CANONICAL_COLUMNS } from '../model/canonical-columns.js';
import { openRecords, type OpenOptions } from '../ingest/open.js';
import type { ConversionPlan, CounterPlan, StepPlan } from './plan.js';
import { ParquetTableWriter, type ParquetColumnType } from './parquet.js';
import type { StreamHeader } from '../model/record.js';
import { VERSION } from '../version.js';

export type TargetFormat = 'bdf' | 'csv' | 'bdf-parquet';

/** Text is handed to the sink in blocks of about this many characters. */
const BLOCK_CHARS = 1 << 20;

/** Shortest round-trip decimal: reading the number back gives the same double. */
function num(x: number | null): string {
  return x === null || !Number.isFinite(x) ? '' : String(x);
}

/** Running value of one counter within a step; the step's last record gets exactly `final`. */
class Running {
  private integral = new CompensatedSum();
  value = 0;
  constructor(private readonly plan: CounterPlan) {}

  update(counter: number | null, increment: number, last: boolean): number | null {
    const p = this.plan;
    if (p.mode === 'none') return null;
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

/** One output row's values; numbers stay numbers until a text or binary writer formats them. */
type Cells = (string | number | null)[];

interface Emitter {
  header: string[];
  /** Parquet type of each column (BDF: doubles, whole-number counters, text step type). */
  types: ParquetColumnType[];
  cells(rec: CanonicalRecord, ctx: RowContext): Cells;
}

interface RowContext {
  stepCount: number;
  step: StepPlan;
  cycle: number | null;
  capacityAh: number | null;
  energyWh: number | null;
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
    cells(rec, c) {
      const charge = c.step.kind === 'charge';
      const discharge = c.step.kind === 'discharge';
      firstTimeS ??= rec.timeS;
      return [
        rec.timeS, rec.voltageV, rec.currentA, c.cycle, c.stepCount,
        ...(plan.fileSteps ? [rec.step] : []),
        c.step.stepType,
        charge ? c.capacityAh : 0, discharge ? c.capacityAh : 0,
        charge ? c.energyWh : 0, discharge ? c.energyWh : 0,
        c.totalChargeAh, c.totalDischargeAh, c.totalChargeWh, c.totalDischargeWh,
        ...(temperature ? [rec.temperatureC] : []),
        ...(unix !== null ? [unix.epochS + rec.timeS - (unix.atFirstRecord ? firstTimeS : 0)] : []),
      ];
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

/**
 * The canonical CSV writes the cycler's step number when the file has one, unless two
 * neighbouring steps would then look alike (same step, cycle and kind) and merge when read
 * back; cyclekit's own step count is written instead, and the caller is told.
 */
export function canonicalStepsFromFile(plan: ConversionPlan): boolean {
  if (!plan.fileSteps) return false;
  const cycleOf = (k: number): number | null => (plan.fileCycles ? plan.steps[k]!.fileCycle : plan.plan[k]!.derivedCycle);
  for (let k = 1; k < plan.steps.length; k++) {
    const a = plan.steps[k - 1]!;
    const b = plan.steps[k]!;
    if (a.fileStep === null || b.fileStep === null) return false;
    if (a.fileStep === b.fileStep && cycleOf(k - 1) === cycleOf(k) && a.kind === b.kind) return false;
  }
  return true;
}

function canonicalEmitter(plan: ConversionPlan): Emitter {
  const fileSteps = canonicalStepsFromFile(plan);
  return {
    header: [...CANONICAL_COLUMNS],
    types: CANONICAL_COLUMNS.map((c) => (c === 'stepKind' ? 'STRING' : c === 'cycle' || c === 'step' ? 'INT32' : 'DOUBLE')),
    cells(rec, c) {
      return [rec.timeS, rec.voltageV, rec.currentA, c.capacityAh, c.energyWh, c.cycle, fileSteps ? rec.step : c.stepCount, c.step.kind, rec.temperatureC];
    },
  };
}

/** Cells as one CSV line: shortest round-trip decimals, empty for absent or non-finite values. */
function csvLine(cells: Cells): string {
  return cells.map((v) => (typeof v === 'number' ? num(v) : v ?? '')).join(',');
}

/** Where the second pass puts its rows: text blocks for CSV, row groups for Parquet. */
export interface TableSink {
  text?: (text: string) => Promise<void>;
  bytes?: (bytes: Uint8Array) => Promise<void>;
}

/**
 * Second pass: read the file again and write every record with its step's columns.
 * Memory is one batch of records plus one block of text, whatever the file's length.
 */
export async function writeTable(path: string, options: OpenOptions, plan: ConversionPlan, to: TargetFormat, sink: (chunk: string | Uint8Array) => Promise<void>): Promise<number> {
  const emitter = to === 'csv' ? canonicalEmitter(plan) : bdfEmitter(plan);
  const parquet =
    to === 'bdf-parquet'
      ? await ParquetTableWriter.open(emitter.header.map((name, k) => ({ name, type: emitter.types[k]! })), sink, { 'cyclekit.version': VERSION, 'cyclekit.source': plan.header.format })
      : null;
  const stream = await openRecords(path, options);
  let block = parquet ? '' : emitter.header.join(',') + '\n';
  let stepIndex = -1;
  let left = 0;
  let capacity: Running | null = null;
  let energy: Running | null = null;
  // Plain sums, each step's base being exactly the last value printed for the previous one, so the
  // cumulative columns never step down (the BDF validator checks it); a few thousand terms lose nothing.
  let base = { chargeAh: 0, dischargeAh: 0, chargeWh: 0, dischargeWh: 0 };
  let prev: CanonicalRecord | null = null;
  let written = 0;
  for await (const batch of stream.batches) {
    for (const rec of batch) {
      if (left === 0) {
        // Close the finished step into the running totals, then open the next one.
        stepIndex++;
        const step = plan.plan[stepIndex];
        if (!step) throw new CyclekitError('E_IO', 'the file changed while it was being converted (more records than in the first pass)', { file: path });
        if (capacity && energy) {
          const previous = plan.plan[stepIndex - 1]!;
          if (previous.kind === 'charge') base = { ...base, chargeAh: base.chargeAh + capacity.value, chargeWh: base.chargeWh + energy.value };
          if (previous.kind === 'discharge') base = { ...base, dischargeAh: base.dischargeAh + capacity.value, dischargeWh: base.dischargeWh + energy.value };
        }
        left = step.records;
        capacity = new Running(step.capacity);
        energy = new Running(step.energy);
      }
      const step = plan.plan[stepIndex]!;
      left--;
      const last = left === 0;
      // Same trapezoid as the segmenter: a step's first sample integrates its own current back to the previous sample.
      let dq = 0;
      let de = 0;
      if (prev !== null) {
        const first = left === step.records - 1;
        const i0 = first ? rec.currentA : prev.currentA;
        const v0 = first ? rec.voltageV : prev.voltageV;
        const dtH = (rec.timeS - prev.timeS) / 3600;
        dq = ((i0 + rec.currentA) / 2) * dtH;
        de = ((i0 * v0 + rec.currentA * rec.voltageV) / 2) * dtH;
      }
      const capacityAh = capacity!.update(rec.capacityAh, dq, last);
      const energyWh = energy!.update(rec.energyWh, de, last);
      const charge = step.kind === 'charge';
      const discharge = step.kind === 'discharge';
      const cells = emitter.cells(rec, {
          stepCount: stepIndex + 1,
          step,
          cycle: plan.fileCycles ? rec.cycle : step.derivedCycle,
          capacityAh,
          energyWh,
          totalChargeAh: base.chargeAh + (charge ? capacityAh ?? 0 : 0),
          totalDischargeAh: base.dischargeAh + (discharge ? capacityAh ?? 0 : 0),
          totalChargeWh: base.chargeWh + (charge ? energyWh ?? 0 : 0),
          totalDischargeWh: base.dischargeWh + (discharge ? energyWh ?? 0 : 0),
        });
      if (parquet) await parquet.append(cells);
      else block += csvLine(cells) + '\n';
      prev = rec;
      written++;
      if (block.length >= BLOCK_CHARS) {
        await sink(block);
        block = '';
      }
    }
  }
  if (written !== plan.records) throw new CyclekitError('E_IO', `the file changed while it was being converted (${written} records now, ${plan.records} in the first pass)`, { file: path });
  if (parquet) await parquet.finish();
  else if (block.length > 0) await sink(block);
  return written;
}
