import { HashedTfidf } from './hashed-tfidf.ts';

/**
 * k-nearest-neighbour search over training prompts by hashed TF-IDF cosine, through an inverted index
 * (bucket → documents), so a query touches only documents sharing a term with it.
 */
export class NearestPrompts {
  private readonly tfidf: HashedTfidf;
  private readonly postingStart: Uint32Array;
  private readonly postingDoc: Uint32Array;
  private readonly postingWeight: Float64Array;
  private readonly score: Float64Array;
  private readonly touched: Uint32Array;

  constructor(prompts: readonly (string | undefined)[], buckets: number) {
    this.tfidf = HashedTfidf.fit(prompts, buckets);
    const vectors = prompts.map((p) => (p === undefined ? undefined : this.tfidf.vectorize(p)));
    const start = new Uint32Array(buckets + 1);
    for (const v of vectors) if (v) for (const b of v.index) start[b + 1]!++;
    for (let b = 0; b < buckets; b++) start[b + 1]! += start[b]!;
    const fill = start.slice(0, buckets);
    const doc = new Uint32Array(start[buckets]!);
    const weight = new Float64Array(start[buckets]!);
    vectors.forEach((v, d) => {
      if (!v) return;
      for (let j = 0; j < v.index.length; j++) {
        const at = fill[v.index[j]!]!++;
        doc[at] = d;
        weight[at] = v.value[j]!;
      }
    });
    this.postingStart = start;
    this.postingDoc = doc;
    this.postingWeight = weight;
    this.score = new Float64Array(prompts.length);
    this.touched = new Uint32Array(prompts.length);
  }

  /**
   * Writes the indices of up to `out.length` training prompts most similar to `text` into `out`
   * (most similar first; ties: lower index) and returns how many (only prompts sharing a term count).
   */
  query(text: string, out: Uint32Array): number {
    const q = this.tfidf.vectorize(text);
    let nTouched = 0;
    for (let j = 0; j < q.index.length; j++) {
      const b = q.index[j]!,
        w = q.value[j]!;
      for (let p = this.postingStart[b]!; p < this.postingStart[b + 1]!; p++) {
        const d = this.postingDoc[p]!;
        if (this.score[d] === 0) this.touched[nTouched++] = d;
        this.score[d]! += w * this.postingWeight[p]!;
      }
    }
    const k = out.length;
    let n = 0;
    for (let t = 0; t < nTouched; t++) {
      const d = this.touched[t]!;
      const s = this.score[d]!;
      // Insertion into the small sorted top-k list.
      let i = n < k ? n++ : k;
      while (i > 0 && (this.score[out[i - 1]!]! < s || (this.score[out[i - 1]!]! === s && out[i - 1]! > d))) {
        if (i < k) out[i] = out[i - 1]!;
        i--;
      }
      if (i < k) out[i] = d;
    }
    // Scores stay set until the top-k is read, then are cleared for the next query.
    for (let t = 0; t < nTouched; t++) this.score[this.touched[t]!] = 0;
    return n;
  }
}
