import { statSync } from 'node:fs';
import { CyclekitError } from '../model/errors.js';
import { writeAtomically } from '../util/atomic-write.js';
import type { SimMaterial } from './choices.js';
import type { FadeAnchor } from './fade.js';
import { planRecords, type SimulationPlan, type SimulationRequest } from './plan.js';
import { sidecarYaml } from './sidecar.js';
import { streamRowsInTurns } from './writer.js';

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/**
 * Write a planned simulation to `out` and, with `command` (the command line recorded in it), its
 * sidecar `out.cell.yaml`, each whole or not at all. Returns the number of records written.
 */
export async function writeSimulation(plan: SimulationPlan, request: SimulationRequest, out: string, command: string | null): Promise<number> {
  // Both files are checked before either is written: a sidecar that cannot be written must not leave the data file behind.
  for (const target of command !== null ? [out, `${out}.cell.yaml`] : [out]) {
    if (isDirectory(target)) throw new CyclekitError('E_USAGE', `cannot write ${target}: it is a folder`, { file: target });
  }
  // The one whole-or-nothing writer: a failure is one E_IO line naming the file it was writing.
  let records = 0;
  await writeAtomically(out, async (write) => {
    records = await streamRowsInTurns(planRecords(plan), plan.layout, plan.layoutContext, write);
  });
  if (command !== null) await writeAtomically(`${out}.cell.yaml`, (write) => write(sidecarYaml({ model: plan.model, massG: request.massG, oneCMAG: plan.oneCMAG, command })));
  return records;
}

/** `simulate --json`: what was written (docs/json.md). */
export interface SimulationJson {
  file: string;
  format: string;
  layout: string;
  material: SimMaterial;
  cellType: string;
  protocol: string;
  seed: number;
  records: number;
  cycles: number;
  cRates: number[];
  massG: number;
  cRateBasis: string;
  minV: number;
  maxV: number;
  restS: number;
  samplingDtS: number | null;
  samplingDvV: number | null;
  noiseMV: number;
  fade: FadeAnchor[];
  model: {
    cathodeCapacityMAhG: number;
    anodeCapacityMAhG: number | null;
    anodeMassRatio: number | null;
    npRatio: number | null;
    dischargeHysteresisV: number | null;
    anodeInitialFraction: number | null;
  };
  sidecar: string | null;
}

/** What `--json` reports about a written simulation. */
export function simulationJson(file: string, plan: SimulationPlan, records: number, request: SimulationRequest): SimulationJson {
  const m = plan.model;
  return {
    file,
    format: plan.layout.id === 'canonical' ? 'cyclekit-csv' : plan.layout.id,
    layout: plan.layout.id,
    material: m.spec.id,
    cellType: m.spec.cellType,
    protocol: request.protocol,
    seed: request.seed,
    records,
    cycles: plan.cycles,
    cRates: plan.program.rates,
    massG: request.massG,
    cRateBasis: `${plan.oneCMAG}mA/g`,
    minV: plan.program.minV,
    maxV: plan.program.maxV,
    restS: plan.program.restS,
    samplingDtS: plan.sampling.dtS || null,
    samplingDvV: plan.sampling.dvV || null,
    noiseMV: request.noiseV * 1000,
    fade: plan.fadeAnchors,
    model: {
      cathodeCapacityMAhG: m.cathodeCapacityMAhG,
      anodeCapacityMAhG: m.spec.anode ? m.anodeCapacityMAhG : null,
      anodeMassRatio: m.spec.anode ? m.anodeMassRatio : null,
      npRatio: m.spec.anode ? m.anodeCapacityMAhG / m.cathodeCapacityMAhG : null,
      dischargeHysteresisV: m.spec.anode ? m.dischargeHysteresisV : null,
      anodeInitialFraction: m.spec.anode ? m.initial.anodeFraction : null,
    },
    sidecar: file === '-' ? null : `${file}.cell.yaml`,
  };
}

