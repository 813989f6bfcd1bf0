import { hashString } from '../core/rng.ts';

/** A sparse vector: parallel arrays of bucket indices and weights. */
export interface SparseVector {
  readonly index: Uint32Array;
  readonly value: Float64Array;
}

const WORD = /[\p{L}\p{N}]+/gu;

/**
 * Counts of hashed word unigrams and bigrams of `text` (lower-cased) in `buckets` buckets (a power of
 * two). Hashing keeps memory fixed whatever the vocabulary; collisions only blur a little.
 */
export function hashedTermCounts(text: string, buckets: number): Map<number, number> {
  const counts = new Map<number, number>();
  const mask = buckets - 1;
  let prev: string | undefined;
  for (const match of text.toLowerCase().matchAll(WORD)) {
    const w = match[0];
    const uni = hashString(w) & mask;
    counts.set(uni, (counts.get(uni) ?? 0) + 1);
    if (prev !== undefined) {
      const bi = hashString(w, hashString(prev) ^ 0x9e3779b9) & mask;
      counts.set(bi, (counts.get(bi) ?? 0) + 1);
    }
    prev = w;
  }
  return counts;
}

/**
 * Hashed TF-IDF fitted on a set of documents (the training prompts only): sublinear tf `1 + ln tf`,
 * smoothed idf `ln((1 + n) / (1 + df)) + 1` (scikit-learn's defaults), rows L2-normalised so a dot
 * product is the cosine.
 */
export class HashedTfidf {
  readonly idf: Float64Array;

  private constructor(
    readonly buckets: number,
    idf: Float64Array,
  ) {
    this.idf = idf;
  }

  static fit(docs: readonly (string | undefined)[], buckets: number): HashedTfidf {
    const df = new Float64Array(buckets);
    for (const d of docs) if (d !== undefined) for (const b of hashedTermCounts(d, buckets).keys()) df[b]!++;
    const n = docs.filter((d) => d !== undefined).length;
    return new HashedTfidf(
      buckets,
      df.map((x) => Math.log((1 + n) / (1 + x)) + 1),
    );
  }

  /** The unit-length TF-IDF vector of `text` (empty when it has no words). */
  vectorize(text: string): SparseVector {
    const counts = hashedTermCounts(text, this.buckets);
    const index = new Uint32Array(counts.size);
    const value = new Float64Array(counts.size);
    let i = 0,
      norm = 0;
    for (const [b, tf] of counts) {
      const w = (1 + Math.log(tf)) * this.idf[b]!;
      index[i] = b;
      value[i++] = w;
      norm += w * w;
    }
    norm = Math.sqrt(norm);
    if (norm > 0) for (let j = 0; j < value.length; j++) value[j]! /= norm;
    return { index, value };
  }
}
