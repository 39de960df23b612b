import type { DqdvPeak } from './dqdv-curve.js';
import { nearestCouple, type RedoxReference } from '../references/load.js';

/** An oxidation peak (charge) paired with a reduction peak (discharge) of the same cycle. */
export interface RedoxCouple {
  cycle: number;
  oxidationV: number;
  reductionV: number;
  /** (E_ox + E_red)/2, V: an estimate of the couple's equilibrium potential. */
  meanVoltageV: number;
  /** E_ox − E_red (anodic − cathodic), V. */
  polarizationV: number;
  /** Name from the reference table when the mean lies within the tolerance; else null. */
  label: string | null;
  referenceV: number | null;
}

export interface CoupleOptions {
  /** Largest E_ox − E_red that still pairs two peaks, V. Default 0.5. */
  maxSeparationV: number;
  /** How far an oxidation peak may sit below its reduction peak (noise on a reversible couple), V. Default 0.02. */
  minPolarizationV: number;
  reference: RedoxReference | null;
  /** How far the mean potential may lie from a reference couple to take its label, V. Default 0.1. */
  labelToleranceV: number;
}

export const COUPLE_DEFAULTS: CoupleOptions = { maxSeparationV: 0.5, minPolarizationV: 0.02, reference: null, labelToleranceV: 0.1 };

/**
 * Pair oxidation and reduction peaks into redox couples. The pairing keeps order — the
 * k-th couple's oxidation peak lies below the (k+1)-th's on both curves, as successive
 * redox steps do — and, among order-keeping pairings, takes the most couples, then the
 * smallest Σ|E_ox − E_red| (dynamic programming, like aligning two sequences). A pair needs
 * −minPolarizationV ≤ E_ox − E_red ≤ maxSeparationV. Polarisation ΔV = E_pa − E_pc grows with
 * current (ohmic and kinetic overpotential); the mean approximates the formal potential.
 * Reference: Bard & Faulkner, Electrochemical Methods, 2nd ed. (2001), §6.5 (peak separation).
 */
export function pairCouples(cycle: number, oxidation: DqdvPeak[], reduction: DqdvPeak[], options: CoupleOptions = COUPLE_DEFAULTS): RedoxCouple[] {
  const ox = [...oxidation].sort((a, b) => a.voltageV - b.voltageV);
  const red = [...reduction].sort((a, b) => a.voltageV - b.voltageV);
  const m = ox.length;
  const n = red.length;
  // best[i][j]: [pairs, cost] using the first i oxidation and first j reduction peaks.
  const best: [number, number][][] = Array.from({ length: m + 1 }, () => Array.from({ length: n + 1 }, () => [0, 0] as [number, number]));
  const better = (a: [number, number], b: [number, number]): boolean => a[0] > b[0] || (a[0] === b[0] && a[1] < b[1]);
  const allowed = (i: number, j: number): boolean => {
    const d = ox[i]!.voltageV - red[j]!.voltageV;
    return d <= options.maxSeparationV && d >= -options.minPolarizationV;
  };
  for (let i = 1; i <= m; i++) {
    for (let j = 1; j <= n; j++) {
      let b = better(best[i - 1]![j]!, best[i]![j - 1]!) ? best[i - 1]![j]! : best[i]![j - 1]!;
      if (allowed(i - 1, j - 1)) {
        const prev = best[i - 1]![j - 1]!;
        const take: [number, number] = [prev[0] + 1, prev[1] + Math.abs(ox[i - 1]!.voltageV - red[j - 1]!.voltageV)];
        if (better(take, b)) b = take;
      }
      best[i]![j] = b;
    }
  }
  const couples: RedoxCouple[] = [];
  let i = m;
  let j = n;
  while (i > 0 && j > 0) {
    const here = best[i]![j]!;
    if (allowed(i - 1, j - 1)) {
      const prev = best[i - 1]![j - 1]!;
      if (here[0] === prev[0] + 1 && Math.abs(here[1] - prev[1] - Math.abs(ox[i - 1]!.voltageV - red[j - 1]!.voltageV)) < 1e-12) {
        couples.push(couple(ox[i - 1]!.voltageV, red[j - 1]!.voltageV));
        i--;
        j--;
        continue;
      }
    }
    const up = best[i - 1]![j]!;
    if (up[0] === here[0] && up[1] === here[1]) i--;
    else j--;
  }
  return couples.reverse();

  function couple(oxV: number, redV: number): RedoxCouple {
    const mean = (oxV + redV) / 2;
    const ref = options.reference ? nearestCouple(options.reference, mean, options.labelToleranceV) : null;
    return { cycle, oxidationV: oxV, reductionV: redV, meanVoltageV: mean, polarizationV: oxV - redV, label: ref?.label ?? null, referenceV: ref?.potentialV ?? null };
  }
}
