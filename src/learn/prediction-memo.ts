/**
 * A saved router's predictions remembered per request content, shared by every `learned:` policy on the
 * same model. The held-out comparison of `routelab train` (and any λ sweep) replays ~50 learned policies
 * that differ only in λ or in the models they may pick over the same test requests: featurising each
 * request once instead of once per run was 8 of the command's 60 CPU seconds on routellm-mmlu.
 * Policies are made from spec strings, so the sharing keys on the model's content (its manifest, which
 * records the SHA-256 of every weight file): retraining into the same directory never reuses stale
 * predictions.
 */
import { LruMap } from '../core/lru-map.ts';
import type { LoadedModel } from './model-dir.ts';
import type { Predictor } from './predictor.ts';

/** Requests remembered per model: beyond this a replay predicts without storing (memory stays bounded). */
const MAX_REQUESTS = 1 << 18;
/** Models whose predictions are kept (a sweep uses one; a comparison of two routers two). */
const MAX_MODELS = 2;

class PredictionMemo {
  /** task ('' when none) → prompt → row of `probs`. */
  private readonly rows = new Map<string, Map<string, number>>();
  private probs: Float64Array;
  private n = 0;

  constructor(
    private readonly predictor: Predictor,
    private readonly M: number,
  ) {
    this.probs = new Float64Array(1024 * M);
  }

  predict(req: Parameters<Predictor['predict']>[0], out: Float64Array): void {
    const M = this.M;
    let byPrompt = this.rows.get(req.task ?? '');
    if (!byPrompt) this.rows.set(req.task ?? '', (byPrompt = new Map()));
    const prompt = req.prompt ?? '';
    const row = byPrompt.get(prompt);
    if (row !== undefined) {
      for (let m = 0; m < M; m++) out[m] = this.probs[row * M + m]!;
      return;
    }
    this.predictor.predict(req, out);
    if (this.n >= MAX_REQUESTS) return;
    if ((this.n + 1) * M > this.probs.length) {
      const grown = new Float64Array(this.probs.length * 2);
      grown.set(this.probs);
      this.probs = grown;
    }
    this.probs.set(out.subarray(0, M), this.n * M);
    byPrompt.set(prompt, this.n++);
  }
}

const memos = new LruMap<string, PredictionMemo>(MAX_MODELS);

/**
 * The model's predictor, remembering its answers for later policies on the same model. Only a model whose
 * features come from the prompt and task alone is remembered (tags and embeddings would have to be part of
 * the key); others get a plain predictor.
 */
export function sharedPredictor(loaded: LoadedModel): Predictor {
  const f = loaded.manifest.features;
  if (f.categorical.length > 0 || f.embedding !== null) return loaded.predictor();
  const key = JSON.stringify(loaded.manifest);
  let memo = memos.get(key);
  if (!memo) memos.set(key, (memo = new PredictionMemo(loaded.predictor(), loaded.manifest.models.length)));
  const shared = memo;
  return { models: loaded.manifest.models, predict: (req, out) => shared.predict(req, out) };
}
