import { ConfigError } from '../src/core/errors.ts';
import { modelMeans } from '../src/policy/model-means.ts';
import { checkKnownOptions, numberOption, specName } from '../src/policy/options.ts';
import type { PolicyDefinition } from '../src/policy/registry.ts';
import type { Decision, Policy } from '../src/policy/types.ts';

/**
 * `fastest?alpha=0.2` — the model with the lowest expected latency, as gateways' latency-based routing
 * does: estimates start at the training trace's mean latency and move with an EWMA of observed calls
 * (`est += alpha·(observed − est)`). Without training data each model is tried once, in catalog order,
 * before the estimates decide. Models with no latency estimate at all rank last (ties: catalog order).
 */
export function fastestPolicy(alpha: number): Policy {
  let estimateMs: Float64Array = new Float64Array(0);
  let tried = new Uint8Array(0);
  let decisions: Decision[] = [];
  const codes = new Map<string, number>();
  return {
    name: specName('fastest', '', alpha === 0.2 ? {} : { alpha: String(alpha) }),
    init: ({ catalog, train }) => {
      estimateMs = train ? modelMeans(train, catalog).latencyMs : new Float64Array(catalog.length).fill(NaN);
      tried = new Uint8Array(catalog.length).fill(train ? 1 : 0);
      decisions = catalog.map((c) => ({ type: 'model', model: c.model }));
      codes.clear();
      catalog.forEach((c, i) => codes.set(c.model, i));
    },
    decide: () => {
      let best = -1;
      for (let m = 0; m < estimateMs.length; m++) {
        if (!tried[m]) return decisions[m]!;
        const e = estimateMs[m]!;
        if (!Number.isNaN(e) && (best < 0 || e < estimateMs[best]!)) best = m;
      }
      return decisions[best < 0 ? 0 : best]!;
    },
    observe: (f) => {
      const m = codes.get(f.model)!;
      tried[m] = 1;
      if (Number.isNaN(f.latencyMs)) return;
      const e = estimateMs[m]!;
      estimateMs[m] = Number.isNaN(e) ? f.latencyMs : e + alpha * (f.latencyMs - e);
    },
  };
}

export const fastest: PolicyDefinition = {
  name: 'fastest',
  usage: 'fastest[?alpha=0.2]',
  factory: (options, arg) => {
    if (arg !== '') throw new ConfigError(`policy fastest: takes no argument, got "fastest:${arg}"`);
    checkKnownOptions('fastest', options, ['alpha']);
    return fastestPolicy(numberOption('fastest', options, 'alpha', 0.2, { min: 0, max: 1 }));
  },
};
