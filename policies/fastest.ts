import {
  ConfigError,
  checkKnownOptions,
  modelMeans,
  numberOption,
  specName,
  type Decision,
  type Policy,
  type PolicyDefinition,
} from 'routelab/policy';

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
  let lastModel = '',
    lastCode = -1;
  // The model decide() returns, kept between calls, and the runner-up it must stay ahead of: observe()
  // hears only the chosen model, so the choice stands while its estimate stays below the runner-up's
  // (or ties it from earlier in the catalog); the scan over every model runs only when it may not.
  let choice = 0,
    stale = true;
  let runnerUpMs = Infinity,
    runnerUp = 0;
  /** Sets `choice`: the first untried model, else the first lowest estimate, else model 0; and the runner-up. */
  const scan = (): void => {
    stale = false;
    runnerUpMs = Infinity;
    runnerUp = estimateMs.length;
    if (untried > 0) {
      for (let m = 0; m < tried.length; m++) if (!tried[m]) return void ((choice = m), (stale = true));
    }
    let best = -1;
    for (let m = 0; m < estimateMs.length; m++) {
      const e = estimateMs[m]!;
      if (Number.isNaN(e)) continue;
      if (best < 0 || e < estimateMs[best]!) {
        if (best >= 0) [runnerUpMs, runnerUp] = [estimateMs[best]!, best];
        best = m;
      } else if (e < runnerUpMs) {
        [runnerUpMs, runnerUp] = [e, m];
      }
    }
    choice = Math.max(best, 0);
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
      if (stale) scan();
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
      }
      if (Number.isNaN(f.latencyMs)) return;
      const e = estimateMs[m]!;
      const next = Number.isNaN(e) ? f.latencyMs : e + alpha * (f.latencyMs - e);
      estimateMs[m] = next;
      if (m !== choice || !(next < runnerUpMs || (next === runnerUpMs && m < runnerUp))) stale = true;
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
