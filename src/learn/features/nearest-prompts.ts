import { HashedTfidf, type SparseVector } from './hashed-tfidf.ts';

/**
 * Postings read per query term (see NearestPrompts). On 100k × 100k prompts sharing common words
 * (bench/knn.ts), 256 with 20k candidates re-scored found the exact top 10 (recall 1.000 on 200 sampled
 * queries) in 58 CPU s, against an extrapolated ~1,050 s reading every posting; re-scoring only 4k gave
 * recall 0.94, and 1024 postings with 4k re-scored 0.992 at the same cost.
 */
export const MAX_POSTINGS_PER_TERM = 256;

/** Candidates re-scored exactly per neighbour wanted, when a posting list was cut. */
const POOL_PER_NEIGHBOUR = 20;

/**
 * k-nearest-neighbour search over training prompts by hashed TF-IDF cosine, through an inverted index
 * (bucket → documents), so a query touches only documents sharing a term with it.
 *
 * A term in most prompts (a shared preamble, "the", "please") has a posting list as long as the training set,
 * and reading it whole made a query O(training size) and knn quadratic. Each list is therefore kept in
 * decreasing weight, and a query reads at most `maxPostings` entries of each: the documents where the term
 * weighs most. When a list was cut, the best 20k candidates by the partial score are re-scored exactly
 * (their stored vectors against the query) before the top k is taken. Lists no longer than `maxPostings` are
 * read whole, so a small training set gets the exact top k.
 */
export class NearestPrompts {
  private readonly tfidf: HashedTfidf;
  private readonly postingStart: Uint32Array;
  private readonly postingDoc: Uint32Array;
  private readonly postingWeight: Float64Array;
  private readonly docStart: Uint32Array;
  private readonly docIndex: Uint32Array;
  private readonly docWeight: Float64Array;
  private readonly score: Float64Array;
  private readonly touched: Uint32Array;
  private readonly queryDense: Float64Array;
  private readonly scratch: Float64Array;
  private read = 0;

  constructor(
    prompts: readonly (string | undefined)[],
    buckets: number,
    private readonly maxPostings = MAX_POSTINGS_PER_TERM,
    fitted?: { readonly tfidf: HashedTfidf; readonly vectors: readonly (SparseVector | undefined)[] },
  ) {
    this.tfidf = fitted?.tfidf ?? HashedTfidf.fit(prompts, buckets);
    const vectors = fitted?.vectors ?? prompts.map((p) => (p === undefined ? undefined : this.tfidf.vectorize(p)));
    const start = new Uint32Array(buckets + 1);
    const docStart = new Uint32Array(vectors.length + 1);
    vectors.forEach((v, d) => {
      docStart[d + 1] = docStart[d]! + (v?.index.length ?? 0);
      if (v) for (const b of v.index) start[b + 1]!++;
    });
    for (let b = 0; b < buckets; b++) start[b + 1]! += start[b]!;
    const fill = start.slice(0, buckets);
    const doc = new Uint32Array(start[buckets]!);
    const weight = new Float64Array(start[buckets]!);
    this.docIndex = new Uint32Array(start[buckets]!);
    this.docWeight = new Float64Array(start[buckets]!);
    vectors.forEach((v, d) => {
      if (!v) return;
      this.docIndex.set(v.index, docStart[d]!);
      this.docWeight.set(v.value, docStart[d]!);
      for (let j = 0; j < v.index.length; j++) {
        const at = fill[v.index[j]!]!++;
        doc[at] = d;
        weight[at] = v.value[j]!;
      }
    });
    for (let b = 0; b < buckets; b++)
      if (start[b + 1]! - start[b]! > maxPostings) byWeight(doc, weight, start[b]!, start[b + 1]!);
    this.postingStart = start;
    this.postingDoc = doc;
    this.postingWeight = weight;
    this.docStart = docStart;
    this.score = new Float64Array(vectors.length);
    this.touched = new Uint32Array(vectors.length);
    this.queryDense = new Float64Array(buckets);
    this.scratch = new Float64Array(vectors.length);
  }

  /** The index of documents already vectorised by `tfidf` (e.g. saved with a model); undefined = no prompt. */
  static fromVectors(tfidf: HashedTfidf, vectors: readonly (SparseVector | undefined)[]): NearestPrompts {
    return new NearestPrompts([], tfidf.buckets, MAX_POSTINGS_PER_TERM, { tfidf, vectors });
  }

  /** Postings read by all queries so far: the work a query does, which the bound keeps near-constant. */
  get postingsRead(): number {
    return this.read;
  }

  /**
   * Writes the indices of up to `out.length` training prompts most similar to `text` into `out`
   * (most similar first; ties: lower index) and returns how many (only prompts sharing a term count).
   */
  query(text: string, out: Uint32Array): number {
    const q = this.tfidf.vectorize(text);
    let nTouched = 0;
    let cut = false;
    for (let j = 0; j < q.index.length; j++) {
      const b = q.index[j]!,
        w = q.value[j]!;
      const from = this.postingStart[b]!;
      let to = this.postingStart[b + 1]!;
      if (to - from > this.maxPostings) [to, cut] = [from + this.maxPostings, true];
      this.read += to - from;
      for (let p = from; p < to; p++) {
        const d = this.postingDoc[p]!;
        if (this.score[d] === 0) this.touched[nTouched++] = d;
        this.score[d]! += w * this.postingWeight[p]!;
      }
    }
    let n: number;
    if (!cut) n = this.top(this.touched, nTouched, out);
    else {
      const pool = new Uint32Array(Math.min(nTouched, POOL_PER_NEIGHBOUR * out.length));
      const m = this.best(nTouched, pool);
      for (let j = 0; j < q.index.length; j++) this.queryDense[q.index[j]!] = q.value[j]!;
      for (let i = 0; i < m; i++) {
        const d = pool[i]!;
        let s = 0;
        for (let p = this.docStart[d]!; p < this.docStart[d + 1]!; p++)
          s += this.queryDense[this.docIndex[p]!]! * this.docWeight[p]!;
        this.score[d] = s;
      }
      for (let j = 0; j < q.index.length; j++) this.queryDense[q.index[j]!] = 0;
      n = this.top(pool, m, out);
    }
    // Scores stay set until the top-k is read, then are cleared for the next query.
    for (let t = 0; t < nTouched; t++) this.score[this.touched[t]!] = 0;
    return n;
  }

  /**
   * The `pool.length` touched documents with the highest partial scores, in no order, into `pool` (ties: first
   * touched): a selection in O(touched), where keeping a sorted pool would cost O(touched · pool).
   */
  private best(nTouched: number, pool: Uint32Array): number {
    const P = pool.length;
    if (P === 0) return 0;
    const scratch = this.scratch.subarray(0, nTouched);
    for (let t = 0; t < nTouched; t++) scratch[t] = this.score[this.touched[t]!]!;
    const cutoff = kthLargest(scratch, P);
    let above = 0;
    for (let t = 0; t < nTouched; t++) if (this.score[this.touched[t]!]! > cutoff) above++;
    let m = 0,
      ties = P - above;
    for (let t = 0; t < nTouched && m < P; t++) {
      const d = this.touched[t]!,
        s = this.score[d]!;
      if (s > cutoff || (s === cutoff && ties-- > 0)) pool[m++] = d;
    }
    return m;
  }

  /** The up to `out.length` best of the first `n` documents of `from` by `score` into `out`; returns how many. */
  private top(from: Uint32Array, n: number, out: Uint32Array): number {
    const k = out.length;
    let filled = 0;
    for (let t = 0; t < n; t++) {
      const d = from[t]!;
      const s = this.score[d]!;
      // Insertion into the small sorted top-k list.
      let i = filled < k ? filled++ : k;
      while (i > 0 && (this.score[out[i - 1]!]! < s || (this.score[out[i - 1]!]! === s && out[i - 1]! > d))) {
        if (i < k) out[i] = out[i - 1]!;
        i--;
      }
      if (i < k) out[i] = d;
    }
    return filled;
  }
}

/** The k-th largest of `values` (1 ≤ k ≤ length), by quickselect on the middle element; reorders `values`. */
function kthLargest(values: Float64Array, k: number): number {
  let lo = 0,
    hi = values.length - 1;
  const want = k - 1;
  while (lo < hi) {
    const pivot = values[(lo + hi) >>> 1]!;
    let i = lo,
      j = hi;
    while (i <= j) {
      while (values[i]! > pivot) i++;
      while (values[j]! < pivot) j--;
      if (i <= j) {
        const t = values[i]!;
        values[i++] = values[j]!;
        values[j--] = t;
      }
    }
    if (want <= j) hi = j;
    else if (want >= i) lo = i;
    else return values[want]!;
  }
  return values[want]!;
}

/** Sorts postings [from, to) by decreasing weight, ties by document, in place. */
function byWeight(doc: Uint32Array, weight: Float64Array, from: number, to: number): void {
  const order = Array.from({ length: to - from }, (_, i) => from + i).sort(
    (a, b) => weight[b]! - weight[a]! || doc[a]! - doc[b]!,
  );
  const d = order.map((i) => doc[i]!),
    w = order.map((i) => weight[i]!);
  doc.set(d, from);
  weight.set(w, from);
}
