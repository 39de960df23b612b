import type { Command } from 'commander';
import type { EnergyFileResult } from '../../pipeline/energy.js';
import type { EnergyFlags } from '../flags/energy.js';
import { registerPerFileCommand } from '../per-file.js';
import type { RunContext } from '../context.js';
import { ENERGY_FLAG_DEFAULTS } from '../flag-defaults.js';

/** `cyclekit energy`: energy density on a chosen mass basis (src/pipeline/energy.ts, src/report/energy.ts). */
export function defineEnergy(program: Command, ctx: RunContext): void {
  registerPerFileCommand<EnergyFlags, EnergyFileResult>(program, ctx, {
    name: 'energy',
    examples: ['cyclekit energy fixtures/he-v/hc-he-v-full-0.2C.csv --anode-capacity 300'],
    description: 'discharge energy density (Wh/kg, Wh/L) on a chosen mass basis, mean discharge voltage, N/P ratio',
    options: (cmd) =>
      cmd
        .option('--anode-mass <mass>', 'anode active mass for a full cell (default: anodeMassMg in cell.yaml)')
        .option('--basis <basis>', 'mass basis: cathode (active), active (cathode + anode active), electrode (active / (1 − inactive fraction))', ENERGY_FLAG_DEFAULTS.basis)
        .option('--inactive-fraction <f>', 'binder + carbon mass fraction for --basis electrode', ENERGY_FLAG_DEFAULTS.inactiveFraction)
        .option('--density <g/cm3>', 'density of the basis mass, for volumetric Wh/L')
        .option('--electrode-volume <cm3>', 'electrode volume, for volumetric Wh/L')
        .option('--anode-capacity <mAh/g>', 'anode reversible specific capacity, for the N/P ratio')
        .option('--cathode-capacity <mAh/g>', 'cathode reversible specific capacity for N/P (default: the largest measured discharge)'),
    prepare: async (flags) => {
      const [{ WORK }, { energyEmitters }] = await Promise.all([import('../work-registry.js'), import('../../report/energy.js')]);
      return { work: await WORK.energy(flags), emit: energyEmitters };
    },
  });
}
