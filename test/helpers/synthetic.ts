/**
 * Constant-current test data with exactly known answers: a charge at +I for T s with V
 * rising linearly V0→V1, a rest, then a discharge at −I for T s with V falling V1→V0.
 * Then capacity = I·T, energy = I·T·(V0+V1)/2 (trapezoid is exact for linear V).
 */
export interface CcCase {
  currentA: number;
  durationS: number;
  dtS: number;
  v0: number;
  v1: number;
  cycles: number;
  /** Discharge capacity relative to charge (CE). */
  ce: number;
}

export interface Row {
  timeS: number;
  voltageV: number;
  currentA: number;
  cycle: number;
  step: number;
  state: 'CC Chg' | 'CC DChg' | 'Rest';
}

export function ccRows(c: CcCase): Row[] {
  const rows: Row[] = [];
  let t = 0;
  let step = 0;
  for (let cycle = 1; cycle <= c.cycles; cycle++) {
    step++;
    const n = Math.round(c.durationS / c.dtS);
    for (let k = 0; k <= n; k++) rows.push({ timeS: t + k * c.dtS, voltageV: c.v0 + ((c.v1 - c.v0) * k) / n, currentA: c.currentA, cycle, step, state: 'CC Chg' });
    t += c.durationS;
    step++;
    for (let k = 1; k <= 10; k++) rows.push({ timeS: t + k, voltageV: c.v1, currentA: 0, cycle, step, state: 'Rest' });
    t += 10;
    step++;
    const dDur = c.durationS * c.ce;
    const m = Math.round(dDur / c.dtS);
    for (let k = 0; k <= m; k++) rows.push({ timeS: t + (k * dDur) / m, voltageV: c.v1 - ((c.v1 - c.v0) * k) / m, currentA: -c.currentA, cycle, step, state: 'CC DChg' });
    t += dDur;
  }
  return rows;
}

export function hms(seconds: number): string {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds - h * 3600 - m * 60;
  return `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}:${s.toFixed(3).padStart(6, '0')}`;
}
