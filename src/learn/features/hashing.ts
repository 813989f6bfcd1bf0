/**
 * Hashed n-grams of a prompt: word 1–2-grams into the first half of the hashed space, character
 * 3–5-grams into the second half, so the (rarer, more informative) word terms are not drowned by the
 * many character terms when each half is normalised on its own.
 * FNV-1a is computed inline over UTF-16 code units: no substring is allocated on this hot path.
 */
const FNV_PRIME = 0x01000193;
const WORD_SEED = 0x811c9dc5;
const BIGRAM_SEED = 0x9747b28c;
const CHAR_SEED = 0x2e5bf271;

/**
 * Term counts for one text, keyed by hashed index: `touched[0 … n)` lists the indices with a non-zero
 * count. Typed arrays reused between texts keep this allocation-free (a JS array sorted with a
 * comparator cost more than the hashing itself).
 */
export interface TermCounts {
  readonly counts: Float32Array;
  /** Distinct indices seen, in first-seen order; never longer than the hashed space. */
  readonly touched: Int32Array;
  n: number;
  /** Scratch for the normalised characters of the text. */
  chars: Uint16Array;
  /** Scratch for `sortedTouched`: one bit per index, one summary bit per 32-index word, the output. */
  readonly bits: Int32Array;
  readonly summary: Int32Array;
  readonly sorted: Int32Array;
}

export function createTermCounts(dim: number): TermCounts {
  const words = Math.ceil(dim / 32);
  return {
    counts: new Float32Array(dim),
    touched: new Int32Array(dim),
    n: 0,
    chars: new Uint16Array(1024),
    bits: new Int32Array(words),
    summary: new Int32Array(Math.ceil(words / 32)),
    sorted: new Int32Array(dim),
  };
}

export function clearTermCounts(tc: TermCounts): void {
  for (let k = 0; k < tc.n; k++) tc.counts[tc.touched[k]!] = 0;
  tc.n = 0;
}

/**
 * The touched indices in increasing order. A two-level bitset walked with count-leading-zeros: much
 * faster than TypedArray#sort on a few hundred indices (which took more time than the hashing;
 * bench/learn-backends.ts measures the featuriser), and O(n + dim/1024). Leaves the bitset cleared for the next text.
 */
export function sortedTouched(tc: TermCounts): Int32Array {
  const { touched, bits, summary, sorted } = tc;
  for (let k = 0; k < tc.n; k++) {
    const j = touched[k]!;
    bits[j >>> 5]! |= 1 << (j & 31);
    summary[j >>> 10]! |= 1 << ((j >>> 5) & 31);
  }
  let out = 0;
  for (let s = 0; s < summary.length; s++) {
    let sw = summary[s]!;
    if (sw === 0) continue;
    summary[s] = 0;
    while (sw !== 0) {
      const lowS = sw & -sw;
      sw ^= lowS;
      const w = (s << 5) | (31 - Math.clz32(lowS));
      let word = bits[w]!;
      bits[w] = 0;
      while (word !== 0) {
        const low = word & -word;
        word ^= low;
        sorted[out++] = (w << 5) | (31 - Math.clz32(low));
      }
    }
  }
  return sorted.subarray(0, out);
}

function isWordChar(c: number): boolean {
  // ASCII letters/digits/underscore, and every non-ASCII code unit except common punctuation blocks,
  // so CJK, Cyrillic and accented words count as words without a Unicode regex per character.
  if (c < 128) return (c >= 48 && c <= 57) || (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95;
  return !(c >= 0x2000 && c <= 0x206f) && !(c >= 0x3000 && c <= 0x303f);
}

function lower(c: number): number {
  return c >= 65 && c <= 90 ? c + 32 : c;
}

/**
 * Adds the word unigrams and bigrams of `text` into [0, buckets) — buckets a power of two. Words are runs
 * of ASCII letters, digits and `_` or non-ASCII letters (see isWordChar), ASCII-lower-cased. The one
 * tokenizer of routelab: the learned router's features and knn's TF-IDF both count words through it.
 */
export function hashWordGrams(text: string, buckets: number, tc: TermCounts): void {
  // Locals instead of tc fields: this loop is the featuriser's hot path.
  const counts = tc.counts,
    touched = tc.touched;
  let t = tc.n;
  const mask = buckets - 1;
  let prev = -1;
  let h = WORD_SEED;
  let inWord = false;
  const n = text.length;
  for (let i = 0; i <= n; i++) {
    const c = i < n ? text.charCodeAt(i) : 32;
    if (isWordChar(c)) {
      h = Math.imul(h ^ lower(c), FNV_PRIME);
      inWord = true;
    } else if (inWord) {
      const w = h >>> 0;
      let j = w & mask;
      if (counts[j] === 0) touched[t++] = j;
      counts[j]! += 1;
      if (prev >= 0) {
        j = ((Math.imul(prev ^ BIGRAM_SEED, FNV_PRIME) ^ w) >>> 0) & mask;
        if (counts[j] === 0) touched[t++] = j;
        counts[j]! += 1;
      }
      prev = w;
      h = WORD_SEED;
      inWord = false;
    }
  }
  tc.n = t;
}

/** Adds word unigrams and bigrams of `text` into [0, half) and char 3–5-grams into [half, 2·half). */
export function hashNgrams(text: string, half: number, tc: TermCounts): void {
  hashWordGrams(text, half, tc);
  const counts = tc.counts,
    touched = tc.touched;
  let t = tc.n;
  const mask = half - 1;
  const n = text.length;
  // Character n-grams over the lower-cased text with runs of whitespace collapsed to one space.
  if (tc.chars.length < n) tc.chars = new Uint16Array(n * 2);
  const buf = tc.chars;
  let m = 0;
  let lastSpace = true;
  for (let i = 0; i < n; i++) {
    let c = lower(text.charCodeAt(i));
    if (c === 9 || c === 10 || c === 13 || c === 32) {
      if (lastSpace) continue;
      c = 32;
      lastSpace = true;
    } else lastSpace = false;
    buf[m++] = c;
  }
  for (let i = 0; i + 3 <= m; i++) {
    let g = Math.imul(Math.imul(CHAR_SEED ^ buf[i]!, FNV_PRIME) ^ buf[i + 1]!, FNV_PRIME);
    const kmax = Math.min(5, m - i);
    for (let k = 2; k < kmax; k++) {
      g = Math.imul(g ^ buf[i + k]!, FNV_PRIME);
      const j = half + (((g >>> 0) ^ k) & mask);
      if (counts[j] === 0) touched[t++] = j;
      counts[j]! += 1;
    }
  }
  tc.n = t;
}
