/**
 * Equilibrium potential of an insertion electrode as a function of how much of its capacity
 * has been extracted. The material is described the way electrochemists read a dQ/dV plot:
 * each redox couple is a logistic step in Q(V) centred on its potential E_k and carrying a
 * share of the capacity; a small linear share stands for the capacitive/solid-solution
 * background between plateaus (it also keeps the inverse V(Q) finite between plateaus).
 *
 *   X(V) = Σ_k s_k · σ((V − E_k) / w_k) + s_bg · (V − V_min) / (V_max − V_min),   σ(z) = 1/(1+e^−z)
 *
 * θ(V) = (X(V) − X(V_min)) / (X(V_max) − X(V_min)) is the extracted fraction; the curve
 * tabulates its inverse V(θ), so dQ/dV of a slow, noise-free curve peaks at each E_k.
 */
export interface Plateau {
  potentialV: number;
  /** Share of the electrode's capacity carried by this couple (shares need not sum to 1). */
  share: number;
  /** Logistic width, V: the dQ/dV peak's FWHM is about 3.5 × widthV. */
  widthV: number;
}

export interface CurveSpec {
  plateaus: Plateau[];
  backgroundShare: number;
  minV: number;
  maxV: number;
}

export interface PotentialCurve {
  spec: CurveSpec;
  /** Equilibrium potential at extracted fraction θ; beyond [0, 1] it keeps rising (or falling) steeply. */
  potentialAt(theta: number): number;
  /** Extracted fraction at potential V (clamped to [0, 1]). */
  fractionAt(voltageV: number): number;
}

const TABLE = 16384;
/** Beyond the tabulated range the potential runs away at this slope (V per unit fraction). */
const RUNAWAY_V = 20;

function extraction(spec: CurveSpec, v: number): number {
  let x = (spec.backgroundShare * (v - spec.minV)) / (spec.maxV - spec.minV);
  for (const p of spec.plateaus) x += p.share / (1 + Math.exp(-(v - p.potentialV) / p.widthV));
  return x;
}

export function buildCurve(spec: CurveSpec): PotentialCurve {
  if (!(spec.maxV > spec.minV)) throw new RangeError('curve: maxV must exceed minV');
  if (!(spec.backgroundShare > 0)) throw new RangeError('curve: backgroundShare must be positive so that V(θ) is a function');
  // Sample θ(V) densely (0.1 mV), then invert onto a uniform θ grid by a single merge walk.
  const n = Math.ceil((spec.maxV - spec.minV) / 1e-4) + 1;
  const vs = new Float64Array(n);
  const xs = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    vs[k] = spec.minV + ((spec.maxV - spec.minV) * k) / (n - 1);
    xs[k] = extraction(spec, vs[k]!);
  }
  const x0 = xs[0]!;
  const span = xs[n - 1]! - x0;
  const table = new Float64Array(TABLE + 1);
  let k = 1;
  for (let j = 0; j <= TABLE; j++) {
    const target = x0 + (span * j) / TABLE;
    while (k < n - 1 && xs[k]! < target) k++;
    const xa = xs[k - 1]!;
    const xb = xs[k]!;
    const f = xb > xa ? Math.min(1, Math.max(0, (target - xa) / (xb - xa))) : 0;
    table[j] = vs[k - 1]! + f * (vs[k]! - vs[k - 1]!);
  }
  table[0] = spec.minV;
  table[TABLE] = spec.maxV;
  return {
    spec,
    potentialAt(theta: number): number {
      if (theta <= 0) return spec.minV + theta * RUNAWAY_V;
      if (theta >= 1) return spec.maxV + (theta - 1) * RUNAWAY_V;
      const pos = theta * TABLE;
      const j = Math.floor(pos);
      const a = table[j]!;
      return a + (pos - j) * (table[j + 1]! - a);
    },
    fractionAt(voltageV: number): number {
      const v = Math.min(spec.maxV, Math.max(spec.minV, voltageV));
      return (extraction(spec, v) - x0) / span;
    },
  };
}
