/**
 * Constant-current test files with known answers, written like fixtures/demo/cc-demo.csv: a
 * sample every 60 s plus each step's exact end, voltage linear in time, the next step starting
 * at the previous one's last time stamp. Capacities are current × time exactly.
 */
export interface CcStep {
  /** Signed current, A: positive charges, negative discharges, 0 rests. */
  currentA: number;
  seconds: number;
  fromV: number;
  toV: number;
  cycle?: number;
}

export function ccCsv(steps: CcStep[], withCycleColumn = true): string {
  const lines = [withCycleColumn ? 'Test Time (s),Voltage (V),Current (A),Cycle Index,Step Type' : 'Test Time (s),Voltage (V),Current (A),Step Type'];
  let t0 = 0;
  for (const s of steps) {
    const type = s.currentA > 0 ? 'CC Chg' : s.currentA < 0 ? 'CC DChg' : 'Rest';
    const times: number[] = [];
    for (let t = 0; t < s.seconds; t += 60) times.push(t);
    times.push(s.seconds);
    for (const t of times) {
      const v = s.fromV + ((s.toV - s.fromV) * t) / s.seconds;
      const cells = [(t0 + t).toFixed(1), v.toFixed(6), s.currentA.toExponential(6)];
      if (withCycleColumn) cells.push(String(s.cycle ?? 1));
      cells.push(type);
      lines.push(cells.join(','));
    }
    t0 += s.seconds;
  }
  return `${lines.join('\n')}\n`;
}

/** One charge/rest/discharge cycle at `currentA`, discharge lasting `ceFraction` of the charge. */
export function cathodeCycle(cycle: number, currentA: number, chargeS: number, ceFraction: number): CcStep[] {
  return [
    { currentA, seconds: chargeS, fromV: 2.5, toV: 4.2, cycle },
    { currentA: 0, seconds: 600, fromV: 4.2, toV: 4.2, cycle },
    { currentA: -currentA, seconds: chargeS * ceFraction, fromV: 4.2, toV: 2.5, cycle },
  ];
}

/** An anode vs Li: lithiation (discharge, 1.0 → 0.05 V) first, then delithiation for `ceFraction` of its time. */
export function anodeCycle(cycle: number, currentA: number, dischargeS: number, ceFraction: number): CcStep[] {
  return [
    { currentA: -currentA, seconds: dischargeS, fromV: 1.0, toV: 0.05, cycle },
    { currentA: 0, seconds: 600, fromV: 0.05, toV: 0.05, cycle },
    { currentA, seconds: dischargeS * ceFraction, fromV: 0.05, toV: 1.0, cycle },
  ];
}
