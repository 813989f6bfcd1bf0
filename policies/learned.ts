import { ConfigError } from '../src/core/errors.ts';
import type { LoadedModel } from '../src/learn/model-dir.ts';
import { calibrateLambda, parseMaxShare, routeIndex, type RouteTarget } from '../src/learn/route.ts';
import { checkKnownOptions, numberOption, specName } from '../src/policy/options.ts';
import type { PolicyDefinition } from '../src/policy/registry.ts';
import type { Decision, Policy } from '../src/policy/types.ts';
import type { Predictor } from '../src/learn/predictor.ts';

/**
 * `learned:<dir>[?lambda=…|target-cost=…|target-quality=…|max-share=<model>=<f>][&models=a,b]` — the
 * router trained by `routelab train`: predicts P(success) per candidate from the request's prompt and
 * tags (never its outcomes) and picks argmax q̂ − λ·ĉ. Without an override λ is the one saved with the
 * model; a target re-calibrates λ on the calibration-split predictions stored in the model directory
 * (not on the replayed trace). `models` limits the candidates. Predictions are made per request in
 * `decide` (a sparse forward pass, no batching needed), so `init` never sees the replayed trace: in
 * `bench/learn.ts` that path is faster than batched TF.js on wasm, dense or after a sparse first layer.
 */
export function learnedPolicy(
  dir: string,
  options: Readonly<Record<string, string>> = {},
  share?: LearnedShare,
): Policy {
  const name = specName('learned', dir, options);
  const overrides = ['lambda', 'target-cost', 'target-quality', 'max-share'].filter((k) => options[k] !== undefined);
  if (overrides.length > 1)
    throw new ConfigError(
      `policy ${name}: give one of lambda, target-cost, target-quality, max-share, got ${overrides.join(' and ')}`,
    );
  let target: RouteTarget | undefined;
  if (options.lambda !== undefined)
    target = { type: 'lambda', lambda: numberOption(name, options, 'lambda', 0, { min: 0 }) };
  else if (options['target-cost'] !== undefined)
    target = { type: 'target-cost', costUsd: numberOption(name, options, 'target-cost', 0, { min: 0 }) };
  else if (options['target-quality'] !== undefined)
    target = { type: 'target-quality', quality: numberOption(name, options, 'target-quality', 0, { min: 0, max: 1 }) };
  else if (options['max-share'] !== undefined) target = { type: 'max-share', ...parseMaxShare(options['max-share']) };

  let loaded: LoadedModel | undefined;
  let lambda = 0;
  let costUsd: number[] = [];
  let decisions: Decision[] = [];
  let q = new Float64Array(0);
  let excluded: number[] = [];
  let predict: Predictor | undefined;
  return {
    name,
    async init({ catalog }) {
      // TF.js takes ~2.5 s to load: only a replay that uses a learned router pays for it.
      const { loadModelDir, checkCandidates } = await import('../src/learn/model-dir.ts');
      loaded = await loadModelDir(dir, options.embeddings ? { embeddingsFile: options.embeddings } : {});
      const m = loaded.manifest;
      checkCandidates(
        m,
        catalog.map((c) => c.model),
        `policy ${name}`,
      );
      const allowed =
        options.models
          ?.split(',')
          .map((s) => s.trim())
          .filter((s) => s !== '') ?? m.models;
      const unknown = allowed.filter((a) => !m.models.includes(a));
      if (unknown.length)
        throw new ConfigError(
          `policy ${name}: option models names ${unknown.join(', ')}, which the model was not trained for (${m.models.join(', ')})`,
        );
      excluded = m.models.map((_, i) => i).filter((i) => !allowed.includes(m.models[i]!));
      costUsd = m.modelCostUsd;
      decisions = m.models.map((model) => ({ type: 'model', model }));
      q = new Float64Array(m.models.length);
      const t = target ?? (excluded.length ? (m.route.target as RouteTarget) : undefined);
      if (t) {
        const cs = loaded.calibrationSet;
        const prob = cs.prob.slice();
        for (let k = 0; k < prob.length; k++) if (excluded.includes(k % m.models.length)) prob[k] = -Infinity;
        lambda = calibrateLambda({ ...cs, prob }, costUsd, t).lambda;
      } else lambda = m.route.lambda;
      predict = loaded.predictor();
    },
    decide(req) {
      const cached = share?.dir === dir ? share.probabilities.get(req.id) : undefined;
      if (cached) q.set(cached);
      else {
        predict!.predict(req, q);
        if (share) {
          if (share.dir !== dir) Object.assign(share, { dir, probabilities: new Map() });
          share.probabilities.set(req.id, q.slice());
        }
      }
      for (const m of excluded) q[m] = -Infinity;
      return decisions[routeIndex(q, 0, costUsd, lambda)]!;
    },
  };
}

/**
 * Predictions shared by learned policies over ONE model directory replayed on ONE trace (a λ sweep): each
 * request is featurised and predicted once instead of once per λ. Keyed by request id.
 */
export interface LearnedShare {
  dir?: string;
  probabilities: Map<string, Float64Array>;
}

export const learned: PolicyDefinition = {
  name: 'learned',
  usage: 'learned:<model dir>[?lambda=…|target-cost=…|target-quality=…|max-share=<model>=<fraction>][&models=a,b]',
  factory: (options, arg) => {
    if (arg === '')
      throw new ConfigError(
        'policy learned: expected a model directory, e.g. learned:models/my-router (train one with `routelab train`)',
      );
    checkKnownOptions('learned', options, [
      'lambda',
      'target-cost',
      'target-quality',
      'max-share',
      'models',
      'embeddings',
    ]);
    return learnedPolicy(arg, options);
  },
};
