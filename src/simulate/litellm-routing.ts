import type { ProviderRouting } from './deployment-schema.ts';
import type { ProviderState } from './provider-state.ts';
import { blendedPrice, drawWeighted, lowest, type ProviderRouter, type RouteContext } from './route-context.ts';

type LiteLlmRouting = Extract<ProviderRouting, { type: 'litellm' }>;

/** simple-shuffle: weighted by `weight` when every candidate has one, else by rpm, else tpm, else uniform. */
export function simpleShuffle(candidates: readonly ProviderState[], ctx: RouteContext): ProviderState | undefined {
  if (candidates.length === 0) return undefined;
  const every = (f: (p: ProviderState) => number): boolean => candidates.every((p) => Number.isFinite(f(p)));
  const key = every((p) => p.provider.weight ?? NaN)
    ? (p: ProviderState) => p.provider.weight!
    : every((p) => p.provider.rpm)
      ? (p: ProviderState) => p.provider.rpm
      : every((p) => p.provider.tpm)
        ? (p: ProviderState) => p.provider.tpm
        : () => 1;
  return candidates[drawWeighted(candidates.map(key), ctx.rng)];
}

/** least-busy: the fewest calls sent and not yet answered (in flight + queued); ties by name. */
export function leastBusy(candidates: readonly ProviderState[]): ProviderState | undefined {
  return lowest(candidates, (p) => p.inFlight + p.queued);
}

/** Candidates whose usage in the current calendar minute leaves room for this call (LiteLLM's pre-check). */
function withinMinuteLimits(candidates: readonly ProviderState[], ctx: RouteContext): ProviderState[] {
  return candidates.filter((p) => {
    const u = p.minuteUsage(ctx.nowMs);
    return u.requests + 1 <= p.provider.rpm && u.tokens + ctx.tokens <= p.provider.tpm;
  });
}

/**
 * latency-based-routing: mean latency per output token over each provider's last 10 successful calls
 * (0 for a provider with none, so new providers are tried first), then a uniform draw among those within
 * (1 + buffer) × the lowest.
 */
export function latencyBased(buffer: number): ProviderRouter {
  return (all, ctx) => {
    const candidates = withinMinuteLimits(all, ctx);
    if (candidates.length === 0) return undefined;
    const msPerToken = candidates.map((p) => (p.recentMsPerToken.size === 0 ? 0 : p.recentMsPerToken.mean()));
    const best = Math.min(...msPerToken);
    const near = candidates.filter((_p, i) => msPerToken[i]! <= best * (1 + buffer));
    return near[ctx.rng.int(near.length)];
  };
}

/** usage-based-routing: the lowest tokens used this minute among providers with room left; ties by name. */
export function usageBased(all: readonly ProviderState[], ctx: RouteContext): ProviderState | undefined {
  return lowest(withinMinuteLimits(all, ctx), (p) => p.minuteUsage(ctx.nowMs).tokens);
}

/** cost-based-routing: the lowest price among providers with room left this minute; ties by name. */
export function costBased(all: readonly ProviderState[], ctx: RouteContext): ProviderState | undefined {
  return lowest(withinMinuteLimits(all, ctx), blendedPrice);
}

/** The LiteLLM Router strategy named in the deployment. */
export function liteLlmRouter(r: LiteLlmRouting): ProviderRouter {
  switch (r.strategy) {
    case 'simple-shuffle':
      return simpleShuffle;
    case 'least-busy':
      return leastBusy;
    case 'latency-based-routing':
      return latencyBased(r.lowestLatencyBuffer);
    case 'usage-based-routing':
      return usageBased;
    case 'cost-based-routing':
      return costBased;
  }
}
