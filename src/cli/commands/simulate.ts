import { Option, type Command } from 'commander';
import { CyclekitError } from '../../model/errors.js';
import { parseCRateBasis, parseMass } from '../../model/units.js';
import { envelope } from '../../report/json.js';
import { parseFadeAnchors, type FadeAnchor } from '../../sim/fade.js';
import { SIM_LAYOUTS, type SimLayout } from '../../sim/layouts.js';
import { SIM_MATERIALS, type SimMaterial } from '../../sim/materials.js';
import { planRecords, planSimulation, type SimulationPlan, type SimulationRequest } from '../../sim/plan.js';
import { PROTOCOLS, type Protocol } from '../../sim/protocol.js';
import { sidecarYaml } from '../../sim/sidecar.js';
import { streamRows, writeFileAtomically } from '../../sim/writer.js';
import type { RunContext } from '../run.js';

interface SimulateFlags {
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

export function registerSimulate(program: Command, ctx: RunContext): void {
  const cmd = program
    .command('simulate')
    .description('write a synthetic, seeded cycler export from a cell model (HE-V, NVP, HC‖HE-V) shaped like the HE-V paper')
    .addOption(new Option('--material <id>', 'cell to simulate: he-v, nvp (half cells vs Na) or hc-he-v (full cell); default he-v (hc-he-v for full-cell)').choices([...SIM_MATERIALS]))
    .addOption(new Option('--protocol <name>', 'test program').choices([...PROTOCOLS]).default('cycling'))
    .option('--c-rate <C>', 'C-rate of cycling/long/full-cell (default 0.2; 50 for long)')
    .option('--rates <list>', 'rate test groups, comma-separated (default 0.2,0.5,1,2,5,10,20,50,0.2)')
    .option('--cycles <n>', 'cycles (per rate group for --protocol rate); default 4, 3 per rate, 10000 for long')
    .option('--mass <mass>', 'active (cathode) mass written to the sidecar: 2mg, 0.002g; bare number = mg', '2mg')
    .option('--c-rate-basis <basis>', '1C definition: specific current (100mA/g) or nominal capacity (0.34mAh)', '100mA/g')
    .option('--seed <n>', 'seed of the noise generator: same seed and options, same bytes', '1')
    .addOption(new Option('--layout <name>', 'output layout').choices([...SIM_LAYOUTS]).default('canonical'))
    .option('--dt <s>', 'log a point every Δt seconds; off to log on ΔV only (default 10; 5 for long)')
    .option('--dv <V>', 'log a point whenever the voltage moved ΔV volts; off to log on Δt only (default 0.005; 0.05 for long)')
    .option('--noise-mv <mV>', 'standard deviation of the voltage noise, mV', '0.5')
    .option('--rest <s>', 'rest after each current step (and before the first), s; 0 = none (default 600; 0 for long)')
    .option('--v-min <V>', 'lower voltage limit (default 1.5)')
    .option('--v-max <V>', 'upper voltage limit (default 4.1)')
    .option('--fade <spec>', "capacity fade: none, paper (95.2 % at half the cycles, 88.8 % at the end) or anchors such as 5000:0.952,10000:0.888 (default paper for long, else none)")
    .option('--np-ratio <r>', 'full cell: anode/cathode capacity ratio (default 1.8)')
    .option('--temperature <°C>', 'temperature written to each record', '25')
    .option('--start <date>', 'wall-clock start of the test, for vendor date columns', '2025-01-06T09:00:00Z')
    .option('-o, --output <file>', 'output file (written whole or not at all); - or none for standard output')
    .option('--no-sidecar', 'do not write <output>.cell.yaml beside the output')
    .option('--json', 'print a JSON description of what was written (needs -o FILE)');
  cmd.action((flags: SimulateFlags) => {
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
    let records: number;
    try {
      records = writeFileAtomically(out, (write) => streamRows(planRecords(plan), plan.layout, plan.layoutContext, write));
      if (flags.sidecar) writeFileAtomically(`${out}.cell.yaml`, (write) => write(sidecarYaml({ model: plan.model, massG: request.massG, oneCMAG: plan.oneCMAG, command })));
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code) throw new CyclekitError('E_IO', `cannot write ${out}: ${(err as Error).message}`, { file: out });
      throw err;
    }
    if (flags.json) ctx.stdout(envelope('simulate', [simulationJson(out, plan, records, request)]));
    else ctx.stderr(`cyclekit: simulate: wrote ${records} records (${plan.cycles} cycles, ${plan.model.spec.title}) to ${out}${flags.sidecar ? ` and ${out}.cell.yaml` : ''}\n`);
  });
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
