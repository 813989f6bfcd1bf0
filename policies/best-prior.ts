import {
  ConfigError,
  checkKnownOptions,
  modelMeans,
  requireTrain,
  type Decision,
  type Policy,
  type PolicyDefinition,
} from 'routelab/policy';

/**
 * `best-prior` — every request to the model with the best mean quality on the training trace
 * (ties: lower mean cost, then catalog order). What a team does after reading a leaderboard.
 */
export function bestPriorPolicy(): Policy {
  let decision: Decision | undefined;
  return {
    name: 'best-prior',
    init: ({ catalog, train }) => {
      const means = modelMeans(requireTrain('best-prior', train), catalog);
      let best = -1;
      for (let m = 0; m < catalog.length; m++) {
        const q = means.quality[m]!;
        if (Number.isNaN(q)) continue;
        const b = best < 0 ? NaN : means.quality[best]!;
        if (best < 0 || q > b || (q === b && means.costUsd[m]! < means.costUsd[best]!)) best = m;
      }
      if (best < 0)
        throw new ConfigError('policy best-prior: the training trace has no known quality for any model of the trace');
      decision = { type: 'model', model: catalog[best]!.model };
    },
    decide: () => decision!,
  };
}

export const bestPrior: PolicyDefinition = {
  name: 'best-prior',
  usage: 'best-prior',
  factory: (options, arg) => {
    if (arg !== '') throw new ConfigError(`policy best-prior: takes no argument, got "best-prior:${arg}"`);
    checkKnownOptions('best-prior', options, []);
    return bestPriorPolicy();
  },
};
