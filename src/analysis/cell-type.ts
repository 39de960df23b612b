import type { CellType } from '../ingest/sidecar.js';
import type { Step } from '../segment/steps.js';

/** What the data says about the cell, kept for `inspect`, `report` and the JSON. */
export interface CellTypeEvidence {
  /** Lowest and highest voltage over charge and discharge steps, V. */
  minVoltageV: number | null;
  maxVoltageV: number | null;
  /** Σ|∫V·I dt| / Σ|∫I dt| over charge and discharge steps, V (sign kept). */
  meanVoltageV: number | null;
  /** Direction of the first charge or discharge step, and its first voltage. */
  firstDirection: 'charge' | 'discharge' | null;
  firstVoltageV: number | null;
  /** The largest single charge or discharge step, mAh. */
  largestStepMAh: number | null;
}

export interface CellTypeDecision {
  cellType: CellType;
  /** `--cell-type`, `sidecar <path>`, or `inferred from the data` / `assumed (…)`. */
  source: string;
  /** One sentence: why this type. */
  reason: string;
  evidence: CellTypeEvidence;
}

/**
 * Below this capacity-weighted mean voltage the working electrode is an anode measured against
 * Li or Na metal: graphite, Si and hard carbon work at 0.05–0.5 V, Li4Ti5O12 at 1.55 V; every
 * cathode of a Li or Na cell works above 2 V, and so do full cells of those chemistries.
 */
export const HALF_ANODE_MEAN_V = 1.5;
/**
 * A half cell against a metal counter electrode is a coin or Swagelok cell of a few mAh; a
 * single step passing more than this is a commercial-size cell, tested as a full cell.
 */
export const FULL_CELL_STEP_MAH = 15;

export function cellTypeEvidence(steps: readonly Step[]): CellTypeEvidence {
  let min = Infinity;
  let max = -Infinity;
  let ah = 0;
  let wh = 0;
  let largest = 0;
  let first: Step | null = null;
  for (const s of steps) {
    if (s.kind !== 'charge' && s.kind !== 'discharge') continue;
    first ??= s;
    min = Math.min(min, s.minVoltageV);
    max = Math.max(max, s.maxVoltageV);
    const q = s.fileCapacityAh ?? Math.abs(s.integratedAh);
    ah += Math.abs(s.integratedAh);
    // ∫V·I dt carries the current's sign; flipping it by the current's sign keeps the voltage's.
    wh += Math.sign(s.integratedAh) * s.integratedWh;
    largest = Math.max(largest, q);
  }
  return {
    minVoltageV: first ? min : null,
    maxVoltageV: first ? max : null,
    meanVoltageV: ah > 0 && Number.isFinite(wh) ? wh / ah : null,
    firstDirection: first ? (first.kind as 'charge' | 'discharge') : null,
    firstVoltageV: first ? first.firstVoltageV : null,
    largestStepMAh: first ? largest * 1000 : null,
  };
}

/**
 * The cell type, by precedence: `--cell-type`, then the sidecar, then the data:
 * - half-anode: the mean working voltage is below 1.5 V and never negative (an anode vs Li/Na,
 *   lithiated or sodiated on discharge);
 * - full: a single step passes more than 15 mAh (a pouch or commercial cell);
 * - half-cathode otherwise (a lab cell working above 1.5 V), which was cyclekit's assumption
 *   before it read the data. A negative mean voltage decides nothing and is said so.
 */
export function decideCellType(steps: readonly Step[], flag: CellType | null, sidecar: { cellType?: CellType; source: string } | null): CellTypeDecision {
  const evidence = cellTypeEvidence(steps);
  if (flag !== null) return { cellType: flag, source: '--cell-type', reason: 'given with --cell-type', evidence };
  if (sidecar?.cellType) return { cellType: sidecar.cellType, source: `sidecar ${sidecar.source}`, reason: `cellType in ${sidecar.source}`, evidence };
  const meanV = evidence.meanVoltageV;
  const span = evidence.minVoltageV !== null ? `${evidence.minVoltageV.toFixed(3)}–${evidence.maxVoltageV!.toFixed(3)} V` : 'no charge or discharge';
  const opening = evidence.firstDirection ? `, opens with a ${evidence.firstDirection} from ${evidence.firstVoltageV!.toFixed(3)} V` : '';
  if (meanV === null) return { cellType: 'half-cathode', source: 'assumed (no charge or discharge to judge)', reason: 'no charge or discharge steps: taken as a half cell (half-cathode)', evidence };
  const facts = `mean working voltage ${meanV.toFixed(3)} V over ${span}${opening}`;
  if (meanV < 0) return { cellType: 'half-cathode', source: 'assumed (negative voltage)', reason: `${facts}: a negative cell voltage tells no cell type (leads swapped?); taken as a half cell (half-cathode)`, evidence };
  if (meanV < HALF_ANODE_MEAN_V && (evidence.minVoltageV ?? 0) > -0.05) {
    return { cellType: 'half-anode', source: 'inferred from the data', reason: `${facts}: below ${HALF_ANODE_MEAN_V} V, an anode vs Li/Na (lithiation on discharge)`, evidence };
  }
  if ((evidence.largestStepMAh ?? 0) > FULL_CELL_STEP_MAH) {
    return { cellType: 'full', source: 'inferred from the data', reason: `${facts}; one step passes ${evidence.largestStepMAh!.toPrecision(4)} mAh, more than a ${FULL_CELL_STEP_MAH} mAh lab half cell: a full cell`, evidence };
  }
  return { cellType: 'half-cathode', source: 'inferred from the data', reason: `${facts}: above ${HALF_ANODE_MEAN_V} V in a cell of at most ${FULL_CELL_STEP_MAH} mAh, a cathode vs Li/Na`, evidence };
}
