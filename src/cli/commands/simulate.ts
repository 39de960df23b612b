import { statSync } from 'node:fs';
import { CyclekitError } from '../../model/errors.js';
import { parseCRateBasis, parseMass } from '../../model/units.js';
import { envelope } from '../../report/json.js';
import type { Protocol, SimLayout, SimMaterial } from '../../sim/choices.js';
import { parseFadeAnchors, type FadeAnchor } from '../../sim/fade.js';
import { planRecords, planSimulation, type SimulationPlan, type SimulationRequest } from '../../sim/plan.js';
import { sidecarYaml } from '../../sim/sidecar.js';
import { streamRows, streamRowsInTurns } from '../../sim/writer.js';
import { writeAtomically } from '../../util/atomic-write.js';
import type { RunContext } from '../run.js';

export interface SimulateFlags {
  material?: string;
  protocol: string;
  cRate?: string;
  rates?: string;
  cycles?: string;
  mass: string;
  cRateBasis: string;
  seed: string;
  layout: string;
  dt?: string;
  dv?: string;
  noiseMv: string;
  rest?: string;
  vMin?: string;
  vMax?: string;
  fade?: string;
  npRatio?: string;
  temperature: string;
  start: string;
  output?: string;
  sidecar: boolean;
  json?: boolean;
}

function number(flag: string, text: string | undefined, check: (x: number) => boolean, expected: string): number | null {
  if (text === undefined) return null;
  const x = Number(text);
  if (text.trim() === '' || !Number.isFinite(x) || !check(x)) throw new CyclekitError('E_USAGE', `${flag}: expected ${expected}, got '${text}'`);
  return x;
}

/** Δt/ΔV accept 'off' so that a rule can be dropped: `--dv off` logs on time alone. */
function ruleValue(flag: string, text: string | undefined): number | null | 'off' {
  if (text !== undefined && /^(off|none|0)$/i.test(text.trim())) return 'off';
  return number(flag, text, (x) => x > 0, 'a positive number or off');
}

export function requestFromFlags(flags: SimulateFlags): SimulationRequest {
  const positive = (x: number): boolean => x > 0;
  let fade: SimulationRequest['fade'] = null;
  if (flags.fade !== undefined) {
    const f = flags.fade.trim().toLowerCase();
    if (f === 'none' || f === 'paper') fade = f;
    else {
      try {
        fade = parseFadeAnchors(flags.fade) as FadeAnchor[];
      } catch (err) {
        throw new CyclekitError('E_USAGE', `--fade: ${(err as Error).message}; or use none / paper`);
      }
    }
  }
  let rates: number[] | null = null;
  if (flags.rates !== undefined) {
    rates = flags.rates.split(',').map((t) => number('--rates', t.trim().replace(/c$/i, ''), positive, 'a comma-separated list of C-rates such as 0.2,1,5')!);
  }
  const start = Date.parse(flags.start);
  if (Number.isNaN(start)) throw new CyclekitError('E_USAGE', `--start: expected a date-time such as 2025-01-06T09:00:00Z, got '${flags.start}'`);
  const dt = ruleValue('--dt', flags.dt);
  const dv = ruleValue('--dv', flags.dv);
  if (dt === 'off' && dv === 'off') throw new CyclekitError('E_USAGE', '--dt and --dv cannot both be off: the cycler would log nothing');
  return {
    material: (flags.material as SimMaterial | undefined) ?? null,
    protocol: flags.protocol as Protocol,
    cRate: number('--c-rate', flags.cRate?.replace(/c$/i, ''), positive, 'a positive C-rate such as 0.2'),
    rates,
    cycles: number('--cycles', flags.cycles, (x) => Number.isInteger(x) && x >= 1, 'a whole number ≥ 1'),
    massG: parseMass(flags.mass),
    oneC: parseCRateBasis(flags.cRateBasis),
    seed: number('--seed', flags.seed, Number.isInteger, 'an integer')!,
    layout: flags.layout as SimLayout,
    dtS: dt === 'off' ? 0 : dt,
    dvV: dv === 'off' ? 0 : dv,
    noiseV: number('--noise-mv', flags.noiseMv, (x) => x >= 0, 'a non-negative noise in mV')! / 1000,
    restS: number('--rest', flags.rest, (x) => x >= 0, 'a rest duration in s (0 = none)'),
    minV: number('--v-min', flags.vMin, Number.isFinite, 'a voltage in V'),
    maxV: number('--v-max', flags.vMax, Number.isFinite, 'a voltage in V'),
    fade,
    npRatio: number('--np-ratio', flags.npRatio, positive, 'a positive N/P capacity ratio such as 1.8'),
    temperatureC: number('--temperature', flags.temperature, Number.isFinite, 'a temperature in °C')!,
    startEpochS: start / 1000,
  };
}

/** What `--json` reports about a written simulation. */
export function simulationJson(file: string, plan: SimulationPlan, records: number, request: SimulationRequest): object {
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

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** Write the simulated test to -o (atomically, with its sidecar) or to standard output. */
export async function runSimulate(flags: SimulateFlags, ctx: RunContext): Promise<void> {
  const request = requestFromFlags(flags);
  const out = flags.output ?? '-';
  if (flags.json && out === '-') throw new CyclekitError('E_USAGE', '--json describes a written file: pass -o FILE (standard output already carries the data)');
  let plan: SimulationPlan;
  try {
    plan = planSimulation(request);
  } catch (err) {
    if (err instanceof RangeError) throw new CyclekitError('E_USAGE', err.message);
    throw err;
  }
  const command = `cyclekit simulate ${describe(flags, request)}`;
  if (out === '-') {
    const n = streamRows(planRecords(plan), plan.layout, plan.layoutContext, (chunk) => ctx.stdout(chunk));
    ctx.stderr(`cyclekit: simulate: wrote ${n} records (${plan.cycles} cycles) to standard output\n`);
    return;
  }
  // Both files are checked before either is written: a sidecar that cannot be written must not leave the data file behind.
  for (const target of flags.sidecar ? [out, `${out}.cell.yaml`] : [out]) {
    if (isDirectory(target)) throw new CyclekitError('E_USAGE', `cannot write ${target}: it is a folder`, { file: target });
  }
  // The one whole-or-nothing writer: a failure is one E_IO line naming the file it was writing.
  let records = 0;
  await writeAtomically(out, async (write) => {
    records = await streamRowsInTurns(planRecords(plan), plan.layout, plan.layoutContext, write);
  });
  if (flags.sidecar) await writeAtomically(`${out}.cell.yaml`, (write) => write(sidecarYaml({ model: plan.model, massG: request.massG, oneCMAG: plan.oneCMAG, command })));
  if (flags.json) ctx.stdout(envelope('simulate', [simulationJson(out, plan, records, request)]));
  else ctx.stderr(`cyclekit: simulate: wrote ${records} records (${plan.cycles} cycles, ${plan.model.spec.title}) to ${out}${flags.sidecar ? ` and ${out}.cell.yaml` : ''}\n`);
}

/** The options that shaped the file, for the sidecar's provenance comment. */
function describe(flags: SimulateFlags, r: SimulationRequest): string {
  const parts = [`--material ${r.material ?? (r.protocol === 'full-cell' ? 'hc-he-v' : 'he-v')}`, `--protocol ${r.protocol}`];
  const add = (name: string, v: string | undefined): void => {
    if (v !== undefined) parts.push(`${name} ${v}`);
  };
  add('--c-rate', flags.cRate);
  add('--rates', flags.rates);
  add('--cycles', flags.cycles);
  parts.push(`--mass ${flags.mass}`, `--c-rate-basis ${flags.cRateBasis}`, `--seed ${flags.seed}`, `--layout ${flags.layout}`);
  add('--dt', flags.dt);
  add('--dv', flags.dv);
  parts.push(`--noise-mv ${flags.noiseMv}`);
  add('--rest', flags.rest);
  add('--v-min', flags.vMin);
  add('--v-max', flags.vMax);
  add('--fade', flags.fade);
  add('--np-ratio', flags.npRatio);
  return parts.join(' ');
}
