import {
  ConfigError,
  checkKnownOptions,
  integerOption,
  numberOption,
  requireTrain,
  sharedValue,
  specName,
  type Decision,
  type Policy,
  type PolicyDefinition,
  type Trace,
} from 'routelab/policy';
import { sharedNearestPrompts } from 'routelab/learn';

/**
 * `knn?k=10&lambda=0&buckets=65536` — find the k training prompts nearest to the request's prompt
 * (hashed TF-IDF cosine over word unigrams and bigrams, fitted on the training trace only) and pick
 * `argmax_m mean quality_m − λ · mean costUsd_m` over those neighbours (ties: catalog order). A model with
 * no known quality among the neighbours, and a request without prompt or without any similar prompt,
 * use the model's training mean instead. λ is in quality per USD. The index and each prompt's neighbours are
 * shared by every knn policy built on the same training trace (`sharedValue`): a λ sweep builds them once.
 */
export function knnPolicy(k: number, lambda: number, buckets: number): Policy {
  const name = specName('knn', '', {
    k: String(k),
    lambda: String(lambda),
    ...(buckets === 65536 ? {} : { buckets: String(buckets) }),
  });
  let memory: KnnMemory | undefined;
  let M = 0;
  let decisions: Decision[] = [];
  const none = new Uint32Array(0);
  return {
    name,
    init: ({ catalog, train }) => {
      const t = requireTrain(name, train);
      if (!t.prompts.some((p) => p !== undefined))
        throw new ConfigError(`policy ${name}: the training trace has no prompts to compare with`);
      M = catalog.length;
      const models = catalog.map((c) => c.model);
      memory = sharedValue(t, `knn:${buckets}:${JSON.stringify(models)}`, () => knnMemory(t, models, buckets));
      decisions = catalog.map((c) => ({ type: 'model', model: c.model }));
    },
    decide: (req) => {
      const { quality, costUsd, meanQuality, meanCostUsd } = memory!;
      const neighbours = req.prompt === undefined ? none : memory!.neighbours(req.prompt, k);
      const n = neighbours.length;
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

/** What knn learns from a training trace, for one catalog order: outcomes, fallbacks, the prompt index. */
interface KnnMemory {
  /** Per training request × catalog model (NaN = no row or unknown). */
  readonly quality: Float64Array;
  readonly costUsd: Float64Array;
  /** Per-model means: the fallback where no neighbour knows. */
  readonly meanQuality: Float64Array;
  readonly meanCostUsd: Float64Array;
  /** The k nearest training requests of a prompt (most similar first), searched once per (prompt, k). */
  neighbours(prompt: string, k: number): Uint32Array;
}

function knnMemory(t: Trace, models: readonly string[], buckets: number): KnnMemory {
  const M = models.length;
  const toCatalog = t.modelNames.map((n) => models.indexOf(n));
  const quality = new Float64Array(t.requestCount * M).fill(NaN);
  const costUsd = new Float64Array(t.requestCount * M).fill(NaN);
  for (let i = 0; i < t.rowCount; i++) {
    const m = toCatalog[t.rowModel[i]!]!;
    if (m < 0) continue;
    quality[t.rowRequest[i]! * M + m] = t.quality[i]!;
    costUsd[t.rowRequest[i]! * M + m] = t.costUsd[i]!;
  }
  const all = Uint32Array.from({ length: t.requestCount }, (_, r) => r);
  // The index and the searches are shared further, by every catalog order over the same prompts.
  const index = sharedNearestPrompts(t.prompts, buckets);
  return {
    quality,
    costUsd,
    meanQuality: meansOver(quality, all, all.length, M),
    meanCostUsd: meansOver(costUsd, all, all.length, M),
    neighbours(prompt, k) {
      const out = new Uint32Array(k);
      return out.subarray(0, index.query(prompt, out));
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
