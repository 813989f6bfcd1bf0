import {
  ConfigError,
  checkKnownOptions,
  numberOption,
  requireModel,
  requiredOption,
  specName,
  tagNumbers,
  type Decision,
  type Policy,
  type PolicyDefinition,
} from 'routelab/policy';

/**
 * `threshold:<column>?strong=<m>&weak=<m>&threshold=0.5` — route to the strong model when the request's
 * score column (e.g. an external router's predicted win rate) is ≥ threshold, else to the weak one. A
 * request without a numeric score fails the run rather than being guessed.
 */
export function thresholdPolicy(column: string, strong: string, weak: string, threshold: number): Policy {
  const name = specName('threshold', column, { strong, weak, threshold: String(threshold) });
  const toStrong: Decision = { type: 'model', model: strong };
  const toWeak: Decision = { type: 'model', model: weak };
  return {
    name,
    init: ({ catalog }) => {
      requireModel(name, catalog, strong);
      requireModel(name, catalog, weak);
    },
    decide: (req) => {
      const score = req.tagNumber(column);
      if (Number.isNaN(score)) {
        const where = Object.hasOwn(req.tags, column)
          ? `has ${JSON.stringify(req.tags[column] ?? '')}`
          : `is not a column of the trace (columns: ${Object.keys(req.tags).join(', ') || 'none'})`;
        throw new ConfigError(`score column "${column}" expected a number, ${where}`);
      }
      return score >= threshold ? toStrong : toWeak;
    },
    // Sweeping the threshold only moves the cut through the same scores.
    twoModelScores: (trace, param) => {
      if (param !== 'threshold') return undefined;
      const tag = trace.tags.find((t) => t.name === column);
      if (!tag) return undefined;
      const parsed = tagNumbers(tag);
      const score = new Float64Array(trace.requestCount);
      for (let r = 0; r < trace.requestCount; r++) {
        const c = tag.codes[trace.requestRowStart[r]!]!;
        const s = c < 0 ? NaN : parsed[c]!;
        if (Number.isNaN(s)) return undefined;
        score[r] = s;
      }
      return { strong, weak, score };
    },
  };
}

export const threshold: PolicyDefinition = {
  name: 'threshold',
  usage: 'threshold:<score-column>?strong=<model>&weak=<model>[&threshold=0.5]',
  factory: (options, arg) => {
    if (arg === '')
      throw new ConfigError(
        'policy threshold: expected a score column, e.g. threshold:router_score?strong=gpt-4o&weak=gpt-4o-mini',
      );
    checkKnownOptions('threshold', options, ['strong', 'weak', 'threshold']);
    const strong = requiredOption('threshold', options, 'strong', `threshold:${arg}?strong=gpt-4o&weak=gpt-4o-mini`);
    const weak = requiredOption('threshold', options, 'weak', `threshold:${arg}?strong=gpt-4o&weak=gpt-4o-mini`);
    return thresholdPolicy(arg, strong, weak, numberOption('threshold', options, 'threshold', 0.5, { infinite: true }));
  },
};
