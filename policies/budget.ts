import {
  ConfigError,
  checkKnownOptions,
  expectedCostUsd,
  modelMeans,
  numberOption,
  requireTrain,
  specName,
  type Decision,
  type Policy,
  type PolicyDefinition,
} from 'routelab/policy';

/** How spend is windowed: calendar hours/days of simulated time, or every N requests. */
export type BudgetWindow =
  | { readonly type: 'time'; readonly ms: number }
  | { readonly type: 'requests'; readonly n: number };

/**
 * `budget:<usdPerWindow>?window=hour|day|requests:N&soft=0.5` — a spend cap per window. Models form a
 * ladder from the best mean quality on the training trace down to ever cheaper ones (each rung cheaper
 * than the one above by expected cost and, where known, by recorded mean cost). While the window's spend
 * is under `soft` × cap the top rung is used; from there to the cap the policy steps down the ladder in
 * proportion, and it never picks a rung whose expected cost would overshoot the cap unless it is the
 * cheapest. The cap is soft: requests are never refused.
 */
export function budgetPolicy(capUsd: number, window: BudgetWindow, soft: number): Policy {
  const windowName = window.type === 'requests' ? `requests:${window.n}` : window.ms === 3_600_000 ? 'hour' : 'day';
  const name = specName('budget', String(capUsd), {
    window: windowName,
    ...(soft === 0.5 ? {} : { soft: String(soft) }),
  });
  let ladder: Decision[] = [];
  let ladderCostUsd: number[] = [];
  let current = NaN,
    windowStartUsd = 0,
    seen = 0;
  return {
    name,
    init: ({ catalog, train }) => {
      const quality = modelMeans(requireTrain(name, train), catalog).quality;
      const ranked = catalog
        .map((c, m) => ({ model: c.model, q: quality[m]!, cost: expectedCostUsd(c), recorded: c.meanCostUsd }))
        .filter((x) => !Number.isNaN(x.q) && Number.isFinite(x.cost))
        .sort((a, b) => b.q - a.q || a.cost - b.cost);
      if (ranked.length === 0)
        throw new ConfigError(`policy ${name}: no model has both a training quality and an expected cost`);
      const rungs = [ranked[0]!];
      // A rung below is worse, so it must be cheaper by the price table AND by the recorded cost where both
      // are known: a stale table must not make the cap fall back to a model that costs more per call.
      for (const x of ranked) {
        const above = rungs[rungs.length - 1]!;
        if (x.cost < above.cost && !(x.recorded >= above.recorded)) rungs.push(x);
      }
      ladder = rungs.map((x) => ({ type: 'model', model: x.model }));
      ladderCostUsd = rungs.map((x) => x.cost);
      current = NaN;
      windowStartUsd = 0;
      seen = 0;
    },
    decide: (req, ctx) => {
      let w: number;
      if (window.type === 'requests') w = Math.floor(seen / window.n);
      else if (Number.isNaN(req.timestampMs))
        throw new ConfigError(
          `window=${windowName} needs request timestamps and this request has none; use window=requests:<n>`,
        );
      else w = Math.floor(req.timestampMs / window.ms);
      seen++;
      if (w !== current) {
        current = w;
        windowStartUsd = ctx.spentUsd;
      }
      const spentUsd = ctx.spentUsd - windowStartUsd;
      const used = spentUsd / capUsd;
      const last = ladder.length - 1;
      let rung = used < soft ? 0 : Math.min(last, Math.floor(((used - soft) / (1 - soft)) * ladder.length));
      while (rung < last && spentUsd + ladderCostUsd[rung]! > capUsd) rung++;
      return ladder[rung]!;
    },
  };
}

/** Parses `hour`, `day` or `requests:N`. */
export function parseWindow(raw: string | undefined): BudgetWindow {
  if (raw === undefined || raw === 'day') return { type: 'time', ms: 86_400_000 };
  if (raw === 'hour') return { type: 'time', ms: 3_600_000 };
  const m = /^requests:(\d+)$/.exec(raw);
  if (m && Number(m[1]) >= 1) return { type: 'requests', n: Number(m[1]) };
  throw new ConfigError(`policy budget: option window expected hour, day or requests:<n ≥ 1>, got "${raw}"`);
}

export const budget: PolicyDefinition = {
  name: 'budget',
  usage: 'budget:<usdPerWindow>[?window=hour|day|requests:<n>&soft=0.5]',
  factory: (options, arg) => {
    checkKnownOptions('budget', options, ['window', 'soft']);
    const capUsd = arg.trim() === '' ? NaN : Number(arg);
    if (!(capUsd > 0) || !Number.isFinite(capUsd))
      throw new ConfigError(`policy budget: expected a spend cap in USD > 0, got "${arg}"; e.g. budget:5?window=hour`);
    return budgetPolicy(
      capUsd,
      parseWindow(options.window),
      numberOption('budget', options, 'soft', 0.5, { min: 0, max: 0.99 }),
    );
  },
};
