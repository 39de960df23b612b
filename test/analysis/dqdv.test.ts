import { describe, expect, it } from 'vitest';
import { analyseDqdv, differentialCapacity, DQDV_ANALYSIS_DEFAULTS, DQDV_DEFAULTS, type DqdvMethod } from '../../src/analysis/dqdv.js';
import { halfCycleSeries } from '../../src/analysis/half-cycle.js';
import { COUPLE_DEFAULTS } from '../../src/analysis/couples.js';
import { PEAK_DEFAULTS } from '../../src/analysis/peaks.js';
import { REDOX_REFERENCES } from '../../src/references/load.js';
import { HEV_LIKE, sampleStep, shifted, type CurveSpec } from '../math/logistic-curves.js';

const METHODS: DqdvMethod[] = ['interp-sg', 'binning'];
const ETA = 0.04; // synthetic polarisation: charge plateaus +20 mV, discharge −20 mV

function cell(spec: CurveSpec, eta: number, noiseV: number, samples = 6000, seed = 11) {
  const charge = sampleStep(shifted(spec, eta / 2), { direction: 'charge', samples, noiseV, wiggleV: 0.003, seed }, 0);
  const discharge = sampleStep(shifted(spec, -eta / 2), { direction: 'discharge', samples, noiseV, wiggleV: 0.003, seed: seed + 1 }, 1);
  return [{ number: 1, steps: [charge, discharge] }];
}

describe('dQ/dV of a linear Q(V) is constant', () => {
  const linear: CurveSpec = { vLo: 3.0, vHi: 3.5, slopeMAhPerV: 2, plateaus: [] };
  for (const method of METHODS) {
    it(method, () => {
      for (const direction of ['charge', 'discharge'] as const) {
        const step = sampleStep(linear, { direction, samples: 3000, noiseV: 0, wiggleV: 0, seed: 3 });
        const curve = differentialCapacity(halfCycleSeries([step], direction)!, DQDV_DEFAULTS[method]);
        const sign = direction === 'charge' ? 1 : -1;
        // interior of the grid (end bins of a histogram are partly filled)
        const inner = [...curve.dqdvMAhPerV].slice(5, -5);
        expect(inner.length).toBeGreaterThan(80);
        for (const d of inner) expect(d * sign).toBeCloseTo(2, method === 'binning' ? 0 : 6);
        const mean = inner.reduce((s, d) => s + d, 0) / inner.length;
        expect(mean * sign).toBeCloseTo(2, 2);
      }
    });
  }
});

describe('peaks of logistic plateaus with noise, uneven sampling and relaxation wiggles', () => {
  for (const method of METHODS) {
    it(`${method}: three couples within 10 mV, labelled from the HE-V table`, () => {
      const a = analyseDqdv(cell(HEV_LIKE, ETA, 0.001), ['charge', 'discharge'], {
        dqdv: DQDV_DEFAULTS[method],
        peaks: PEAK_DEFAULTS,
        couples: { ...COUPLE_DEFAULTS, reference: REDOX_REFERENCES['he-v'] },
      });
      const [chg, dis] = a.halfCycles;
      for (const [half, dv] of [[chg!, ETA / 2], [dis!, -ETA / 2]] as const) {
        expect(half.peaks.map((p) => p.voltageV)).toHaveLength(3);
        half.peaks.forEach((p, i) => {
          const plateau = HEV_LIKE.plateaus[i]!;
          expect(Math.abs(p.voltageV - (plateau.e + dv))).toBeLessThan(0.01);
          // area under a logistic's derivative = its capacity; the 0.05 mAh/V background between
          // the bounding valleys (up to ~1.8 V wide) adds at most ~0.09 mAh
          expect(p.areaMAh).toBeGreaterThan(plateau.q * 0.95);
          expect(p.areaMAh).toBeLessThan(plateau.q + 0.1);
          expect(p.heightMAhPerV).toBeGreaterThan(0);
          // FWHM of σ'((V−E)/w) is 3.5255·w; smoothing may widen it a little
          expect(p.fwhmV).toBeGreaterThan(3.5255 * plateau.w * 0.8);
          expect(p.fwhmV).toBeLessThan(3.5255 * plateau.w * 1.6);
        });
      }
      expect(a.couples.map((c) => c.label)).toEqual(['V³⁺/V²⁺', 'V⁴⁺/V³⁺', 'V⁵⁺/V⁴⁺']);
      for (const c of a.couples) {
        expect(Math.abs(c.polarizationV - ETA)).toBeLessThan(0.01);
        expect(c.polarizationV).toBeCloseTo(c.oxidationV - c.reductionV, 12);
      }
      // valley-to-valley areas tile the half cycle: together they are its whole capacity
      const total = chg!.peaks.reduce((s, p) => s + p.areaMAh, 0);
      expect(Math.abs(total - chg!.totalMAh) / chg!.totalMAh).toBeLessThan(0.05);
    });
  }

  it('discharge dQ/dV is negative; peak heights are reported as magnitudes', () => {
    const a = analyseDqdv(cell(HEV_LIKE, ETA, 0.001), ['discharge'], { dqdv: DQDV_DEFAULTS['interp-sg'], peaks: PEAK_DEFAULTS, couples: COUPLE_DEFAULTS });
    const d = a.halfCycles[0]!;
    expect(Math.min(...d.curve.dqdvMAhPerV)).toBeLessThan(-10);
    expect(d.peaks.length).toBeGreaterThan(0);
    expect(d.peaks.every((p) => p.heightMAhPerV > 3)).toBe(true);
    expect(a.couples).toHaveLength(0); // one direction cannot make couples
  });

  it('never sorts by voltage: a scrambled-by-noise trace still gives the right peaks', () => {
    // 3 mV noise on a 5 mV grid: raw ΔQ/ΔV would be useless
    const a = analyseDqdv(cell(HEV_LIKE, ETA, 0.003, 8000, 21), ['charge'], { dqdv: DQDV_DEFAULTS['interp-sg'], peaks: PEAK_DEFAULTS, couples: COUPLE_DEFAULTS });
    const peaks = a.halfCycles[0]!.peaks;
    expect(peaks).toHaveLength(3);
    peaks.forEach((p, i) => expect(Math.abs(p.voltageV - (HEV_LIKE.plateaus[i]!.e + ETA / 2))).toBeLessThan(0.01));
  });

  it('polarisation grows with the synthetic overpotential', () => {
    const pol = [0.02, 0.08, 0.16].map((eta) =>
      analyseDqdv(cell(HEV_LIKE, eta, 0.001), ['charge', 'discharge'], { dqdv: DQDV_DEFAULTS['interp-sg'], peaks: PEAK_DEFAULTS, couples: COUPLE_DEFAULTS }).couples.find((c) => Math.abs(c.meanVoltageV - 3.43) < 0.05)!.polarizationV,
    );
    expect(pol[0]!).toBeLessThan(pol[1]!);
    expect(pol[1]!).toBeLessThan(pol[2]!);
    expect(Math.abs(pol[2]! - 0.16)).toBeLessThan(0.01);
  });
});

describe('analyseDqdv without curves', () => {
  it('finds the same peaks and couples, and keeps no curve (HE-V, 30 cycles)', async () => {
    const { loadDataset } = await import('../../src/pipeline/load.js');
    const { join } = await import('node:path');
    const { ROOT } = await import('../helpers/cli.js');
    const d = await loadDataset(join(ROOT, 'fixtures', 'he-v', 'he-v-long-50C-200.csv'), { columns: {}, strict: false, restCurrentA: 1e-7, keepPoints: true, cycleRule: 'auto', massG: null, cRateBasis: null });
    const cycles = d.cycles.cycles.slice(0, 30);
    const withCurves = analyseDqdv(cycles, ['charge', 'discharge'], DQDV_ANALYSIS_DEFAULTS);
    const without = analyseDqdv(cycles, ['charge', 'discharge'], DQDV_ANALYSIS_DEFAULTS, false);
    expect(without.couples).toEqual(withCurves.couples);
    expect(without.couples.length).toBeGreaterThan(20);
    expect(without.halfCycles.map(({ curve, ...rest }) => rest)).toEqual(withCurves.halfCycles.map(({ curve, ...rest }) => rest));
    expect(without.halfCycles.every((h) => h.curve.voltageV.length === 0 && h.curve.dqdvMAhPerV.length === 0)).toBe(true);
    expect(withCurves.halfCycles.every((h) => h.curve.voltageV.length > 0)).toBe(true);
  });
});
