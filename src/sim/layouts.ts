import { CANONICAL_COLUMNS } from '../model/canonical-columns.js';
import type { SimLayout } from './choices.js';
import type { SimRecord } from './engine.js';

/**
 * How a simulated test is written out: cyclekit's canonical CSV or the flat exports two
 * cycler families write. Each layout is a header line plus a row formatter; capacity and
 * energy are written per step (reset at every step), as all three do.
 */
export interface LayoutContext {
  massG: number;
  /** Wall-clock start of the test, s since the Unix epoch (UTC), for vendor date columns. */
  startEpochS: number;
  /** Largest |current| in the test, A: fixes the decimals so that ~6 significant digits survive. */
  maxCurrentA: number;
  /** Largest step capacity expected, Ah (likewise for capacity and energy columns). */
  maxCapacityAh: number;
}

export interface Layout {
  id: SimLayout;
  title: string;
  header: string;
  /** A row formatter for one file (it may cache per-step text, so use one per file). */
  formatter(c: LayoutContext): (r: SimRecord) => string;
}

/** Decimals that keep `significant` digits of a value as large as `magnitude` (fixed-point is ~4× faster than toPrecision). */
export function decimalsFor(magnitude: number, significant: number): number {
  if (!(magnitude > 0)) return significant;
  return Math.min(20, Math.max(0, significant - 1 - Math.floor(Math.log10(magnitude))));
}

/** The current is constant within a step: format it once per step. */
function currentText(scale: number, decimals: number): (a: number) => string {
  let last = Number.NaN;
  let text = '';
  return (a) => {
    if (a !== last) {
      last = a;
      text = a === 0 ? '0' : (a * scale).toFixed(decimals);
    }
    return text;
  };
}

/** Duration as hh:mm:ss.fff, hours past 24 allowed (Neware's Total Time). */
export function hms(seconds: number): string {
  const ms = Math.round(seconds * 1000);
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor((ms % 3_600_000) / 60_000);
  const s = (ms % 60_000) / 1000;
  return `${h < 10 ? '0' : ''}${h}:${m < 10 ? '0' : ''}${m}:${s < 10 ? '0' : ''}${s.toFixed(3)}`;
}

let lastSecond = Number.NaN;
let lastStamp = '';
/** Wall-clock stamp to the second; consecutive rows often share it, so the last one is cached. */
function wallClock(epochS: number): string {
  const s = Math.floor(epochS);
  if (s !== lastSecond) {
    lastSecond = s;
    lastStamp = new Date(s * 1000).toISOString().slice(0, 19).replace('T', ' ');
  }
  return lastStamp;
}

const canonical: Layout = {
  id: 'canonical',
  title: 'cyclekit canonical CSV',
  header: CANONICAL_COLUMNS.join(','),
  formatter: (c) => {
    const cur = currentText(1, decimalsFor(c.maxCurrentA, 6));
    const qd = decimalsFor(c.maxCapacityAh, 7);
    const ed = decimalsFor(c.maxCapacityAh * 4, 7);
    return (r) =>
      `${r.timeS.toFixed(3)},${r.voltageV.toFixed(4)},${cur(r.currentA)},${r.capacityAh === 0 ? '0' : r.capacityAh.toFixed(qd)},${r.energyWh === 0 ? '0' : r.energyWh.toFixed(ed)},${r.cycle},${r.stepNumber},${r.kind},${r.temperatureC}`;
  },
};

/**
 * Vendor exports write mA, mAh and mWh. Digits follow the run's largest current and capacity
 * (energy bounded by capacity × 4 V), so small cells keep their significant figures.
 */
function milliDigits(c: LayoutContext): { cur: (currentA: number) => string; qd: number; ed: number } {
  return {
    cur: currentText(1000, decimalsFor(c.maxCurrentA * 1000, 6)),
    qd: decimalsFor(c.maxCapacityAh * 1000, 7),
    ed: decimalsFor(c.maxCapacityAh * 4000, 7),
  };
}

const NEWARE_TYPE = { charge: 'CC Chg', discharge: 'CC DChg', rest: 'Rest' } as const;

/** Neware BTS flat CSV: program step ids repeat every loop, times as hh:mm:ss.fff, mA/mAh/mWh. */
const neware: Layout = {
  id: 'neware',
  title: 'Neware BTS flat CSV export',
  header: 'DataPoint,Cycle Index,Step Index,Step Type,Time,Total Time,Current(mA),Voltage(V),Capacity(mAh),Spec. Cap.(mAh/g),Energy(mWh),Date',
  formatter: (c) => {
    const { cur, qd, ed } = milliDigits(c);
    return (r) => {
      const mAh = r.capacityAh * 1000;
      return `${r.index + 1},${r.cycle},${r.programStep},${NEWARE_TYPE[r.kind]},${hms(r.stepTimeS)},${hms(r.timeS)},${cur(r.currentA)},${r.voltageV.toFixed(4)},${mAh.toFixed(qd)},${(mAh / c.massG).toFixed(3)},${(r.energyWh * 1000).toFixed(ed)},${wallClock(c.startEpochS + r.timeS)}`;
    };
  },
};

const LAND_STATE = { charge: 'RateC', discharge: 'RateD', rest: 'R' } as const;

/** LAND (LANHE) text export: running step index, R / RateC / RateD states, seconds. */
const land: Layout = {
  id: 'land',
  title: 'LAND battery-test text export',
  header: 'Cycle-Index,Step-Index,Step-State,TestTime/Sec,Voltage/V,Current/mA,Capacity/mAh,SpeCap/mAh/g,Energy/mWh',
  formatter: (c) => {
    const { cur, qd, ed } = milliDigits(c);
    return (r) => {
      const mAh = r.capacityAh * 1000;
      return `${r.cycle},${r.stepNumber},${LAND_STATE[r.kind]},${r.timeS.toFixed(3)},${r.voltageV.toFixed(4)},${cur(r.currentA)},${mAh.toFixed(qd)},${(mAh / c.massG).toFixed(3)},${(r.energyWh * 1000).toFixed(ed)}`;
    };
  },
};

export const LAYOUTS: Record<SimLayout, Layout> = { canonical, neware, land };
