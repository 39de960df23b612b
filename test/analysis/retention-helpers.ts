import type { CycleSummary } from '../../src/analysis/summary.js';

/** A synthetic per-cycle summary: only what retention/rate/energy read is meaningful. */
export function cycleSummary(cycle: number, dischargeMAh: number | null, over: Partial<CycleSummary> = {}): CycleSummary {
  const massG = 0.001;
  const chargeMAh = dischargeMAh === null ? 1 : dischargeMAh / 0.999;
  return {
    cycle,
    partial: false,
    chargeCapacityMAh: chargeMAh,
    dischargeCapacityMAh: dischargeMAh,
    chargeSpecificCapacityMAhG: chargeMAh / massG,
    dischargeSpecificCapacityMAhG: dischargeMAh === null ? null : dischargeMAh / massG,
    coulombicEfficiency: dischargeMAh === null ? null : 0.999,
    chargeEnergyMWh: chargeMAh * 3.5,
    dischargeEnergyMWh: dischargeMAh === null ? null : dischargeMAh * 3.3,
    chargeSpecificEnergyWhKg: null,
    dischargeSpecificEnergyWhKg: null,
    meanChargeVoltageV: 3.5,
    meanDischargeVoltageV: dischargeMAh === null ? null : 3.3,
    voltageHysteresisV: 0.2,
    durationS: 3600,
    meanChargeCurrentA: 1e-4,
    meanDischargeCurrentA: dischargeMAh === null ? null : -1e-4,
    chargeCRate: 1,
    dischargeCRate: 1,
    cRate: 1,
    capacitySource: 'integrated',
    minVoltageV: 2,
    maxVoltageV: 4,
    records: 100,
    ...over,
  };
}
