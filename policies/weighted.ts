import {
  ConfigError,
  checkKnownOptions,
  requireModel,
  specName,
  type Decision,
  type Policy,
  type PolicyDefinition,
} from 'routelab/policy';

/**
 * `weighted:a=0.7,b=0.3` — each request to a model drawn with these weights (normalised), like a gateway's traffic
 * split.
 */
export function weightedPolicy(weights: Readonly<Record<string, number>>): Policy {
  const name = specName(
    'weighted',
    Object.entries(weights)
      .map(([m, w]) => `${m}=${w}`)
      .join(','),
    {},
  );
  const decision: Decision = { type: 'weights', weights };
  return {
    name,
    init: ({ catalog }) => {
      for (const model of Object.keys(weights)) requireModel(name, catalog, model);
    },
    decide: () => decision,
  };
}

/** Parses `a=0.7,b=0.3`; the last `=` splits, so model ids may contain `=`. */
export function parseWeights(arg: string): Record<string, number> {
  const example = 'e.g. weighted:gpt-4o=0.7,gpt-4o-mini=0.3';
  if (arg === '') throw new ConfigError(`policy weighted: expected model=weight pairs, ${example}`);
  const weights: Record<string, number> = {};
  for (const part of arg.split(',')) {
    const eq = part.lastIndexOf('=');
    const model = part.slice(0, eq).trim();
    const w = Number(part.slice(eq + 1));
    if (eq <= 0 || model === '' || part.slice(eq + 1).trim() === '' || !Number.isFinite(w) || w < 0) {
      throw new ConfigError(`policy weighted: expected model=weight with a weight ≥ 0, got "${part}"; ${example}`);
    }
    if (Object.hasOwn(weights, model))
      throw new ConfigError(`policy weighted: model "${model}" is listed twice; give it one weight`);
    weights[model] = w;
  }
  if (!(Object.values(weights).reduce((a, b) => a + b, 0) > 0))
    throw new ConfigError(`policy weighted: weights sum to 0; give at least one model a positive weight`);
  return weights;
}

export const weighted: PolicyDefinition = {
  name: 'weighted',
  usage: 'weighted:<model>=<weight>,…',
  factory: (options, arg) => {
    checkKnownOptions('weighted', options, []);
    return weightedPolicy(parseWeights(arg));
  },
};
