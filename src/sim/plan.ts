import type { CRateBasis } from '../model/units.js';
import { calibratedModel } from './calibrate.js';
import type { CellModel } from './cell.js';
import type { Protocol, SimLayout, SimMaterial } from './choices.js';
import { simulate, type EngineOptions, type SamplingRule, type SimRecord } from './engine.js';
import { fadeCurve, NO_FADE, scaledPaperFade, type FadeAnchor } from './fade.js';
import { LAYOUTS, type Layout, type LayoutContext } from './layouts.js';
import { CELLS } from './materials.js';
import { PAPER_RATES, programSteps, totalCycles, type ProgramOptions } from './protocol.js';

/** Everything `cyclekit simulate` can be asked; null means "the protocol's default". */
export interface SimulationRequest {
  material: SimMaterial | null;
  protocol: Protocol;
  cRate: number | null;
  rates: number[] | null;
  cycles: number | null;
  massG: number;
  oneC: CRateBasis;
  seed: number;
  layout: SimLayout;
  dtS: number | null;
  dvV: number | null;
  noiseV: number;
  restS: number | null;
  minV: number | null;
  maxV: number | null;
  fade: FadeAnchor[] | 'paper' | 'none' | null;
  npRatio: number | null;
  temperatureC: number;
  startEpochS: number;
}

/** A request resolved into a concrete, reproducible plan. */
export interface SimulationPlan {
  model: CellModel;
  program: ProgramOptions;
  cycles: number;
  sampling: SamplingRule;
  oneCMAG: number;
  fadeAnchors: FadeAnchor[];
  layout: Layout;
  layoutContext: LayoutContext;
  engine: EngineOptions;
}

interface ProtocolDefaults {
  cRate: number;
  cycles: number;
  restS: number;
  dtS: number;
  dvV: number;
  fade: 'paper' | 'none';
}

/** Long tests log coarsely (as labs do over months); slow tests log every 10 s or 5 mV. */
const DEFAULTS: Record<Protocol, ProtocolDefaults> = {
  cycling: { cRate: 0.2, cycles: 4, restS: 600, dtS: 10, dvV: 0.005, fade: 'none' },
  rate: { cRate: 0.2, cycles: 3, restS: 600, dtS: 10, dvV: 0.005, fade: 'none' },
  long: { cRate: 50, cycles: 10000, restS: 0, dtS: 5, dvV: 0.05, fade: 'paper' },
  'full-cell': { cRate: 0.2, cycles: 4, restS: 600, dtS: 10, dvV: 0.005, fade: 'none' },
};

export const RELAXATION_S = 120;

export function planSimulation(r: SimulationRequest): SimulationPlan {
  const d = DEFAULTS[r.protocol];
  const material: SimMaterial = r.material ?? (r.protocol === 'full-cell' ? 'hc-he-v' : 'he-v');
  if (r.protocol === 'full-cell' && material !== 'hc-he-v') throw new RangeError(`--protocol full-cell simulates the hc-he-v full cell; got --material ${material}`);
  const spec = CELLS[material];
  if (r.npRatio !== null && spec.cellType !== 'full') throw new RangeError(`--np-ratio applies to full cells (hc-he-v), not ${material}`);
  const model = calibratedModel(spec, r.npRatio ?? spec.defaultNpRatio);
  const oneCMAG = r.oneC.kind === 'specific' ? r.oneC.mAPerG : (r.oneC.capacityAh * 1e6) / (r.massG * 1000);
  const cyclesPerGroup = r.cycles ?? d.cycles;
  if (!(Number.isInteger(cyclesPerGroup) && cyclesPerGroup >= 1)) throw new RangeError(`--cycles: expected a whole number ≥ 1, got ${cyclesPerGroup}`);
  const rates = r.protocol === 'rate' ? (r.rates ?? PAPER_RATES) : [r.cRate ?? d.cRate];
  for (const c of rates) if (!(c > 0)) throw new RangeError(`C-rates must be positive, got ${c}`);
  const minV = r.minV ?? spec.minV;
  const maxV = r.maxV ?? spec.maxV;
  if (!(maxV > minV)) throw new RangeError(`--v-max (${maxV}) must exceed --v-min (${minV})`);
  const program: ProgramOptions = { rates, cyclesPerGroup, minV, maxV, restS: r.restS ?? d.restS, ...(spec.cellType === 'half-anode' ? { dischargeFirst: true } : {}) };
  const cycles = totalCycles(program);
  const fadeChoice = r.fade ?? d.fade;
  const fadeAnchors = fadeChoice === 'none' ? [] : fadeChoice === 'paper' ? scaledPaperFade(cycles) : fadeChoice;
  const sampling: SamplingRule = { dtS: r.dtS ?? d.dtS, dvV: r.dvV ?? d.dvV };
  const layout = LAYOUTS[r.layout];
  const engine: EngineOptions = {
    model,
    steps: { [Symbol.iterator]: () => programSteps(program) },
    massG: r.massG,
    oneCMAG,
    sampling,
    noiseV: r.noiseV,
    seed: r.seed,
    temperatureC: r.temperatureC,
    fade: fadeAnchors.length > 0 ? fadeCurve(fadeAnchors) : NO_FADE,
    relaxationS: RELAXATION_S,
  };
  const layoutContext: LayoutContext = {
    massG: r.massG,
    startEpochS: r.startEpochS,
    maxCurrentA: (Math.max(...rates) * oneCMAG * r.massG) / 1000,
    maxCapacityAh: (model.cathodeCapacityMAhG * r.massG) / 1000,
  };
  return { model, program, cycles, sampling, oneCMAG, fadeAnchors, layout, layoutContext, engine };
}

export function planRecords(plan: SimulationPlan): Iterable<SimRecord> {
  return { [Symbol.iterator]: () => simulate(plan.engine) };
}
