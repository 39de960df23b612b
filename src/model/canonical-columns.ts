import type { CanonicalRecord } from './record.js';

/**
 * Columns of cyclekit's own canonical CSV, in order: the canonical record's fields as
 * `convert --to csv` and `simulate --layout canonical` write them and the `cyclekit-csv`
 * reader recognises them. Defined here, below both, so the simulator need not borrow a reader.
 */
export const CANONICAL_COLUMNS = ['timeS', 'voltageV', 'currentA', 'capacityAh', 'energyWh', 'cycle', 'step', 'stepKind', 'temperatureC'] as const satisfies readonly (keyof CanonicalRecord)[];
