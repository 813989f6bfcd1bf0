import {
  ConfigError,
  checkKnownOptions,
  numberOption,
  specName,
  type Decision,
  type Policy,
  type PolicyDefinition,
} from 'routelab/policy';
import {
  calibrateLambda,
  checkCandidates,
  loadModelDir,
  parseMaxShare,
  routeIndex,
  sharedPredictor,
  type LoadedModel,
  type Predictor,
  type RouteTarget,
} from 'routelab/learn';

/**
 * `learned:<dir>[?lambda=…|target-cost=…|target-quality=…|max-share=<model>=<f>][&models=a,b]` — the
 * router trained by `routelab train`: predicts P(success) per candidate from the request's prompt and
 * tags (never its outcomes) and picks argmax q̂ − λ·ĉ. Without an override λ is the one saved with the
 * model; a target re-calibrates λ on the calibration-split predictions stored in the model directory
 * (not on the replayed trace). `models` limits the candidates. Predictions are made per request in
 * `decide` (a sparse forward pass, no batching needed), so `init` never sees the replayed trace: in
 * `bench/learn.ts` that path is faster than batched TF.js on wasm, dense or after a sparse first layer.
 */
export function learnedPolicy(dir: string, options: Readonly<Record<string, string>> = {}): Policy {
  const name = specName('learned', dir, options);
  const target = learnedTarget(name, options);
  let lambda = 0;
  let costUsd: readonly number[] = [];
  let decisions: Decision[] = [];
  let q = new Float64Array(0);
  let excluded: readonly number[] = [];
  let predict: Predictor | undefined;
  return {
    name,
    async init({ catalog }) {
      const route = await learnedRoute(
        dir,
        options,
        name,
        target,
        catalog.map((c) => c.model),
      );
      ({ lambda, costUsd, excluded } = route);
      decisions = route.models.map((model) => ({ type: 'model', model }));
      q = new Float64Array(route.models.length);
      // Remembered per model content: a λ sweep featurises each request once, not once per λ.
      predict = sharedPredictor(route.loaded);
    },
    decide(req) {
      predict!.predict(req, q);
      for (const m of excluded) q[m] = -Infinity;
      return decisions[routeIndex(q, 0, costUsd, lambda)]!;
    },
  };
}

/** The routing target the spec's options ask for (at most one of them), or undefined for the saved λ. */
export function learnedTarget(name: string, options: Readonly<Record<string, string>>): RouteTarget | undefined {
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
  return target;
}

/** The routing rule of a learned policy over the model's candidates: λ, ĉ per model and the excluded ones. */
export interface LearnedRoute {
  readonly loaded: LoadedModel;
  readonly models: readonly string[];
  readonly lambda: number;
  readonly costUsd: readonly number[];
  readonly excluded: readonly number[];
}

/**
 * Loads the model directory and settles the rule as the policy's init does: the saved λ, or λ re-calibrated for
 * a target (or for the saved target when `models` excludes some). `candidates` are the trace's models, when known.
 * The SQL form of the policy (`routelab score` + `replay --engine duckdb`) uses the same rule.
 */
export async function learnedRoute(
  dir: string,
  options: Readonly<Record<string, string>>,
  name: string,
  target: RouteTarget | undefined,
  candidates: readonly string[] | undefined,
): Promise<LearnedRoute> {
  const loaded = await loadModelDir(dir, options.embeddings ? { embeddingsFile: options.embeddings } : {});
  const m = loaded.manifest;
  if (candidates) checkCandidates(m, candidates, `policy ${name}`);
  const allowed =
    options.models
      ?.split(',')
      .map((s) => s.trim())
      .filter((s) => s !== '') ?? m.models;
  const unknown = allowed.filter((a) => !m.models.includes(a));
  if (unknown.length)
    throw new ConfigError(
      `policy ${name}: option models names ${unknown.join(', ')}, which the model was not trained for ` +
        `(${m.models.join(', ')})`,
    );
  const excluded = m.models.map((_, i) => i).filter((i) => !allowed.includes(m.models[i]!));
  const costUsd = m.modelCostUsd;
  const t = target ?? (excluded.length ? (m.route.target as RouteTarget) : undefined);
  let lambda = m.route.lambda;
  if (t) {
    const cs = loaded.calibrationSet;
    const prob = cs.prob.slice();
    for (let k = 0; k < prob.length; k++) if (excluded.includes(k % m.models.length)) prob[k] = -Infinity;
    lambda = calibrateLambda({ ...cs, prob }, costUsd, t).lambda;
  }
  return { loaded, models: m.models, lambda, costUsd, excluded };
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
