import { ConfigError } from '../src/core/errors.ts';
import { checkKnownOptions } from '../src/policy/options.ts';
import type { PolicyDefinition } from '../src/policy/registry.ts';
import type { CatalogModel, Decision, Policy } from '../src/policy/types.ts';

/**
 * Expected USD per call: price × the catalog's mean input and output tokens when the price table knows
 * the model, else the mean recorded cost per call; NaN when neither is known.
 */
export function expectedCostUsd(c: CatalogModel): number {
  const inputTokens = c.meanInputTokens ?? NaN;
  if (c.price && Number.isFinite(inputTokens) && Number.isFinite(c.meanOutputTokens)) {
    return (inputTokens * c.price.inputUsdPerMTok + c.meanOutputTokens * c.price.outputUsdPerMTok) / 1e6;
  }
  return c.meanCostUsd;
}

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
