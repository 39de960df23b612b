import { describe, expect, it } from 'vitest';
import { DQDV_ANALYSIS_DEFAULTS } from '../../src/analysis/dqdv.js';
import { ENERGY_DEFAULTS } from '../../src/analysis/energy.js';
import { DEFAULT_RATE_TOLERANCE } from '../../src/analysis/rate.js';
import { RETENTION_DEFAULTS } from '../../src/analysis/retention.js';
import { settingsFrom } from '../../src/cli/flags/dqdv.js';
import { energyFlagOptions, type EnergyFlags } from '../../src/cli/flags/energy.js';
import { parseFraction } from '../../src/cli/flags/numbers.js';
import { retentionOptionsFrom, type RetentionFlags } from '../../src/cli/flags/retention.js';
import { DQDV_FLAG_DEFAULTS, ENERGY_FLAG_DEFAULTS, RATE_FLAG_DEFAULTS, RETENTION_FLAG_DEFAULTS } from '../../src/cli/flag-defaults.js';
import { INPUT_FLAG_DEFAULTS } from '../../src/cli/options.js';
import { DEFAULT_REST_CURRENT_A } from '../../src/segment/steps.js';
import { cli } from '../helpers/cli.js';

/**
 * Each analysis default is defined once, in the analysis; the CLI's flag defaults are written
 * from it. Read back by the CLI's own parsers they must give the analysis defaults exactly, so
 * a command, `report`, `check` and the library run an analysis the same way.
 */
describe('flag defaults are the analyses’ defaults', () => {
  it('dQ/dV: dqdv’s flags, parsed, are what check, compare, peaks and index use', () => {
    const s = settingsFrom({ ...DQDV_FLAG_DEFAULTS, cycle: 'all', direction: 'both', chart: false } as unknown as Parameters<typeof settingsFrom>[0]);
    expect({ dqdv: s.dqdv, peaks: s.peaks, couples: s.couples }).toEqual(DQDV_ANALYSIS_DEFAULTS);
    expect(DQDV_FLAG_DEFAULTS).toEqual({ method: 'interp-sg', stepMv: '5', monotone: 'isotonic', minProminence: '5%', labelTolerance: '0.1', maxPolarization: '0.5' });
  });

  it('retention, rate, energy and loading', () => {
    const { segmentEnds, ...rest } = RETENTION_DEFAULTS;
    expect(segmentEnds).toEqual([]);
    expect(retentionOptionsFrom(RETENTION_FLAG_DEFAULTS as RetentionFlags)).toEqual(rest);
    expect(parseFraction(RATE_FLAG_DEFAULTS.rateTolerance, '--rate-tolerance')).toBe(DEFAULT_RATE_TOLERANCE);
    expect(energyFlagOptions(ENERGY_FLAG_DEFAULTS as EnergyFlags)).toEqual(ENERGY_DEFAULTS);
    expect(Number(INPUT_FLAG_DEFAULTS.restCurrent)).toBe(DEFAULT_REST_CURRENT_A);
  });

  it('--help shows them as before', () => {
    // Commander wraps help to the terminal: compare with runs of white space made one.
    const help = (command: string): string => cli([command, '--help']).stdout.replace(/\s+/g, ' ');
    expect(help('retention')).toContain('--threshold <pct> retention threshold for cycles-to-threshold (default: "80%")');
    expect(help('rate')).toContain('is reported as it (default: "10%")');
    expect(help('energy')).toContain('for --basis electrode (default: "0.2")');
    expect(help('dqdv')).toContain('--step-mv <mV> voltage grid step / bin width in mV (default: "5")');
  });
});
