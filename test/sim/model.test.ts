import { describe, expect, it } from 'vitest';
import { buildCurve } from '../../src/sim/curve.js';
import { calibratedModel, cycleFigures } from '../../src/sim/calibrate.js';
import { fadeCurve, PAPER_FADE, parseFadeAnchors, scaledPaperFade } from '../../src/sim/fade.js';
import { decimalsFor, hms } from '../../src/sim/layouts.js';
import { CELLS, HE_V } from '../../src/sim/materials.js';
import { programSteps } from '../../src/sim/protocol.js';
import { seededRandom } from '../../src/sim/random.js';
import { simulate } from '../../src/sim/engine.js';

describe('seeded random', () => {
  it('repeats for a seed and differs between seeds', () => {
    const a = seededRandom(7);
    const b = seededRandom(7);
    const c = seededRandom(8);
    const xs = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(xs);
    expect(Array.from({ length: 5 }, () => c.next())).not.toEqual(xs);
  });
  it('gives standard normal deviates', () => {
    const r = seededRandom(1);
    const n = 20000;
    let s = 0;
    let s2 = 0;
    for (let k = 0; k < n; k++) {
      const g = r.gaussian();
      s += g;
      s2 += g * g;
    }
    expect(Math.abs(s / n)).toBeLessThan(0.03);
    expect(s2 / n).toBeCloseTo(1, 1);
  });
});

describe('potential curve', () => {
  const curve = buildCurve(HE_V.curve);
  it('puts the dQ/dV maxima of the slow curve on the plateau potentials', () => {
    // dθ/dV on a fine voltage grid; the three largest local maxima are the couples.
    const peaks: number[] = [];
    const h = 1e-3;
    let prev = 0;
    let rising = false;
    for (let v = 1.2; v < 4.4; v += h) {
      const d = (curve.fractionAt(v + h) - curve.fractionAt(v)) / h;
      // Between plateaus dθ/dV is the flat background (≈ 0.01 per V): only real peaks count.
      if (d < prev && rising && prev > 1) peaks.push(v - h / 2);
      rising = d > prev;
      prev = d;
    }
    expect(peaks).toHaveLength(3);
    expect(peaks[0]).toBeCloseTo(1.67, 2);
    expect(peaks[1]).toBeCloseTo(3.43, 2);
    expect(peaks[2]).toBeCloseTo(4.03, 2);
  });
  it('inverts: V(θ(V)) = V', () => {
    for (const v of [1.6, 2.5, 3.43, 3.8, 4.05]) expect(curve.potentialAt(curve.fractionAt(v))).toBeCloseTo(v, 3);
  });
  it('keeps rising beyond the tabulated range so that every cut-off is reached', () => {
    expect(curve.potentialAt(1.1)).toBeGreaterThan(HE_V.curve.maxV);
    expect(curve.potentialAt(-0.1)).toBeLessThan(HE_V.curve.minV);
  });
});

describe('calibrated cells', () => {
  const at = (id: keyof typeof CELLS, cRate: number) => {
    const m = calibratedModel(CELLS[id]);
    const first = cycleFigures(m, m.initial, cRate * 100, CELLS[id].minV, CELLS[id].maxV);
    const second = cycleFigures(m, first.end, cRate * 100, CELLS[id].minV, CELLS[id].maxV);
    return { first, second };
  };
  it('HE-V: 170 mAh/g reversible at 0.2C; the first charge from Na3.2 extracts about 2 Na of 3', () => {
    const { first, second } = at('he-v', 0.2);
    expect(second.discharge.capacityMAhG).toBeCloseTo(170, 6);
    expect(first.charge.capacityMAhG / first.discharge.capacityMAhG).toBeGreaterThan(0.6);
    expect(first.charge.capacityMAhG / first.discharge.capacityMAhG).toBeLessThan(0.7);
  });
  it('NVP: 155.2 mAh/g at 0.2C', () => {
    expect(at('nvp', 0.2).second.discharge.capacityMAhG).toBeCloseTo(155.2, 6);
  });
  it('HC‖HE-V: 170.8 mAh/g and 485.9 Wh/kg on cathode mass at 0.2C', () => {
    const { first } = at('hc-he-v', 0.2);
    expect(first.discharge.capacityMAhG).toBeCloseTo(170.8, 2);
    expect(first.discharge.energyWhKg).toBeCloseTo(485.9, 0);
  });
  it('loses capacity and splits the plateaus as the rate rises', () => {
    const caps = [0.2, 1, 5, 20, 50].map((c) => at('he-v', c).second);
    for (let k = 1; k < caps.length; k++) expect(caps[k]!.discharge.capacityMAhG).toBeLessThan(caps[k - 1]!.discharge.capacityMAhG);
    const hysteresis = (f: (typeof caps)[number]) => f.charge.energyWhKg / f.charge.capacityMAhG - f.discharge.energyWhKg / f.discharge.capacityMAhG;
    expect(hysteresis(caps[4]!)).toBeGreaterThan(4 * hysteresis(caps[0]!));
  });
  it('refuses an N/P ratio too small to reach the target', () => {
    expect(() => calibratedModel(CELLS['hc-he-v'], 1.0)).toThrow(/N\/P/);
  });
});

describe('fade', () => {
  it('passes through the paper anchors: 95.2 % at 5000, 88.8 % at 10,000, 93.3 % over 5001–10000', () => {
    const f = fadeCurve(PAPER_FADE);
    expect(f(1)).toBe(1);
    expect(f(5000)).toBeCloseTo(0.952, 10);
    expect(f(10000)).toBeCloseTo(0.888, 10);
    expect(f(10000) / f(5000)).toBeCloseTo(0.933, 3);
    for (let n = 2; n <= 10000; n += 499) expect(f(n)).toBeLessThanOrEqual(f(n - 1));
  });
  it('scales the paper shape to shorter tests and parses anchors', () => {
    expect(scaledPaperFade(200)).toEqual([{ cycle: 100, retention: 0.952 }, { cycle: 200, retention: 0.888 }]);
    expect(parseFadeAnchors('100:95%,200:0.9')).toEqual([{ cycle: 100, retention: 0.95 }, { cycle: 200, retention: 0.9 }]);
    expect(() => parseFadeAnchors('x')).toThrow(RangeError);
  });
});

describe('engine', () => {
  const model = calibratedModel(CELLS['he-v']);
  const run = (dtS: number | null, dvV: number | null, noiseV = 0) =>
    [...simulate({
      model,
      steps: programSteps({ rates: [1], cyclesPerGroup: 2, minV: 1.5, maxV: 4.1, restS: 300 }),
      massG: 0.002,
      oneCMAG: 100,
      sampling: { dtS, dvV },
      noiseV,
      seed: 1,
      temperatureC: 25,
      fade: () => 1,
      relaxationS: 120,
    })].length;
  it('logs more points on a finer rule and never fewer than one per step boundary', () => {
    expect(run(10, null)).toBeGreaterThan(run(60, null));
    expect(run(null, 0.005)).toBeGreaterThan(run(null, 0.05));
  });
  it('step capacity is exact whatever the sampling rule', () => {
    const last = (dtS: number) => {
      let q = 0;
      for (const r of simulate({
        model,
        steps: programSteps({ rates: [1], cyclesPerGroup: 1, minV: 1.5, maxV: 4.1, restS: 0 }),
        massG: 0.002, oneCMAG: 100, sampling: { dtS, dvV: null }, noiseV: 0, seed: 1, temperatureC: 25, fade: () => 1, relaxationS: 120,
      })) if (r.kind === 'discharge') q = r.capacityAh;
      return q;
    };
    expect(last(7)).toBeCloseTo(last(60), 12);
  });
});

describe('layout helpers', () => {
  it('formats durations past 24 h and picks decimals for 7 significant digits', () => {
    expect(hms(90061.5)).toBe('25:01:01.500');
    expect(decimalsFor(3.4e-4, 7)).toBe(10);
    expect(decimalsFor(0.34, 7)).toBe(7);
  });
});
