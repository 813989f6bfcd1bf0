import { clearTermCounts, createTermCounts, hashWordGrams, type TermCounts } from './hashing.ts';

/** A sparse vector: parallel arrays of bucket indices and weights. */
export interface SparseVector {
  readonly index: Uint32Array;
  readonly value: Float64Array;
}

/**
 * Hashed TF-IDF of word 1–2-grams (the featuriser's tokenizer, `hashWordGrams`) fitted on a set of
 * documents (the training prompts only): sublinear tf `1 + ln tf`, smoothed idf `ln((1 + n) / (1 + df)) + 1`
 * (scikit-learn's defaults), rows L2-normalised so a dot product is the cosine. Hashing keeps memory fixed
 * whatever the vocabulary; collisions only blur a little.
 */
export class HashedTfidf {
  private readonly terms: TermCounts;

  private constructor(
    readonly buckets: number,
    readonly idf: Float64Array,
  ) {
    this.terms = createTermCounts(buckets);
  }

  /** A TF-IDF with given weights (e.g. saved with a model); `buckets` = idf.length. */
  static fromIdf(idf: Float64Array): HashedTfidf {
    return new HashedTfidf(idf.length, idf);
  }

  static fit(docs: readonly (string | undefined)[], buckets: number): HashedTfidf {
    const df = new Float64Array(buckets);
    const tc = createTermCounts(buckets);
    let n = 0;
    for (const d of docs) {
      if (d === undefined) continue;
      n++;
      hashWordGrams(d, buckets, tc);
      for (let k = 0; k < tc.n; k++) df[tc.touched[k]!]!++;
      clearTermCounts(tc);
    }
    return new HashedTfidf(
      buckets,
      df.map((x) => Math.log((1 + n) / (1 + x)) + 1),
    );
  }

  /** The unit-length TF-IDF vector of `text` (empty when it has no words), terms in first-seen order. */
  vectorize(text: string): SparseVector {
    const tc = this.terms;
    hashWordGrams(text, this.buckets, tc);
    const index = new Uint32Array(tc.n);
    const value = new Float64Array(tc.n);
    let norm = 0;
    for (let i = 0; i < tc.n; i++) {
      const b = tc.touched[i]!;
      const w = (1 + Math.log(tc.counts[b]!)) * this.idf[b]!;
      index[i] = b;
      value[i] = w;
      norm += w * w;
    }
    clearTermCounts(tc);
    norm = Math.sqrt(norm);
    if (norm > 0) for (let j = 0; j < value.length; j++) value[j]! /= norm;
    return { index, value };
  }
}
