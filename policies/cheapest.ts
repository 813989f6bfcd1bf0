import {
  ConfigError,
  checkKnownOptions,
  expectedCostUsd,
  type Decision,
  type Policy,
  type PolicyDefinition,
} from 'routelab/policy';

/** `cheapest` — every request to the model with the lowest expected cost per call (ties: catalog order). */
export function cheapestPolicy(): Policy {
  let decision: Decision | undefined;
  return {
    name: 'cheapest',
    init: ({ catalog }) => {
      let best = -1;
      catalog.forEach((c, i) => {
        const cost = expectedCostUsd(c);
        if (Number.isFinite(cost) && (best < 0 || cost < expectedCostUsd(catalog[best]!))) best = i;
      });
      if (best < 0)
        throw new ConfigError(
          'policy cheapest: no model has a price or a recorded cost; pass --prices <table> or a trace with cost_usd',
        );
      decision = { type: 'model', model: catalog[best]!.model };
    },
    decide: () => decision!,
  };
}

export const cheapest: PolicyDefinition = {
  name: 'cheapest',
  usage: 'cheapest',
  factory: (options, arg) => {
    if (arg !== '') throw new ConfigError(`policy cheapest: takes no argument, got "cheapest:${arg}"`);
    checkKnownOptions('cheapest', options, []);
    return cheapestPolicy();
  },
};
