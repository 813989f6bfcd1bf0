import { describe, expect, it } from 'vitest';
import { latencySlo } from '../../policies/latency-slo.ts';
import { leastBusy } from '../../policies/least-busy.ts';
import { createRng } from '../../src/core/rng.ts';
import type { GatewayView, ModelGatewayView } from '../../src/policy/gateway-view.ts';
import type { CatalogModel, DecideContext, Policy, RequestView } from '../../src/policy/types.ts';

const catalog: CatalogModel[] = [
  { model: 'big', price: undefined, meanCostUsd: 3, meanOutputTokens: NaN },
  { model: 'mid', price: undefined, meanCostUsd: 2, meanOutputTokens: NaN },
  { model: 'small', price: undefined, meanCostUsd: 1, meanOutputTokens: NaN },
];

/** A fake gateway: per model in flight, queued, recent p95 and availability. */
function gateway(models: Record<string, Partial<ModelGatewayView>>): GatewayView {
  return {
    providers: () => [],
    model: (m) => {
      const v = models[m];
      if (!v) return undefined;
      const base = { concurrency: 1, inFlight: 0, queued: 0, available: true, recentP95LatencyMs: NaN };
      return { model: m, recentErrorRate: 0, ...base, ...v };
    },
  };
}

const req = { index: 0 } as RequestView;
async function decide(policy: Policy, g: GatewayView | undefined): Promise<string> {
  await policy.init?.({ catalog, train: undefined, rng: createRng(0) });
  const ctx: DecideContext = { catalog, nowMs: 0, spentUsd: 0, rng: createRng(0), ...(g ? { gateway: g } : {}) };
  const d = policy.decide(req, ctx);
  return d.type === 'model' ? d.model : d.type;
}

describe('least-busy', () => {
  const make = () => leastBusy.factory({}, '') as Policy;

  it('picks the model with the fewest calls in flight or queued; ties to the catalog order', async () => {
    expect(
      await decide(make(), gateway({ big: { inFlight: 3 }, mid: { inFlight: 1, queued: 1 }, small: { inFlight: 2 } })),
    ).toBe('mid');
    expect(await decide(make(), gateway({ big: { inFlight: 1 }, mid: { inFlight: 1 }, small: { inFlight: 1 } }))).toBe(
      'big',
    );
  });

  it('skips a model whose providers all cool down, unless every model does', async () => {
    expect(
      await decide(make(), gateway({ big: { available: false }, mid: { inFlight: 5 }, small: { inFlight: 6 } })),
    ).toBe('mid');
    expect(
      await decide(make(), gateway({ big: { available: false, inFlight: 2 }, mid: { available: false, inFlight: 1 } })),
    ).toBe('mid');
  });

  it('refuses to run without the gateway state (replay)', async () => {
    await expect(decide(make(), undefined)).rejects.toThrow(
      'policy least-busy: routes by live load, so it runs in `routelab simulate`',
    );
  });
});

describe('latency-slo:<ms>', () => {
  const make = (ms = 1000) => latencySlo.factory({}, String(ms)) as Policy;

  it('takes the cheapest model whose recent p95 meets the SLO', async () => {
    const g = gateway({
      big: { recentP95LatencyMs: 500 },
      mid: { recentP95LatencyMs: 900 },
      small: { recentP95LatencyMs: 1500 },
    });
    expect(await decide(make(), g)).toBe('mid');
    expect(await decide(make(2000), g)).toBe('small');
  });

  it('counts an unmeasured model as meeting the SLO and skips cooling-down ones', async () => {
    expect(await decide(make(), gateway({ big: {}, mid: {}, small: {} }))).toBe('small');
    const g = gateway({
      big: { recentP95LatencyMs: 10 },
      mid: { recentP95LatencyMs: 10 },
      small: { available: false },
    });
    expect(await decide(make(), g)).toBe('mid');
  });

  it('falls back to the lowest recent p95 when no model meets the SLO', async () => {
    const g = gateway({
      big: { recentP95LatencyMs: 3000 },
      mid: { recentP95LatencyMs: 2000 },
      small: { recentP95LatencyMs: 2500 },
    });
    expect(await decide(make(), g)).toBe('mid');
  });

  it.each(['', '0', '-5', 'fast'])('refuses latency-slo:%s', (arg) => {
    expect(() => latencySlo.factory({}, arg)).toThrow(
      `policy latency-slo: expected latency-slo:<ms> with ms > 0, got "latency-slo:${arg}"`,
    );
  });
});
