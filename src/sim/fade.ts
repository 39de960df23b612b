/**
 * Capacity fade as a retention curve r(n) = Q(n)/Q(1) that passes through given anchor
 * points. Between anchors the loss L = 1 − r follows a power law in (n − 1) (straight in
 * log–log), so two anchors fix L = A·(n − 1)^p; the first segment is extended back to n = 1
 * and the last beyond the last anchor. With the paper's anchors (5000 → 0.952,
 * 10000 → 0.888) p ≈ 1.22: fade that accelerates slightly, as long NASICON tests show.
 */
export interface FadeAnchor {
  cycle: number;
  retention: number;
}

export type Fade = (cycle: number) => number;

export const NO_FADE: Fade = () => 1;

/** The HE-V long-cycling figures at 50C: 95.2 % after 5000 cycles, 88.8 % after 10,000. */
export const PAPER_FADE: FadeAnchor[] = [
  { cycle: 5000, retention: 0.952 },
  { cycle: 10000, retention: 0.888 },
];

/** The paper's anchors moved to a test of `cycles` cycles (half-way and end), same retentions. */
export function scaledPaperFade(cycles: number): FadeAnchor[] {
  const half = Math.max(2, Math.round(cycles / 2));
  const end = Math.max(half + 1, cycles);
  return [
    { cycle: half, retention: PAPER_FADE[0]!.retention },
    { cycle: end, retention: PAPER_FADE[1]!.retention },
  ];
}

export function fadeCurve(anchors: FadeAnchor[]): Fade {
  if (anchors.length === 0) return NO_FADE;
  const pts = [...anchors].sort((a, b) => a.cycle - b.cycle);
  for (const a of pts) {
    if (!(a.cycle > 1) || !(a.retention > 0 && a.retention <= 1)) throw new RangeError(`fade anchor ${a.cycle}:${a.retention}: need cycle > 1 and 0 < retention ≤ 1`);
  }
  const loss = pts.map((a) => Math.max(1e-12, 1 - a.retention));
  const x = pts.map((a) => Math.log(a.cycle - 1));
  const y = loss.map((l) => Math.log(l));
  const slope = (k: number): number => (x[k + 1]! > x[k]! ? (y[k + 1]! - y[k]!) / (x[k + 1]! - x[k]!) : 1);
  return (cycle: number): number => {
    if (cycle <= 1) return 1;
    const lx = Math.log(cycle - 1);
    if (pts.length === 1) return 1 - loss[0]! * Math.exp(lx - x[0]!);
    let k = 0;
    while (k < pts.length - 2 && lx > x[k + 1]!) k++;
    const l = Math.exp(y[k]! + slope(k) * (lx - x[k]!));
    return Math.max(0, 1 - l);
  };
}

/** Parse `5000:0.952,10000:0.888` (retention as a fraction or with %). */
export function parseFadeAnchors(text: string): FadeAnchor[] {
  return text.split(',').map((part) => {
    const m = /^\s*(\d+)\s*:\s*([0-9]*\.?[0-9]+)\s*(%?)\s*$/.exec(part);
    if (!m) throw new RangeError(`'${part}': expected CYCLE:RETENTION such as 5000:0.952 or 5000:95.2%`);
    const r = Number(m[2]) / (m[3] === '%' ? 100 : 1);
    return { cycle: Number(m[1]), retention: r };
  });
}
