/**
 * The canonical record: one sample of a cycler export, in SI-style units.
 *
 * Sign convention: `currentA > 0` charges the cell, i.e. in a half cell it extracts
 * Na⁺/Li⁺ from the working electrode (cathode delithiation/desodiation). Readers
 * translate every vendor convention into this one; nothing downstream flips signs.
 */
export type StepKind = 'charge' | 'discharge' | 'rest' | 'other';

export interface CanonicalRecord {
  /** 1-based line in the source text (row index for binary files). */
  line: number;
  /** Test time since the start of the file, seconds. */
  timeS: number;
  voltageV: number;
  /** Positive = charge. */
  currentA: number;
  /**
   * The file's own capacity counter, in Ah, as a magnitude for the direction of the
   * current step (or signed net when the stream header says `capacityCounter: 'net'`).
   * When it resets is described by `StreamHeader.capacityCounter`. null when absent.
   */
  capacityAh: number | null;
  /** Same semantics as capacityAh, in Wh. */
  energyWh: number | null;
  /** Cycle number as the cycler wrote it; null when the file has none. */
  cycle: number | null;
  /** Step number as the cycler wrote it; null when the file has none. */
  step: number | null;
  /** Step kind from the file's state column; null lets segmentation infer it from current. */
  stepKind: StepKind | null;
  temperatureC: number | null;
}

/** When the file's capacity/energy counters return to zero. */
export type CounterReset = 'step' | 'cycle' | 'test' | 'net';

export interface ColumnMapping {
  source: string;
  field: string;
  unit: string;
  scale: number;
}

export interface FileMetadata {
  activeMassG?: number;
  startTime?: string;
  channel?: string;
  cellName?: string;
  [key: string]: string | number | undefined;
}

/**
 * One cycle as the cycler's own software reports it (a cycle sheet, a statistics table, or its
 * per-row cycle counters): what cyclekit's figures are cross-checked against. Null where the
 * file does not give that figure.
 */
export interface InstrumentCycle {
  /** The cycler's cycle number, as written. */
  cycle: number;
  chargeCapacityAh: number | null;
  dischargeCapacityAh: number | null;
  /** The cycler's Coulombic efficiency, a fraction (its own convention: see `InstrumentCycles.ceConvention`). */
  coulombicEfficiency: number | null;
}

/** The cycler's per-cycle figures and where they were read. */
export interface InstrumentCycles {
  /** Where in the file, e.g. "Cycle-Tab (CapC/mAh, CapD/mAh, Efficiency/%)". */
  source: string;
  /**
   * Which ratio the cycler's CE column is, when fixed by its software (EC-Lab: always
   * Q discharge / Q charge); null when it follows the cycler's set-up (LAND) or there is none.
   */
  ceConvention: 'discharge-over-charge' | 'charge-over-discharge' | null;
  cycles: InstrumentCycle[];
}

/** What a reader learned about a file before its records: the basis of `inspect`. */
export interface StreamHeader {
  format: string;
  formatReason: string;
  encoding: string;
  delimiter: string | null;
  decimalMark: '.' | ',' | null;
  columns: ColumnMapping[];
  capacityCounter: CounterReset | null;
  currentSign: string;
  metadata: FileMetadata;
  warnings: string[];
  /** How the reader numbered cycles when the file stores none of its own (said in `cycleRule`). */
  cycleNumbering?: string;
  /**
   * The file is a per-cycle table (one row per cycle), not a time series: the reader's records
   * are synthetic, so time, current and voltage curves (durations, C-rates, dQ/dV, windows) mean
   * nothing, while capacities, energies and their ratios are the table's own.
   */
  perCycleTable?: boolean;
  /** The cycler's own per-cycle capacities and CE, when the file carries them (format-neutral). */
  instrumentCycles?: InstrumentCycles;
}

export function emptyRecord(line: number): CanonicalRecord {
  return {
    line,
    timeS: Number.NaN,
    voltageV: Number.NaN,
    currentA: Number.NaN,
    capacityAh: null,
    energyWh: null,
    cycle: null,
    step: null,
    stepKind: null,
    temperatureC: null,
  };
}
