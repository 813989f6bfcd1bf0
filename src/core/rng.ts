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

/**
 * sfc32 with its state in a Uint32Array: closure variables above 2^30 are boxed heap numbers, so the
 * earlier closure form allocated on every draw; typed-array slots stay raw 32-bit words, and a
 * store wraps modulo 2^32 exactly as `>>> 0` did, so the sequence is unchanged.
 */
class Sfc32 implements Rng {
  private readonly s = new Uint32Array(4);

  constructor(seed: number) {
    const init = splitmix32(Math.floor(seed) ^ 0x5bd1e995);
    const s = this.s;
    for (let i = 0; i < 4; i++) s[i] = init();
    for (let i = 0; i < 12; i++) this.next32();
  }

  private next32(): number {
    const s = this.s;
    const a = s[0]!,
      b = s[1]!,
      c = s[2]!,
      d = s[3]!;
    const t = (a + b + d) >>> 0;
    s[3] = d + 1;
    s[0] = b ^ (b >>> 9);
    s[1] = c + (c << 3);
    s[2] = ((c << 21) | (c >>> 11)) + t;
    return t;
  }

  next(): number {
    return this.next32() / 4294967296;
  }

  int(n: number): number {
    return Math.floor((this.next32() / 4294967296) * n);
  }

  fork(): Rng {
    return new Sfc32(this.next32());
  }
}

/** Seeded generator; same seed → same sequence on every platform. */
export function createRng(seed: number): Rng {
  return new Sfc32(seed);
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

/**
 * The rng of one (run, slice) bootstrap, derived from the seed and the names only: a run's CI does not
 * depend on which other runs or slices were summarised before it.
 */
export function bootstrapRng(seed: number, ...names: string[]): Rng {
  return createRng(hashString(names.join('\u0000'), seed >>> 0));
}

/** murmur3's finalizer: FNV hashes of ids that differ in one trailing digit are too regular to rank by alone. */
export function mix32(h: number): number {
  let z = h >>> 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}
