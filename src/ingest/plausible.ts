/**
 * Physical bounds for rows read from text and spreadsheets, as the binary readers apply them
 * (src/ingest/binary/records.ts): no cycler channel sources 100 V or 10 kA, and a counter past
 * a megawatt-hour is damage. A row past them is a bad row (counted; --strict fails) rather
 * than a 1e308 V in a report or an Infinity % downstream.
 */
export const MAX_ABS_VOLTAGE_V = 100;
export const MAX_ABS_CURRENT_A = 10_000;
export const MAX_ABS_CAPACITY_AH = 1e6;
export const MAX_ABS_ENERGY_WH = 1e7;

/** Why the row is not plausible, or null when it is. */
export function implausibleRow(timeS: number, voltageV: number, currentA: number, capacityAh: number | null, energyWh: number | null): string | null {
  if (!Number.isFinite(timeS)) return `time ${timeS} s is not a finite number`;
  if (!(Math.abs(voltageV) <= MAX_ABS_VOLTAGE_V)) return `voltage ${voltageV} V is not plausible (beyond ±${MAX_ABS_VOLTAGE_V} V)`;
  if (!(Math.abs(currentA) <= MAX_ABS_CURRENT_A)) return `current ${currentA} A is not plausible (beyond ±${MAX_ABS_CURRENT_A} A)`;
  if (capacityAh !== null && !(Math.abs(capacityAh) <= MAX_ABS_CAPACITY_AH)) return `capacity ${capacityAh} Ah is not plausible (beyond ±${MAX_ABS_CAPACITY_AH} Ah)`;
  if (energyWh !== null && !(Math.abs(energyWh) <= MAX_ABS_ENERGY_WH)) return `energy ${energyWh} Wh is not plausible (beyond ±${MAX_ABS_ENERGY_WH} Wh)`;
  return null;
}
