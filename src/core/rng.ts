/**
 * The one seeded random source. `Math.random` is never used inside `src/`, so a seed fixes every result.
 * Algorithm: sfc32 seeded through splitmix32 (fast, 128-bit state, passes PractRand to 2^40+).
 */
export interface Rng {
  /** Uniform float in [0, 1). */
  next(): number;
  /** Uniform integer in [0, n). */
  int(n: number): number;
  /** A new independent stream derived from this one (for per-run or per-worker randomness). */
  fork(): Rng;
}

function splitmix32(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
}

/** Seeded generator; same seed → same sequence on every platform. */
export function createRng(seed: number): Rng {
  const init = splitmix32(Math.floor(seed) ^ 0x5bd1e995);
  let a = init(), b = init(), c = init(), d = init();
  const next32 = (): number => {
    const t = (((a + b) >>> 0) + d) >>> 0;
    d = (d + 1) >>> 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) >>> 0;
    c = ((c << 21) | (c >>> 11)) >>> 0;
    c = (c + t) >>> 0;
    return t;
  };
  for (let i = 0; i < 12; i++) next32();
  return {
    next: () => next32() / 4294967296,
    int: (n) => Math.floor((next32() / 4294967296) * n),
    fork: () => createRng(next32()),
  };
}

/** Stable 32-bit FNV-1a hash of a string, for seeding per-name streams and feature hashing. */
export function hashString(s: string, seed = 0x811c9dc5): number {
  let h = seed >>> 0;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}
