import type { ProviderRouting } from './deployment-schema.ts';
import { type ProviderState, RECENT_OUTAGE_MS } from './provider-state.ts';
import { blendedPrice, drawWeighted, lowest, type ProviderRouter, type RouteContext } from './route-context.ts';

type OpenRouterRouting = Extract<ProviderRouting, { type: 'openrouter' }>;

/**
 * OpenRouter's default load balancing: among providers without an outage in the last 30 s (all of them
 * when none is stable), one drawn with weight 1/price² (price = input + output USD per MTok). A free
 * provider takes everything; when a price is unknown the draw is uniform, since no weight can be given.
 */
export function loadBalance(candidates: readonly ProviderState[], ctx: RouteContext): ProviderState | undefined {
  if (candidates.length === 0) return undefined;
  const stable = candidates.filter((p) => ctx.nowMs - p.lastOutageMs > RECENT_OUTAGE_MS);
  const pool = stable.length > 0 ? stable : candidates;
  const prices = pool.map(blendedPrice);
  const weights = prices.some(Number.isNaN)
    ? prices.map(() => 1)
    : prices.includes(0)
      ? prices.map((x) => (x === 0 ? 1 : 0))
      : prices.map((x) => 1 / (x * x));
  return pool[drawWeighted(weights, ctx.rng)];
}

/** Recent output tokens per second: the profile's throughput, else observed, NaN when neither. */
function throughput(p: ProviderState): number {
  if (p.provider.profile) return p.provider.profile.outputTokensPerS;
  const msPerToken = p.recentMsPerToken.mean();
  return msPerToken > 0 ? 1000 / msPerToken : NaN;
}

/** Recent mean latency, else the profile's time to first token, NaN when neither. */
function latency(p: ProviderState): number {
  const observed = p.recentLatencyMs.mean();
  return Number.isNaN(observed) ? (p.provider.profile?.ttftMs ?? NaN) : observed;
}

/**
 * OpenRouter provider routing (the request's `provider` object): `only` / `ignore` / `max_price` filter;
 * `order` is tried first; `sort` tries by price (ascending), throughput (descending) or latency (ascending)
 * and disables load balancing; `allow_fallbacks: false` allows one provider (or only those in `order`).
 */
export function openRouterRouter(r: OpenRouterRouting): ProviderRouter {
  const only = r.only && new Set(r.only);
  const ignore = new Set(r.ignore ?? []);
  const maxPrompt = r.max_price?.prompt ?? Infinity;
  const maxCompletion = r.max_price?.completion ?? Infinity;
  const allowed = (p: ProviderState): boolean => {
    const name = p.provider.name;
    if ((only && !only.has(name)) || ignore.has(name)) return false;
    if (maxPrompt === Infinity && maxCompletion === Infinity) return true;
    // A provider whose price is unknown cannot be shown to be under the cap.
    return !!p.price && p.price.inputUsdPerMTok <= maxPrompt && p.price.outputUsdPerMTok <= maxCompletion;
  };
  return (all, ctx) => {
    if (!r.allow_fallbacks && ctx.triedCount > 0 && !r.order) return undefined;
    const candidates = all.filter(allowed);
    for (const name of r.order ?? []) {
      const p = candidates.find((c) => c.provider.name === name);
      if (p) return p;
    }
    if (!r.allow_fallbacks && r.order) return undefined;
    if (r.sort === 'price') return lowest(candidates, blendedPrice);
    if (r.sort === 'throughput') return lowest(candidates, (p) => -throughput(p));
    if (r.sort === 'latency') return lowest(candidates, latency);
    return loadBalance(candidates, ctx);
  };
}
