import { describe, expect, it } from 'vitest';
import { energyDensity } from '../../src/analysis/energy.js';
import { cycleSummary } from './retention-helpers.js';

const opts = { basis: 'cathode' as const, cathodeMassG: 0.002, anodeMassG: null, inactiveFraction: 0.2, densityGCm3: null, electrodeVolumeCm3: null, anodeCapacityMAhG: null, cathodeCapacityMAhG: null };

describe('energyDensity', () => {
  // 170.8 mAh/g × 2.845 V on 2 mg of cathode: the paper's full cell, 485.9 Wh/kg
  const cycles = [cycleSummary(1, 0.3416, { dischargeEnergyMWh: 0.3416 * 2.845, meanDischargeVoltageV: 2.845, chargeCapacityMAh: 0.36 })];

  it('cathode basis reproduces E/m', () => {
    const r = energyDensity(cycles, opts);
    expect(r.initial!.dischargeEnergyDensityWhKg).toBeCloseTo(170.8 * 2.845, 6);
    expect(r.initial!.dischargeSpecificCapacityMAhG).toBeCloseTo(170.8, 9);
    expect(r.npRatio).toBeNull();
  });

  it('active and electrode bases divide by the larger masses', () => {
    expect(energyDensity(cycles, { ...opts, basis: 'active', anodeMassG: 0.0012 }).initial!.dischargeEnergyDensityWhKg).toBeCloseTo((0.3416 * 2.845) / 0.0032, 6);
    expect(energyDensity(cycles, { ...opts, basis: 'electrode' }).initial!.dischargeEnergyDensityWhKg).toBeCloseTo(170.8 * 2.845 * 0.8, 6);
    // The analysis names its option fields; the CLI renames them to flags (test/cli/flag-names.test.ts).
    expect(() => energyDensity(cycles, { ...opts, basis: 'active' })).toThrow('basis active needs the anode active mass: pass anodeMassG (e.g. anodeMassG 1.6mg) or add anodeMassMg to cell.yaml');
  });

  it('volumetric from density or volume; N/P from the anode capacity', () => {
    expect(energyDensity(cycles, { ...opts, densityGCm3: 2 }).initial!.dischargeEnergyDensityWhL).toBeCloseTo(170.8 * 2.845 * 2, 6);
    expect(energyDensity(cycles, { ...opts, electrodeVolumeCm3: 0.001 }).initial!.dischargeEnergyDensityWhL).toBeCloseTo(0.3416 * 2.845 / 0.001, 6);
    const r = energyDensity(cycles, { ...opts, anodeMassG: 0.0013, anodeCapacityMAhG: 300 });
    expect(r.npRatio).toBeCloseTo((0.0013 * 300) / 0.3416, 10);
    expect(energyDensity(cycles, { ...opts, anodeMassG: 0.0013, anodeCapacityMAhG: 300, cathodeCapacityMAhG: 170 }).npRatio).toBeCloseTo(0.39 / 0.34, 10);
  });
});
