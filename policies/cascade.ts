import {
  ConfigError,
  checkKnownOptions,
  numberOption,
  requireModel,
  specName,
  type AcceptRule,
  type Decision,
  type Policy,
  type PolicyDefinition,
} from 'routelab/policy';

/**
 * `cascade:<m1>><m2>…?accept=judge&threshold=0.5&epsilon=0.1` — FrugalGPT-style: call the models in
 * order, paying every call, until the accept rule takes an answer. `accept=judge` is RouterBench's noisy
 * judge (recorded quality ≥ threshold, flipped with probability epsilon): a SIMULATED judge that reads the
 * outcome, so results label it and reports never recommend shipping it; `accept=score:<column>` reads a
 * per-row score column (e.g. a real scorer's confidence in that model's answer) against the threshold.
 */
export function cascadePolicy(models: readonly string[], accept: AcceptRule): Policy {
  const options: Record<string, string> =
    accept.type === 'noisy-judge'
      ? { accept: 'judge', threshold: String(accept.threshold), epsilon: String(accept.errorRate) }
      : { accept: `score:${accept.column}`, threshold: String(accept.threshold) };
  const name = specName('cascade', models.join('>'), options);
  const decision: Decision = { type: 'cascade', models, accept };
  return {
    name,
    init: ({ catalog }) => {
      for (const m of models) requireModel(name, catalog, m);
    },
    decide: () => decision,
  };
}

/** The accept rule a cascade spec's options describe. */
export function parseAcceptRule(options: Readonly<Record<string, string>>): AcceptRule {
  const accept = options.accept ?? 'judge';
  const threshold = numberOption('cascade', options, 'threshold', 0.5, { infinite: true });
  if (accept === 'judge') {
    // No default error rate: ε = 0 is the oracle's verdict in disguise, so the user must choose it knowingly.
    if (options.epsilon === undefined)
      throw new ConfigError(
        'policy cascade: accept=judge simulates a judge from the recorded quality, so its error rate is required: ' +
          'add epsilon=<0…1> (e.g. epsilon=0.1; epsilon=0 is a perfect judge no deployment has), ' +
          'or read a real judge with accept=score:<column>',
      );
    return {
      type: 'noisy-judge',
      threshold,
      errorRate: numberOption('cascade', options, 'epsilon', 0, { min: 0, max: 1 }),
    };
  }
  if (accept.startsWith('score:') && accept.length > 'score:'.length) {
    if (options.epsilon !== undefined)
      throw new ConfigError('policy cascade: epsilon applies to accept=judge only; drop it or use accept=judge');
    return { type: 'score-threshold', column: accept.slice('score:'.length), threshold };
  }
  throw new ConfigError(`policy cascade: option accept expected judge or score:<column>, got "${accept}"`);
}

export const cascade: PolicyDefinition = {
  name: 'cascade',
  usage: 'cascade:<m1>><m2>…?accept=judge&epsilon=<simulated error rate>|accept=score:<column>[&threshold=0.5]',
  factory: (options, arg) => {
    checkKnownOptions('cascade', options, ['accept', 'threshold', 'epsilon']);
    const models = arg.split('>').map((m) => m.trim());
    if (models.length < 2 || models.some((m) => m === '')) {
      throw new ConfigError(
        `policy cascade: expected two or more models joined by ">", got "${arg}"; e.g. cascade:gpt-4o-mini>gpt-4o`,
      );
    }
    return cascadePolicy(models, parseAcceptRule(options));
  },
};
