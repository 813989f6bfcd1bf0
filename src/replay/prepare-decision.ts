import type { CatalogModel } from '../policy/types.ts';
import type { AcceptRule, Decision } from '../policy/types.ts';
import { tagNumbers } from '../traces/tag-numbers.ts';
import type { Trace } from '../traces/trace.ts';

/**
 * Checking a decision a policy returned, once per distinct decision object (the replay caches the
 * result): anything malformed becomes a Refusal, which fails that policy's run with a PolicyError.
 */
export class Refusal extends Error {
  constructor(
    message: string,
    options?: { cause?: unknown },
    /** Where the policy went wrong: its decision (default) or its `observe`. */
    readonly phase: 'decide' | 'observe' = 'decide',
  ) {
    super(message, options);
  }
}

/** A weights decision ready to sample: `probability[j]` is model `codes[j]`'s propensity. */
export class PreparedWeights {
  readonly probability: Float64Array;

  constructor(
    readonly codes: Int32Array,
    private readonly cumulative: Float64Array,
    private readonly total: number,
  ) {
    this.probability = cumulative.map((c, j) => (c - (j > 0 ? cumulative[j - 1]! : 0)) / total);
  }

  /**
   * The index drawn by a uniform u in [0, 1): the first j with u·total < cumulative[j] (the last one if
   * none). The cumulative weights never decrease, so that j is the count of entries ≤ u·total, which is
   * summed without branches: a random exit from a scan loop costs a branch misprediction per decision.
   */
  pick(uniform: number): number {
    const u = uniform * this.total;
    const cum = this.cumulative;
    const last = cum.length - 1;
    let j = 0;
    for (let i = 0; i < last; i++) j += +(u >= cum[i]!);
    return j;
  }
}

/** `scores`: the score column's codes per row and each code's value as a number (parsed once, not per call). */
export interface PreparedCascade {
  readonly codes: Int32Array;
  readonly rule: AcceptRule;
  readonly scores: { readonly codes: Int32Array; readonly values: Float64Array } | undefined;
}

/** Validates a weights decision and precomputes its cumulative weights for sampling. */
export function prepareWeights(
  w: Readonly<Record<string, number>>,
  codeOf: (model: unknown) => number,
): PreparedWeights {
  if (typeof w !== 'object' || w === null)
    throw new Refusal(`returned weights ${describe(w)}; expected {model: weight, …}`);
  const names = Object.keys(w);
  const out = new Int32Array(names.length);
  const cumulative = new Float64Array(names.length);
  let total = 0;
  names.forEach((name, i) => {
    const v = w[name]!;
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0)
      throw new Refusal(`returned weight ${describe(v)} for ${name}; expected a finite number ≥ 0`);
    out[i] = codeOf(name);
    total += v;
    cumulative[i] = total;
  });
  if (!(total > 0)) throw new Refusal('returned weights that sum to 0; give at least one model a positive weight');
  return new PreparedWeights(out, cumulative, total);
}

/** Validates a cascade decision: known models, a well-formed accept rule, its score column present. */
export function prepareCascade(
  d: Extract<Decision, { type: 'cascade' }>,
  codeOf: (model: unknown) => number,
  trace: Trace,
): PreparedCascade {
  if (!Array.isArray(d.models) || d.models.length === 0)
    throw new Refusal('returned a cascade without models; expected models: [cheap, …, strong]');
  const models = Int32Array.from(d.models, (m) => codeOf(m));
  const rule = d.accept;
  if (rule?.type === 'noisy-judge') {
    if (!(rule.errorRate >= 0 && rule.errorRate <= 1) || Number.isNaN(rule.threshold)) {
      throw new Refusal(
        `returned a noisy-judge accept rule with errorRate ${rule.errorRate} and threshold ${rule.threshold}; ` +
          `expected errorRate in [0, 1] and a numeric threshold`,
      );
    }
    return { codes: models, rule, scores: undefined };
  }
  if (rule?.type === 'score-threshold') {
    const scores = trace.tags.find((t) => t.name === rule.column);
    if (!scores)
      throw new Refusal(
        `cascade accept rule reads score column "${rule.column}", which the trace does not have; its extra ` +
          `columns are ${trace.tags.map((t) => t.name).join(', ') || 'none'}`,
      );
    return { codes: models, rule, scores: { codes: scores.codes, values: tagNumbers(scores) } };
  }
  throw new Refusal(
    `returned a cascade with accept rule ${describe(rule)}; expected {type: 'noisy-judge' | 'score-threshold', …}`,
  );
}

/** A value as JSON for error messages (String() when it cannot be). */
export function describe(v: unknown): string {
  // JSON shows a Promise as {}, which hides the mistake: an async decide.
  if (typeof (v as { then?: unknown } | null)?.then === 'function') return 'a Promise (decide must not be async)';
  try {
    return JSON.stringify(v) ?? String(v);
  } catch (err) {
    // Cycles and BigInts cannot be JSON: show the value's text and why.
    return `${String(v)} (${(err as Error).message})`;
  }
}

/** The catalog code of a model a decision names; a Refusal listing the trace's models when there is none. */
export function modelCode(
  catalog: readonly CatalogModel[],
  model: unknown,
  codes: ReadonlyMap<string, number>,
): number {
  const m = typeof model === 'string' ? codes.get(model) : undefined;
  if (m === undefined) {
    const names = catalog.map((c) => c.model);
    const known = names.length > 8 ? `${names.slice(0, 8).join(', ')}, …` : names.join(', ');
    throw new Refusal(`returned unknown model ${JSON.stringify(model)}; the trace's models are ${known}`);
  }
  return m;
}

/** A thrown value's message (a policy may throw anything, a string included). */
export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
