import { ConfigError, checkKnownOptions, type Decision, type Policy, type PolicyDefinition } from 'routelab/policy';

/** `random` — each request to a model drawn uniformly from the catalog (propensity 1/models). */
export function randomPolicy(): Policy {
  let decision: Decision = { type: 'weights', weights: {} };
  return {
    name: 'random',
    init: ({ catalog }) => {
      decision = { type: 'weights', weights: Object.fromEntries(catalog.map((c) => [c.model, 1])) };
    },
    decide: () => decision,
  };
}

export const random: PolicyDefinition = {
  name: 'random',
  usage: 'random',
  factory: (options, arg) => {
    if (arg !== '')
      throw new ConfigError(
        `policy random: takes no argument, got "random:${arg}"; write random, or weighted:a=1,b=1 for a subset`,
      );
    checkKnownOptions('random', options, []);
    return randomPolicy();
  },
};
