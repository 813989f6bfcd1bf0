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

/** Term counts for one text, keyed by hashed index. `touched` lists indices with a non-zero count. */
export interface TermCounts {
  readonly counts: Float32Array;
  readonly touched: number[];
}

export function createTermCounts(dim: number): TermCounts {
  return { counts: new Float32Array(dim), touched: [] };
}

export function clearTermCounts(tc: TermCounts): void {
  for (const j of tc.touched) tc.counts[j] = 0;
  tc.touched.length = 0;
}

function bump(tc: TermCounts, j: number): void {
  if (tc.counts[j] === 0) tc.touched.push(j);
  tc.counts[j]! += 1;
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

/** Adds word unigrams and bigrams of `text` into [0, half) and char 3–5-grams into [half, 2·half). */
export function hashNgrams(text: string, half: number, tc: TermCounts): void {
  const mask = half - 1;
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
      bump(tc, w & mask);
      if (prev >= 0) bump(tc, (Math.imul(prev ^ BIGRAM_SEED, FNV_PRIME) ^ w) >>> 0 & mask);
      prev = w;
      h = WORD_SEED;
      inWord = false;
    }
  }
  // Character n-grams over the lower-cased text with runs of whitespace collapsed to one space.
  const buf: number[] = [];
  let lastSpace = true;
  for (let i = 0; i < n; i++) {
    let c = lower(text.charCodeAt(i));
    if (c === 9 || c === 10 || c === 13 || c === 32) {
      if (lastSpace) continue;
      c = 32;
      lastSpace = true;
    } else lastSpace = false;
    buf.push(c);
  }
  const m = buf.length;
  for (let i = 0; i + 3 <= m; i++) {
    let g = CHAR_SEED;
    for (let k = 0; k < 5 && i + k < m; k++) {
      g = Math.imul(g ^ buf[i + k]!, FNV_PRIME);
      if (k >= 2) bump(tc, half + (((g >>> 0) ^ k) & mask));
    }
  }
}
