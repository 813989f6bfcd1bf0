import type { GatewayView, ModelGatewayView, ProviderView } from '../policy/gateway-view.ts';
import { quantileSorted } from '../core/stats.ts';
import type { ProviderState } from './provider-state.ts';

/** The GatewayView over live provider states; every read reflects the state at the moment it is made. */
export class GatewayStateView implements GatewayView {
  nowMs = 0;
  private readonly byModel = new Map<string, ProviderState[]>();

  constructor(private readonly states: readonly ProviderState[]) {
    for (const s of states) {
      const list = this.byModel.get(s.provider.model) ?? [];
      list.push(s);
      this.byModel.set(s.provider.model, list);
    }
  }

  providers(): readonly ProviderView[] {
    return this.states.map((s) => ({
      name: s.provider.name,
      model: s.provider.model,
      concurrency: s.provider.concurrency,
      inFlight: s.inFlight,
      queued: s.queued,
      coolingDown: s.coolingDown(this.nowMs),
      recentP95LatencyMs: s.recentLatencyMs.quantile(0.95),
      recentErrorRate: s.recentFailures.mean(),
    }));
  }

  model(model: string): ModelGatewayView | undefined {
    const list = this.byModel.get(model);
    if (!list) return undefined;
    let concurrency = 0,
      inFlight = 0,
      queued = 0,
      n = 0,
      failures = 0,
      outcomes = 0,
      available = false;
    for (const s of list) {
      concurrency += s.provider.concurrency;
      inFlight += s.inFlight;
      queued += s.queued;
      n += s.recentLatencyMs.size;
      failures += s.recentFailures.mean() * s.recentFailures.size || 0;
      outcomes += s.recentFailures.size;
      available ||= !s.coolingDown(this.nowMs);
    }
    const all = new Float64Array(n);
    let at = 0;
    for (const s of list) at = s.recentLatencyMs.copyTo(all, at);
    return {
      model,
      concurrency,
      inFlight,
      queued,
      available,
      recentP95LatencyMs: quantileSorted(all.sort(), 0.95),
      recentErrorRate: outcomes === 0 ? NaN : failures / outcomes,
    };
  }
}
