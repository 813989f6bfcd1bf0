/**
 * The learned router blended with knn: q̂_m = (1 − α)·p_m + α·k̄_m, where p_m is the calibrated prediction and
 * k̄_m the mean recorded quality of model m over the k training prompts nearest to the request (hashed TF-IDF
 * cosine, as the `knn` policy: NearestPrompts), the model's training mean where none of them knows it. α is
 * chosen on the calibration split (held out from training, never the test split) by routing AIQ, among the
 * weights whose blend does not predict those rows worse (Brier score: AIQ over a few hundred rows is noisy);
 * α = 0 keeps the plain learned router. With α > 0 the model directory also holds what the neighbours need: the TF-IDF
 * weights, the training prompts' TF-IDF vectors (not their text) and their outcomes (knn.bin).
 */
import { LruMap } from '../core/lru-map.ts';
import type { Trace } from '../traces/trace.ts';
import { HashedTfidf, type SparseVector } from './features/hashed-tfidf.ts';
import { NearestPrompts } from './features/nearest-prompts.ts';
import { outcomeMatrix } from './labels.ts';
import type { Predictor } from './predictor.ts';
import { lambdaMax } from './route.ts';
import { hullAiq } from './validation-aiq.ts';

/** Blend weights tried besides 0, and the neighbours and TF-IDF buckets (those of the `knn` policy's defaults). */
export const KNN_WEIGHTS: readonly number[] = [0.2, 0.4, 0.6];
export const KNN_K = 10;
export const KNN_BUCKETS = 65536;

/** What the neighbour means need, for M candidate models: saved as knn.bin. */
export interface KnnStore {
  readonly idf: Float64Array;
  readonly vectors: readonly (SparseVector | undefined)[];
  /** Row-major [requests × M], NaN = unknown. */
  readonly quality: Float64Array;
  readonly meanQuality: Float64Array;
}

/** The store of `requests` of a trace (its prompts and outcomes on the model `codes`). */
export function buildKnnStore(trace: Trace, requests: Uint32Array, codes: readonly number[]): KnnStore {
  const prompts = Array.from(requests, (r) => trace.prompts[r]);
  const tfidf = HashedTfidf.fit(prompts, KNN_BUCKETS);
  const quality = outcomeMatrix(trace, requests, codes).quality;
  const M = codes.length;
  const meanQuality = new Float64Array(M),
    known = new Float64Array(M);
  quality.forEach((q, k) => {
    if (Number.isNaN(q)) return;
    meanQuality[k % M]! += q;
    known[k % M]!++;
  });
  for (let m = 0; m < M; m++) meanQuality[m] = known[m]! > 0 ? meanQuality[m]! / known[m]! : 0;
  return {
    idf: tfidf.idf,
    vectors: prompts.map((p) => (p === undefined ? undefined : tfidf.vectorize(p))),
    quality,
    meanQuality,
  };
}

/** knn's per-model neighbour means for a prompt, memoised per prompt (a sweep asks for the same prompts). */
export function neighbourMeans(store: KnnStore, M: number): (prompt: string | undefined) => Float64Array {
  const index = NearestPrompts.fromVectors(HashedTfidf.fromIdf(store.idf), store.vectors);
  const found = new Map<string, Float64Array>();
  const nb = new Uint32Array(KNN_K);
  return (prompt) => {
    if (prompt === undefined) return store.meanQuality;
    let out = found.get(prompt);
    if (out) return out;
    const n = index.query(prompt, nb);
    out = new Float64Array(M);
    for (let m = 0; m < M; m++) {
      let sum = 0,
        count = 0;
      for (let j = 0; j < n; j++) {
        const q = store.quality[nb[j]! * M + m]!;
        if (q === q) [sum, count] = [sum + q, count + 1];
      }
      out[m] = count > 0 ? sum / count : store.meanQuality[m]!;
    }
    found.set(prompt, out);
    return out;
  };
}

/** (1 − α)·p + α·k̄ elementwise into a new array. */
export function blend(prob: Float64Array, knn: Float64Array, weight: number): Float64Array {
  return prob.map((p, k) => (1 - weight) * p + weight * knn[k]!);
}

/**
 * AIQ of argmax_m q̂_m − λ·ĉ_m over 0 and 48 λ values across eight decades below the all-cheapest λ, on ĉ's
 * range (costs here are the per-model estimates the router routes by); NaN when the costs are all equal.
 */
export function routingAiq(prob: Float64Array, quality: Float64Array, modelCostUsd: readonly number[]): number {
  const M = modelCostUsd.length,
    n = prob.length / M;
  const cMin = Math.min(...modelCostUsd),
    cMax = Math.max(...modelCostUsd);
  if (!(cMax > cMin) || n === 0) return NaN;
  const hi = lambdaMax(modelCostUsd);
  const lambdas = [0, ...Array.from({ length: 48 }, (_, i) => hi * 10 ** (-8 + (8 * i) / 47)), Infinity];
  const points = lambdas.map((lambda) => {
    let cost = 0,
      q = 0,
      known = 0;
    for (let i = 0; i < n; i++) {
      let best = 0,
        score = -Infinity;
      for (let m = 0; m < M; m++) {
        const s = lambda === Infinity ? -modelCostUsd[m]! : prob[i * M + m]! - lambda * modelCostUsd[m]!;
        if (s > score) [best, score] = [m, s];
      }
      cost += modelCostUsd[best]!;
      const v = quality[i * M + best]!;
      if (v === v) [q, known] = [q + v, known + 1];
    }
    return { x: cost / n, q: known > 0 ? q / known : NaN };
  });
  return hullAiq(points, cMax);
}

/**
 * Neighbour means by the SHA-256 of knn.bin: a sweep loads the same model directory once per point, and equal
 * contents give equal means, so the index and each prompt's neighbours are computed once. A few entries at most.
 */
const byContent = new LruMap<string, (prompt: string | undefined) => Float64Array>(2);

/** `inner` with its predictions blended with the neighbour means of the store (weight α); `sha256` of its file. */
export function blendedPredictor(inner: Predictor, store: KnnStore, weight: number, sha256?: string): Predictor {
  const M = inner.models.length;
  let means = sha256 === undefined ? undefined : byContent.get(sha256);
  if (!means) {
    means = neighbourMeans(store, M);
    if (sha256 !== undefined) byContent.set(sha256, means);
  }
  const near = means;
  return {
    models: inner.models,
    predict(req, out) {
      inner.predict(req, out);
      const k = near(req.prompt);
      for (let m = 0; m < M; m++) out[m] = (1 - weight) * out[m]! + weight * k[m]!;
    },
  };
}

export interface KnnBlendFit {
  /** 0 = no blend. */
  readonly weight: number;
  /** The store of the training split, when weight > 0. */
  readonly store?: KnnStore;
  /** Neighbour means of the calibration rows (row-major), to blend the calibration predictions with. */
  readonly calibrationKnn: Float64Array;
  /** Calibration-split AIQ of each weight tried (0 first). */
  readonly aiq: readonly number[];
}

/**
 * Chooses α on the calibration split: neighbours among the training split's prompts, `calProb` the calibrated
 * predictions of the calibration requests (row-major [calibration × M]), `weights` the values tried besides 0.
 */
export function fitKnnBlend(
  trace: Trace,
  split: { readonly train: Uint32Array; readonly calibration: Uint32Array },
  codes: readonly number[],
  calProb: Float64Array,
  modelCostUsd: readonly number[],
  weights: readonly number[] = KNN_WEIGHTS,
): KnnBlendFit {
  const M = codes.length;
  const none = { weight: 0, calibrationKnn: calProb, aiq: [] };
  if (weights.length === 0 || !split.calibration.some((r) => trace.prompts[r] !== undefined)) return none;
  const store = buildKnnStore(trace, split.train, codes);
  const means = neighbourMeans(store, M);
  const calibrationKnn = new Float64Array(split.calibration.length * M);
  split.calibration.forEach((r, i) => calibrationKnn.set(means(trace.prompts[r]), i * M));
  const quality = outcomeMatrix(trace, split.calibration, codes).quality;
  const tried = [0, ...weights].map((a) => blend(calProb, calibrationKnn, a));
  const aiqs = tried.map((p) => routingAiq(p, quality, modelCostUsd));
  const briers = tried.map((p) => brier(p, quality));
  let best = 0;
  for (let i = 1; i < aiqs.length; i++) if (aiqs[i]! > aiqs[best]! + 1e-9 && briers[i]! <= briers[0]!) best = i;
  const weight = best === 0 ? 0 : weights[best - 1]!;
  return { weight, ...(weight > 0 ? { store } : {}), calibrationKnn, aiq: aiqs };
}

/** Mean squared error of predictions against known outcomes (row-major, NaN = unknown). */
function brier(prob: Float64Array, quality: Float64Array): number {
  let sum = 0,
    n = 0;
  quality.forEach((q, k) => {
    if (q !== q) return;
    sum += (prob[k]! - q) ** 2;
    n++;
  });
  return n > 0 ? sum / n : 0;
}
