/**
 * knn.bin of a model directory (only when the router blends with knn, knn-blend.ts): one float64 array,
 *   idf (buckets) | row starts (requests + 1) | bucket indices (nnz) | weights (nnz) | quality (requests × M) |
 *   per-model mean quality (M)
 * with the sizes in the manifest's `knn` entry. Float64 throughout, so the loaded index scores exactly as the
 * one the blend weight was chosen with.
 */
import type { SparseVector } from './features/hashed-tfidf.ts';
import type { KnnStore } from './knn-blend.ts';

/** The sizes the manifest records to read the file back. */
export interface KnnStoreSizes {
  readonly buckets: number;
  readonly requests: number;
  readonly nnz: number;
  readonly models: number;
}

export function knnStoreSizes(store: KnnStore): KnnStoreSizes {
  return {
    buckets: store.idf.length,
    requests: store.vectors.length,
    nnz: store.vectors.reduce((s, v) => s + (v?.index.length ?? 0), 0),
    models: store.meanQuality.length,
  };
}

const length = (s: KnnStoreSizes) => s.buckets + s.requests + 1 + 2 * s.nnz + s.requests * s.models + s.models;

export function encodeKnnStore(store: KnnStore): Float64Array {
  const s = knnStoreSizes(store);
  const out = new Float64Array(length(s));
  out.set(store.idf, 0);
  let at = s.buckets;
  const starts = at,
    idx = starts + s.requests + 1,
    val = idx + s.nnz;
  let nz = 0;
  store.vectors.forEach((v, r) => {
    out[starts + r] = nz;
    if (v) {
      out.set(v.index, idx + nz);
      out.set(v.value, val + nz);
      nz += v.index.length;
    }
  });
  out[starts + s.requests] = nz;
  at = val + s.nnz;
  out.set(store.quality, at);
  out.set(store.meanQuality, at + s.requests * s.models);
  return out;
}

/** The store, or a message saying why the array does not fit the sizes. */
export function decodeKnnStore(a: Float64Array, s: KnnStoreSizes): KnnStore | string {
  if (a.length !== length(s)) return `expected ${length(s)} values, got ${a.length}`;
  const starts = s.buckets,
    idx = starts + s.requests + 1,
    val = idx + s.nnz,
    q = val + s.nnz;
  const vectors: SparseVector[] = [];
  for (let r = 0; r < s.requests; r++) {
    const from = a[starts + r]!,
      to = a[starts + r + 1]!;
    if (!(from <= to && to <= s.nnz)) return `expected non-decreasing row starts up to ${s.nnz}, got ${from}…${to}`;
    vectors.push({ index: Uint32Array.from(a.subarray(idx + from, idx + to)), value: a.slice(val + from, val + to) });
  }
  return {
    idf: a.slice(0, s.buckets),
    vectors,
    quality: a.slice(q, q + s.requests * s.models),
    meanQuality: a.slice(q + s.requests * s.models),
  };
}
