/**
 * A small seeded PRNG (mulberry32: a 32-bit state advanced by a Weyl constant, then mixed by
 * multiply–xorshift). Deterministic across platforms because it uses only 32-bit integer
 * arithmetic (`Math.imul`, `>>>`), so the same seed always gives the same bytes downstream.
 */
export interface Random {
  /** Uniform in [0, 1). */
  next(): number;
  /** Standard normal N(0, 1) (Box–Muller, one value per call; the pair's twin is kept). */
  gaussian(): number;
}

/**
 * The bare uniform stream in [0, 1), for callers that need no Gaussian. Tests use it directly
 * so their noisy inputs come from the same generator as the simulator's.
 */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function seededRandom(seed: number): Random {
  // The constant is part of the simulator's seeding: every pinned synthetic file depends on it.
  const next = mulberry32(Math.trunc(seed) ^ 0x9e3779b9);
  let spare: number | null = null;
  const gaussian = (): number => {
    if (spare !== null) {
      const s = spare;
      spare = null;
      return s;
    }
    // 1 − u keeps the logarithm's argument in (0, 1].
    const u = 1 - next();
    const v = next();
    const r = Math.sqrt(-2 * Math.log(u));
    spare = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  };
  return { next, gaussian };
}
