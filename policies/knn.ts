import {
  ConfigError,
  checkKnownOptions,
  integerOption,
  numberOption,
  requireTrain,
  specName,
  type Decision,
  type Policy,
  type PolicyDefinition,
} from 'routelab/policy';
import { sharedNearestPrompts, type NeighbourMemo } from 'routelab/learn';

/**
 * `knn?k=10&lambda=0&buckets=65536` — find the k training prompts nearest to the request's prompt
 * (hashed TF-IDF cosine over word unigrams and bigrams, fitted on the training trace only) and pick
 * `argmax_m mean quality_m − λ · mean costUsd_m` over those neighbours (ties: catalog order). A model with
 * no known quality among the neighbours, and a request without prompt or without any similar prompt,
 * use the model's training mean instead. λ is in quality per USD.
 */
export function knnPolicy(k: number, lambda: number, buckets: number): Policy {
  const name = specName('knn', '', {
    k: String(k),
    lambda: String(lambda),
    ...(buckets === 65536 ? {} : { buckets: String(buckets) }),
  });
  let index: NeighbourMemo | undefined;
  let M = 0;
  // Per training request × catalog model (NaN = no row or unknown); means per model as the fallback.
  let quality = new Float64Array(0),
    costUsd = new Float64Array(0);
  let meanQuality: Float64Array = new Float64Array(0),
    meanCostUsd: Float64Array = new Float64Array(0);
  let decisions: Decision[] = [];
  const neighbours = new Uint32Array(k);
  return {
    name,
    init: ({ catalog, train }) => {
      const t = requireTrain(name, train);
      if (!t.prompts.some((p) => p !== undefined))
        throw new ConfigError(`policy ${name}: the training trace has no prompts to compare with`);
      M = catalog.length;
      const toCatalog = t.modelNames.map((n) => catalog.findIndex((c) => c.model === n));
      quality = new Float64Array(t.requestCount * M).fill(NaN);
      costUsd = new Float64Array(t.requestCount * M).fill(NaN);
      for (let i = 0; i < t.rowCount; i++) {
        const m = toCatalog[t.rowModel[i]!]!;
        if (m < 0) continue;
        quality[t.rowRequest[i]! * M + m] = t.quality[i]!;
        costUsd[t.rowRequest[i]! * M + m] = t.costUsd[i]!;
      }
      const all = Uint32Array.from({ length: t.requestCount }, (_, r) => r);
      [meanQuality, meanCostUsd] = [quality, costUsd].map((col) => meansOver(col, all, all.length, M)) as [
        Float64Array,
        Float64Array,
      ];
      // Shared by every knn policy on this training trace (a λ sweep builds and searches once).
      index = sharedNearestPrompts(t.prompts, buckets);
      decisions = catalog.map((c) => ({ type: 'model', model: c.model }));
    },
    decide: (req) => {
      const n = req.prompt === undefined ? 0 : index!.query(req.prompt, neighbours);
      const q = n === 0 ? meanQuality : meansOver(quality, neighbours, n, M, meanQuality);
      const c = n === 0 ? meanCostUsd : meansOver(costUsd, neighbours, n, M, meanCostUsd);
      let best = -1,
        bestScore = -Infinity;
      for (let m = 0; m < M; m++) {
        const s = q[m]! - lambda * (Number.isNaN(c[m]!) ? 0 : c[m]!);
        if (s > bestScore) {
          best = m;
          bestScore = s;
        }
      }
      if (best < 0) throw new ConfigError('no model of the trace has a known quality in the training trace');
      return decisions[best]!;
    },
  };
}

/**
 * Per-model mean of `col` (request-major, M per request) over the first n `rows`; `fallback[m]` where none is known.
 */
function meansOver(col: Float64Array, rows: Uint32Array, n: number, M: number, fallback?: Float64Array): Float64Array {
  const out = new Float64Array(M);
  for (let m = 0; m < M; m++) {
    let sum = 0,
      count = 0;
    for (let j = 0; j < n; j++) {
      const v = col[rows[j]! * M + m]!;
      if (v === v) {
        sum += v;
        count++;
      }
    }
    out[m] = count > 0 ? sum / count : fallback ? fallback[m]! : NaN;
  }
  return out;
}

const MAX_K = 100_000;

export const knn: PolicyDefinition = {
  name: 'knn',
  usage: 'knn[?k=10&lambda=0&buckets=65536]',
  factory: (options, arg) => {
    if (arg !== '') throw new ConfigError(`policy knn: takes no argument, got "knn:${arg}"; write knn?k=${arg}`);
    checkKnownOptions('knn', options, ['k', 'lambda', 'buckets']);
    const buckets = integerOption('knn', options, 'buckets', 65536);
    if ((buckets & (buckets - 1)) !== 0 || buckets > 2 ** 24)
      throw new ConfigError(`policy knn: option buckets expected a power of two up to 16777216, got ${buckets}`);
    const k = integerOption('knn', options, 'k', 10);
    // k sizes a buffer per policy: a typo like 1e12 must be a usage error, not an allocation failure.
    if (k > MAX_K)
      throw new ConfigError(`policy knn: option k expected a whole number from 1 to ${MAX_K}, got "${options.k}"`);
    return knnPolicy(k, numberOption('knn', options, 'lambda', 0, { min: 0 }), buckets);
  },
};
