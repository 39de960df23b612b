import { DEFAULT_RATE_TOLERANCE, snapCRate } from './rate.js';
import type { CycleSummary } from './summary.js';

/**
 * The cycle whose dQ/dV shows the plateaus best: the slowest rate's first complete cycle after
 * cycle 1 (formation). Null when no cycle has both a charge and a discharge.
 */
export function plateauCycle(cycles: CycleSummary[]): number | null {
  const usable = cycles.filter((c) => c.partial !== true && c.dischargeCapacityMAh !== null && c.dischargeCapacityMAh > 0 && c.chargeCapacityMAh !== null && c.chargeCapacityMAh > 0);
  if (usable.length === 0) return null;
  // Slowest by C-rate when every cycle has one; else by discharge current (within the rate tolerance, 10 %: one
  // set point scatters), so a file without a 1C basis still gets its slowest cycle.
  const byRate = usable.every((c) => c.cRate !== null);
  const speeds = usable.map((c) => (byRate ? snapCRate(Math.abs(c.cRate!)) : c.meanDischargeCurrentA === null ? Infinity : Math.abs(c.meanDischargeCurrentA)));
  const slowest = Math.min(...speeds);
  const candidates = usable.filter((_, i) => (byRate || !Number.isFinite(slowest) ? speeds[i] === slowest : speeds[i]! <= slowest * (1 + DEFAULT_RATE_TOLERANCE)));
  return (candidates.length > 1 ? candidates[1]! : candidates[0]!).cycle;
}
