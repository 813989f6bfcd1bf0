/**
 * An example user policy, loaded by write-your-own-policy.ipynb as `./long-to-strong.ts?tokens=70`:
 * prompts longer than `tokens` input tokens go to the most expensive model, the rest to the cheapest.
 *
 * A policy file's default export is a Policy or, as here, a factory that receives the spec's `?k=v`
 * options as strings. In your own project import the types from 'routelab' instead of ../src/index.ts.
 */
import type { Policy, PolicyFactory } from '../src/index.ts';
import { ConfigError } from '../src/index.ts';

const longToStrong: PolicyFactory = (options): Policy => {
  const tokens = Number(options.tokens ?? '100');
  // Validate once, in the factory: a bad option fails before any request is replayed.
  if (!Number.isFinite(tokens) || tokens < 0) {
    throw new ConfigError(`long-to-strong: expected ?tokens=<non-negative number>, got "${options.tokens}"`);
  }
  let cheap = '';
  let strong = '';
  return {
    name: `long-to-strong?tokens=${tokens}`,
    init: ({ catalog }) => {
      const byCost = [...catalog].sort((a, b) => a.meanCostUsd - b.meanCostUsd);
      cheap = byCost[0]!.model;
      strong = byCost[byCost.length - 1]!.model;
    },
    // Unknown token counts (NaN) fail the comparison and go to the cheap model.
    decide: (req) => ({ type: 'model', model: req.inputTokens > tokens ? strong : cheap }),
  };
};

export default longToStrong;
