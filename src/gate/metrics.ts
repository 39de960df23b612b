import type { CycleSummary } from '../analysis/summary.js';
import type { Quantity } from './quantity.js';

/** The numeric per-cycle keys of `summary`: every one of them can be checked. */
export type CycleMetric = { [K in keyof CycleSummary]-?: CycleSummary[K] extends number | null ? (K extends 'cycle' ? never : K) : never }[keyof CycleSummary];

/**
 * Unit of each per-cycle key. A `Record` over the keys, so adding a numeric key to
 * CycleSummary without saying its quantity here fails to compile.
 */
export const CYCLE_METRICS: Record<CycleMetric, Quantity> = {
  chargeCapacityMAh: 'capacity',
  dischargeCapacityMAh: 'capacity',
  chargeSpecificCapacityMAhG: 'specificCapacity',
  dischargeSpecificCapacityMAhG: 'specificCapacity',
  coulombicEfficiency: 'fraction',
  chargeEnergyMWh: 'energy',
  dischargeEnergyMWh: 'energy',
  chargeSpecificEnergyWhKg: 'specificEnergy',
  dischargeSpecificEnergyWhKg: 'specificEnergy',
  meanChargeVoltageV: 'voltage',
  meanDischargeVoltageV: 'voltage',
  voltageHysteresisV: 'voltage',
  durationS: 'time',
  meanChargeCurrentA: 'current',
  meanDischargeCurrentA: 'current',
  chargeCRate: 'cRate',
  dischargeCRate: 'cRate',
  cRate: 'cRate',
  minVoltageV: 'voltage',
  maxVoltageV: 'voltage',
  records: 'count',
};

/** Rule kinds beyond the per-cycle keys, by the `metric:` name that selects them. */
export const SPECIAL_METRICS = {
  retention: 'retention',
  cycleCount: 'cycleCount',
  dqdvPeak: 'dqdvPeak',
  polarizationV: 'polarization',
  maxPolarizationV: 'polarization',
  monotonicTime: 'monotonicTime',
  maxGapS: 'maxGap',
  currentA: 'recordRange',
  voltageV: 'recordRange',
  badRows: 'badRows',
} as const;

export type SpecialMetric = keyof typeof SPECIAL_METRICS;

export function isCycleMetric(name: string): name is CycleMetric {
  return Object.hasOwn(CYCLE_METRICS, name);
}

export function isSpecialMetric(name: string): name is SpecialMetric {
  return Object.hasOwn(SPECIAL_METRICS, name);
}

export const ALL_METRICS: string[] = [...Object.keys(CYCLE_METRICS), ...Object.keys(SPECIAL_METRICS)];

/** The closest known name, for "did you mean" in messages; null when nothing is close. */
export function closest(name: string, candidates: readonly string[]): string | null {
  let best: string | null = null;
  let bestD = Infinity;
  const a = name.toLowerCase();
  for (const c of candidates) {
    const d = editDistance(a, c.toLowerCase());
    if (d < bestD) [best, bestD] = [c, d];
  }
  return best !== null && bestD <= Math.max(2, Math.floor(name.length / 4)) ? best : null;
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = row;
  }
  return prev[b.length]!;
}
