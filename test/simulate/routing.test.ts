import { describe, expect, it } from 'vitest';
import type { Rng } from '../../src/core/rng.ts';
import type { Provider } from '../../src/simulate/deployment.ts';
import { ProviderState } from '../../src/simulate/provider-state.ts';
import { costBased, latencyBased, leastBusy, simpleShuffle, usageBased } from '../../src/simulate/litellm-routing.ts';
import { openRouterRouter } from '../../src/simulate/openrouter-routing.ts';
import type { RouteContext } from '../../src/simulate/route-context.ts';

/** An rng that returns the given uniforms in turn. */
function fixedRng(...u: number[]): Rng {
  const next = (): number => u.shift()!;
  return { next, int: (n) => Math.floor(next() * n), fork: () => fixedRng() };
}

function state(name: string, pricePerMTok: number | undefined, extra: Partial<Provider> = {}): ProviderState {
  const p: Provider = {
    name,
    model: 'm',
    concurrency: Infinity,
    rpm: Infinity,
    tpm: Infinity,
    profile: undefined,
    errorRate: 0,
    outages: [],
    price: undefined,
    weight: undefined,
    ...extra,
  };
  const price = pricePerMTok === undefined ? undefined : { inputUsdPerMTok: pricePerMTok, outputUsdPerMTok: 0 };
  return new ProviderState(p, 0, { allowedFails: 1, windowMs: 60_000, cooldownMs: 5_000 }, price);
}

const ctx = (rng: Rng, nowMs = 100_000, triedCount = 0, tokens = 10): RouteContext => ({
  nowMs,
  tokens,
  rng,
  triedCount,
});
const names = (xs: readonly (ProviderState | undefined)[]) => xs.map((x) => x?.provider.name);

describe('OpenRouter provider routing', () => {
  const router = openRouterRouter({ type: 'openrouter', allow_fallbacks: true });

  it("weights by inverse square of price among providers without a recent outage (the docs' A $1, B $2, C $3)", () => {
    const [a, b, c] = [state('A', 1), state('B', 2), state('C', 3)];
    b.recordFailure(90_000, true); // an outage 10 s ago: B is left out of the draw.
    // Weights A 1, C 1/9 (total 10/9): P(A) = 0.9. u = 0.89 → 0.989 < 1 → A; u = 0.91 → 1.011 → C.
    expect(names([router([a, b, c], ctx(fixedRng(0.89))), router([a, b, c], ctx(fixedRng(0.91)))])).toEqual(['A', 'C']);
    // 31 s after B's outage it is back: weights 1, 1/4, 1/9 (total 49/36); u = 0.8 → 1.089 → B.
    expect(router([a, b, c], ctx(fixedRng(0.8), 121_001))?.provider.name).toBe('B');
  });

  it('sorts by price, throughput or latency (load balancing off)', () => {
    const fast = state('fast', 3, { profile: { ttftMs: 100, outputTokensPerS: 200 } });
    const slow = state('slow', 1, { profile: { ttftMs: 900, outputTokensPerS: 20 } });
    const sorted = (sort: 'price' | 'throughput' | 'latency') =>
      openRouterRouter({ type: 'openrouter', allow_fallbacks: true, sort })([fast, slow], ctx(fixedRng()))?.provider
        .name;
    expect([sorted('price'), sorted('throughput'), sorted('latency')]).toEqual(['slow', 'fast', 'fast']);
  });

  it('tries `order` first, honours only / ignore / max_price, and allow_fallbacks: false', () => {
    const [a, b, c] = [state('A', 1), state('B', 2), state('C', 3)];
    const r = (o: object, cands = [a, b, c], tried = 0, u = 0) =>
      openRouterRouter({ type: 'openrouter', allow_fallbacks: true, ...o })(cands, ctx(fixedRng(u), 100_000, tried))
        ?.provider.name;
    expect(r({ order: ['C', 'B'] })).toBe('C');
    expect(r({ order: ['C', 'B'] }, [a, b])).toBe('B');
    expect(r({ order: ['C'] }, [a, b])).toBe('A'); // order exhausted: back to load balancing
    expect(r({ order: ['C'], allow_fallbacks: false }, [a, b])).toBeUndefined();
    expect(r({ allow_fallbacks: false }, [b, c], 1)).toBeUndefined(); // one provider only, already tried
    expect(r({ only: ['B', 'C'] })).toBe('B'); // u = 0: the first of the weighted draw
    expect(r({ ignore: ['A'] })).toBe('B');
    expect(r({ max_price: { prompt: 1.5 } }, [b, c])).toBeUndefined();
    expect(r({ max_price: { prompt: 2 } }, [a, b, c], 0, 0.99)).toBe('B');
  });
});

describe('LiteLLM routing strategies', () => {
  it('simple-shuffle draws by weight, else rpm, else tpm, else uniformly', () => {
    const w = [state('x', 1, { weight: 9 }), state('y', 1, { weight: 1 })];
    expect(names([simpleShuffle(w, ctx(fixedRng(0.89))), simpleShuffle(w, ctx(fixedRng(0.91)))])).toEqual(['x', 'y']);
    const rpm = [state('x', 1, { rpm: 100 }), state('y', 1, { rpm: 300 })];
    expect(names([simpleShuffle(rpm, ctx(fixedRng(0.24))), simpleShuffle(rpm, ctx(fixedRng(0.26)))])).toEqual([
      'x',
      'y',
    ]);
    const none = [state('x', 1), state('y', 1)];
    expect(simpleShuffle(none, ctx(fixedRng(0.5)))?.provider.name).toBe('y');
  });

  it('least-busy picks the fewest calls in flight or queued (ties by name)', () => {
    const [x, y, z] = [state('x', 1), state('y', 1), state('z', 1)];
    [x.inFlight, y.inFlight, z.inFlight] = [2, 1, 0];
    z.enqueue(7);
    expect(leastBusy([x, y, z])?.provider.name).toBe('y');
    x.inFlight = 1;
    expect(leastBusy([x, y, z])?.provider.name).toBe('x');
  });

  it('latency-based-routing draws among providers within (1 + buffer) × the lowest ms per token', () => {
    const [x, y, z] = [state('x', 1), state('y', 1), state('z', 1)];
    x.recordSuccess(1000, 100); // 10 ms/token
    y.recordSuccess(1100, 100); // 11
    z.recordSuccess(2000, 100); // 20
    const route = latencyBased(0.1);
    expect(names([route([x, y, z], ctx(fixedRng(0.49))), route([x, y, z], ctx(fixedRng(0.51)))])).toEqual(['x', 'y']);
    expect(latencyBased(0)([x, y, z], ctx(fixedRng(0.99)))?.provider.name).toBe('x');
    expect(route([x, y, z, state('new', 1)], ctx(fixedRng(0)))?.provider.name).toBe('new'); // no data = 0
  });

  it('usage-based-routing takes the lowest tokens this minute among providers with room', () => {
    const [x, y] = [state('x', 1, { tpm: 2000 }), state('y', 1, { tpm: 1000 })];
    x.accept(60_000, 100);
    y.accept(60_000, 50);
    expect(usageBased([x, y], ctx(fixedRng(), 61_000))?.provider.name).toBe('y');
    expect(usageBased([x, y], ctx(fixedRng(), 61_000, 0, 960))?.provider.name).toBe('x'); // y: 50 + 960 > its 1000
    expect(usageBased([x, y], ctx(fixedRng(), 120_000))?.provider.name).toBe('x'); // a new minute: both at 0, by name
  });

  it('cost-based-routing takes the cheapest provider with room this minute', () => {
    const [x, y] = [state('x', 2), state('y', 1, { rpm: 1 })];
    expect(costBased([x, y], ctx(fixedRng(), 0))?.provider.name).toBe('y');
    y.accept(0, 10);
    expect(costBased([x, y], ctx(fixedRng(), 1))?.provider.name).toBe('x');
  });

  it('cooldown: more than allowedFails failures within windowMs skip the provider for cooldownMs', () => {
    const p = state('x', 1);
    p.recordFailure(0);
    expect(p.coolingDown(1)).toBe(false); // one failure is allowed
    p.recordFailure(10);
    expect([p.coolingDown(5_009), p.coolingDown(5_010)]).toEqual([true, false]);
    p.recordFailure(70_000); // the window restarted after the cooldown: one failure again
    expect(p.coolingDown(70_001)).toBe(false);
  });
});

describe('OpenRouter load balancing and failures', () => {
  it('an ordinary error does not count as an outage: the provider stays in the draw', () => {
    const [a, b] = [state('A', 1), state('B', 1)];
    b.recordFailure(99_000);
    const route = openRouterRouter({ type: 'openrouter', allow_fallbacks: true });
    expect(route([a, b], ctx(fixedRng(0.75)))?.provider.name).toBe('B');
  });
});
