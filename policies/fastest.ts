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
  let untried = 0;
  let decisions: Decision[] = [];
  const codes = new Map<string, number>();
  let lastModel = '', lastCode = -1;
  // The model decide() returns, kept between calls: observe() changes one estimate at a time, and most
  // changes provably leave the choice as it was, so the scan over every model runs only when one may not.
  let choice = 0, stale = true;
  /** First untried model, else the first lowest estimate, else model 0. */
  const scan = (): number => {
    let best = -1;
    for (let m = 0; m < estimateMs.length; m++) {
      if (!tried[m]) return m;
      const e = estimateMs[m]!;
      if (!Number.isNaN(e) && (best < 0 || e < estimateMs[best]!)) best = m;
    }
    return best < 0 ? 0 : best;
  };
  return {
    name: specName('fastest', '', alpha === 0.2 ? {} : { alpha: String(alpha) }),
    init: ({ catalog, train }) => {
      estimateMs = train ? modelMeans(train, catalog).latencyMs : new Float64Array(catalog.length).fill(NaN);
      tried = new Uint8Array(catalog.length).fill(train ? 1 : 0);
      untried = train ? 0 : catalog.length;
      decisions = catalog.map((c) => ({ type: 'model', model: c.model }));
      codes.clear();
      catalog.forEach((c, i) => codes.set(c.model, i));
      lastModel = '';
      stale = true;
    },
    decide: () => {
      if (stale) {
        choice = scan();
        stale = false;
      }
      return decisions[choice]!;
    },
    observe: (f) => {
      if (f.model !== lastModel) {
        lastCode = codes.get(f.model)!;
        lastModel = f.model;
      }
      const m = lastCode;
      if (!tried[m]) {
        tried[m] = 1;
        untried--;
        stale = true;
      }
      if (Number.isNaN(f.latencyMs)) return;
      const e = estimateMs[m]!;
      const next = Number.isNaN(e) ? f.latencyMs : e + alpha * (f.latencyMs - e);
      estimateMs[m] = next;
      if (stale || untried > 0) return void (stale = true);
      // Every model is tried and `choice` is the first lowest estimate. Only m moved: the choice stays
      // when m is the choice and did not rise, or m (not the choice) still does not beat it; m takes over
      // when it beats it outright or ties from earlier in the catalog. Anything else (a rise of the
      // choice, a choice without an estimate) rescans.
      const c = estimateMs[choice]!;
      if (m === choice) {
        if (!(next <= e)) stale = true;
      } else if (Number.isNaN(c)) {
        stale = true;
      } else if (next < c || (next === c && m < choice)) {
        choice = m;
      }
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
