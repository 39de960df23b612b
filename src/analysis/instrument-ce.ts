import type { InstrumentCycles } from '../model/record.js';
import type { CycleRuleName } from '../segment/cycles.js';
import type { CeMode, CycleSummary } from './summary.js';

/** cyclekit's CE and the cycler's may differ by this much (a fraction: 0.1 point) before a warning. */
const INSTRUMENT_CE_TOLERANCE = 0.001;

export interface InstrumentCeCycle {
  cycle: number;
  /** The cycler's own capacities, mAh (null where it gives none). */
  instrumentChargeCapacityMAh: number | null;
  instrumentDischargeCapacityMAh: number | null;
  /** The cycler's CE (a fraction): its CE column, else the ratio of its capacities in cyclekit's convention. */
  instrumentCoulombicEfficiency: number | null;
  instrumentCeBasis: 'CE column' | 'CE column, inverted' | 'capacities' | null;
  /** cyclekit's CE of the same cycle number. */
  coulombicEfficiency: number | null;
  /** cyclekit − cycler, percentage points; null when either is missing or not compared. */
  differencePoints: number | null;
}

export interface InstrumentCeComparison {
  /** Where in the file the cycler's figures are. */
  source: string;
  tolerancePoints: number;
  /** False when cyclekit numbered the cycles itself, so its cycle N is not the cycler's. */
  compared: boolean;
  /** Why not compared; null when compared. */
  notComparedReason: string | null;
  cycles: InstrumentCeCycle[];
  /** Cycle numbers where the two differ by more than the tolerance. */
  disagreeing: number[];
}

/**
 * The cycler's own per-cycle figures beside cyclekit's, cycle by cycle (same cycle number, so
 * only under the `file` cycle rule). The cycler's CE is its CE column when it has one (LAND
 * `Efficiency/%`, EC-Lab `Efficiency/%`; a column of fixed convention — EC-Lab's is always
 * Q discharge / Q charge — is inverted when cyclekit's convention is the other), else the ratio
 * of its own per-cycle capacities in cyclekit's convention (`ce`): a disagreement then means the
 * capacities differ.
 */
export function compareWithInstrument(instrument: InstrumentCycles, summaries: readonly CycleSummary[], ce: CeMode, rule: CycleRuleName): InstrumentCeComparison {
  const compared = rule === 'file';
  const byNumber = new Map(summaries.map((s) => [s.cycle, s]));
  const mah = (ah: number | null): number | null => (ah === null ? null : ah * 1000);
  const cycles = instrument.cycles.map((i): InstrumentCeCycle => {
    const fromCapacities =
      i.chargeCapacityAh !== null && i.dischargeCapacityAh !== null && i.chargeCapacityAh > 0 && i.dischargeCapacityAh > 0
        ? ce === 'discharge-over-charge'
          ? i.dischargeCapacityAh / i.chargeCapacityAh
          : i.chargeCapacityAh / i.dischargeCapacityAh
        : null;
    // A CE column of a fixed convention is turned into cyclekit's (EC-Lab's Q dis/Q chg of an anode).
    const column = i.coulombicEfficiency === null ? null : instrument.ceConvention !== null && instrument.ceConvention !== ce ? 1 / i.coulombicEfficiency : i.coulombicEfficiency;
    const instrumentCe = column ?? fromCapacities;
    const mine = compared ? (byNumber.get(i.cycle)?.coulombicEfficiency ?? null) : null;
    return {
      cycle: i.cycle,
      instrumentChargeCapacityMAh: mah(i.chargeCapacityAh),
      instrumentDischargeCapacityMAh: mah(i.dischargeCapacityAh),
      instrumentCoulombicEfficiency: instrumentCe,
      instrumentCeBasis: column !== null ? (column === i.coulombicEfficiency ? 'CE column' : 'CE column, inverted') : fromCapacities !== null ? 'capacities' : null,
      coulombicEfficiency: mine,
      differencePoints: mine !== null && instrumentCe !== null ? (mine - instrumentCe) * 100 : null,
    };
  });
  return {
    source: instrument.source,
    tolerancePoints: INSTRUMENT_CE_TOLERANCE * 100,
    compared,
    notComparedReason: compared ? null : `cyclekit numbered the cycles itself (${rule}), so its cycle numbers are not the cycler's`,
    cycles,
    disagreeing: cycles.filter((c) => c.differencePoints !== null && Math.abs(c.differencePoints) > INSTRUMENT_CE_TOLERANCE * 100 + 1e-9).map((c) => c.cycle),
  };
}

/** One warning naming both figures of the first disagreeing cycles, or null when they agree. */
export function instrumentCeWarning(c: InstrumentCeComparison, ce: CeMode): string | null {
  if (c.disagreeing.length === 0) return null;
  const shown = c.cycles.filter((x) => c.disagreeing.includes(x.cycle)).slice(0, 3);
  const pct = (v: number): string => `${(v * 100).toFixed(2)} %`;
  const list = shown.map((x) => `cycle ${x.cycle}: the file's ${pct(x.instrumentCoulombicEfficiency!)}${x.instrumentCeBasis === 'capacities' ? ' (from its capacities)' : x.instrumentCeBasis === 'CE column, inverted' ? ' (its column inverted)' : ''}, cyclekit's ${pct(x.coulombicEfficiency!)}`).join('; ');
  const more = c.disagreeing.length > shown.length ? `; ${c.disagreeing.length - shown.length} more` : '';
  const compared = c.cycles.filter((x) => x.differencePoints !== null).length;
  // The other convention agreeing means the cell type or --ce is wrong; else the two count capacity differently.
  const inverted = shown.every((x) => Math.abs(1 / x.instrumentCoulombicEfficiency! - x.coulombicEfficiency!) <= INSTRUMENT_CE_TOLERANCE);
  const hint = inverted ? 'the other convention agrees: check --cell-type or --ce' : "the two count the cycle's capacity differently (rest, EIS or CV steps inside the cycle?): the table gives cyclekit's, JSON instrumentCycles the file's";
  return `the file's own CE (${c.source}) and cyclekit's (${ce}) differ by more than ${c.tolerancePoints} point in ${c.disagreeing.length} of ${compared} cycle(s): ${list}${more}; ${hint}`;
}
