import { CyclekitError } from '../../model/errors.js';
import { parseCRateBasis, parseMass } from '../../model/units.js';
import type { Protocol, SimLayout, SimMaterial } from '../../sim/choices.js';
import { parseFadeAnchors, type FadeAnchor } from '../../sim/fade.js';
import type { SimulationRequest } from '../../sim/plan.js';

/** `simulate`'s flags → the simulator's typed request, and back to the command line the sidecar records. */

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

/** The options that shaped the file, for the sidecar's provenance comment. */
export function provenanceCommand(flags: SimulateFlags, r: SimulationRequest): string {
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
  return `cyclekit simulate ${parts.join(' ')}`;
}
