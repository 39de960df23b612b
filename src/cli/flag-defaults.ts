import { DQDV_ANALYSIS_DEFAULTS } from '../analysis/dqdv.js';
import { DVDQ_DEFAULTS } from '../analysis/dvdq.js';
import { ENERGY_DEFAULTS } from '../analysis/energy.js';
import { DEFAULT_RATE_TOLERANCE } from '../analysis/rate.js';
import { RETENTION_DEFAULTS } from '../analysis/retention.js';

/** A fraction as a percentage flag value: 0.8 → '80%'. */
const percentText = (fraction: number): string => `${Number((fraction * 100).toPrecision(12))}%`;

/**
 * The analysis commands' flag defaults, as commander hands them over, written from the
 * analyses' own defaults (each defined once, where the analysis lives): a command, `report` and
 * `plot` that run an analysis with its defaults cannot drift apart. Kept out of options.ts,
 * which every command loads, so that the analyses behind them (dQ/dV with its peaks, couples
 * and reference data, dV/dQ, retention…) load only with the commands that run them: `summary`
 * starts ~15 ms sooner.
 */
const dqdvDefaults = DQDV_ANALYSIS_DEFAULTS;
const prominence = dqdvDefaults.peaks.minProminence;
export const DQDV_FLAG_DEFAULTS = {
  method: dqdvDefaults.dqdv.method,
  stepMv: String(dqdvDefaults.dqdv.stepV * 1000),
  monotone: dqdvDefaults.dqdv.monotone,
  minProminence: prominence.kind === 'relative' ? percentText(prominence.fraction) : String(prominence.mAhPerV),
  labelTolerance: String(dqdvDefaults.couples.labelToleranceV),
  maxPolarization: String(dqdvDefaults.couples.maxSeparationV),
};

export const DVDQ_FLAG_DEFAULTS = { points: String(DVDQ_DEFAULTS.points), window: String(DVDQ_DEFAULTS.window), poly: String(DVDQ_DEFAULTS.polynomial) };

export const RETENTION_FLAG_DEFAULTS = {
  skipFormation: String(RETENTION_DEFAULTS.skipFormation),
  threshold: percentText(RETENTION_DEFAULTS.threshold),
  boundaryWindow: String(RETENTION_DEFAULTS.boundaryWindow),
};

export const RATE_FLAG_DEFAULTS = { rateTolerance: percentText(DEFAULT_RATE_TOLERANCE) };

export const ENERGY_FLAG_DEFAULTS = { basis: ENERGY_DEFAULTS.basis, inactiveFraction: String(ENERGY_DEFAULTS.inactiveFraction) };

