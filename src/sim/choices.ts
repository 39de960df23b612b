/**
 * The names `simulate` accepts, apart from the models and writers they select: the command
 * line lists them as option choices, and loading the writers just for that would pull the CSV
 * reader into every start.
 */
export const SIM_MATERIALS = ['he-v', 'nvp', 'hc-he-v', 'hc', 'graphite'] as const;
export type SimMaterial = (typeof SIM_MATERIALS)[number];

export const PROTOCOLS = ['cycling', 'rate', 'long', 'full-cell'] as const;
export type Protocol = (typeof PROTOCOLS)[number];

export const SIM_LAYOUTS = ['canonical', 'neware', 'land'] as const;
export type SimLayout = (typeof SIM_LAYOUTS)[number];
