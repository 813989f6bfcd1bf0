import { PolicyError } from '../core/errors.ts';
import type { Rng } from '../core/rng.ts';
import type { CatalogModel, DecideContext, Decision, Policy } from '../policy/types.ts';
import { ReplayRequestView } from '../replay/request-view.ts';
import type { Trace } from '../traces/trace.ts';
import { SIM_STATUSES } from './attempt-log.ts';
import { GatewayStateView } from './gateway-state-view.ts';
import type { ProviderState } from './provider-state.ts';

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/**
 * Asks the policy for a model at a request's arrival, with the live gateway view in its context, and
 * tells it the request's outcome when it ends. A malformed decision fails the run with a PolicyError.
 */
export class PolicyDecider {
  spentUsd = 0;
  private readonly view: ReplayRequestView;
  private readonly feedbackView: ReplayRequestView;
  private readonly gateway: GatewayStateView;
  private readonly code: Map<string, number>;

  constructor(
    private readonly trace: Trace,
    private readonly policy: Policy,
    private readonly catalog: readonly CatalogModel[],
    states: readonly ProviderState[],
    private readonly rng: Rng,
  ) {
    this.view = new ReplayRequestView(trace);
    this.feedbackView = new ReplayRequestView(trace);
    this.gateway = new GatewayStateView(states);
    this.code = new Map(catalog.map((c, i) => [c.model, i]));
  }

  /** The catalog index of the model the policy picks for request r arriving at t. */
  decide(r: number, t: number): number {
    this.view.moveTo(r);
    this.gateway.nowMs = t;
    const ctx: DecideContext = {
      catalog: this.catalog,
      nowMs: t,
      spentUsd: this.spentUsd,
      rng: this.rng,
      gateway: this.gateway,
    };
    let d: Decision;
    try {
      d = this.policy.decide(this.view, ctx);
    } catch (err) {
      throw this.refuse(r, `decide threw: ${message(err)}`, err);
    }
    if (d?.type === 'model') return this.codeOf(r, d.model);
    if (d?.type === 'weights') return this.sample(r, d.weights);
    if (d?.type === 'cascade')
      throw this.refuse(r, 'returned a cascade; the simulator runs single-model decisions (replay evaluates cascades)');
    throw this.refuse(r, `returned ${JSON.stringify(d)}; expected {type: 'model' | 'weights', …}`);
  }

  observe(r: number, model: string, quality: number, costUsd: number, latencyMs: number, status: number): void {
    if (!this.policy.observe || model === '') return;
    this.feedbackView.moveTo(r);
    const s = SIM_STATUSES[status]!;
    this.policy.observe({ request: this.feedbackView, model, quality, costUsd, latencyMs, status: s });
  }

  private sample(r: number, weights: Readonly<Record<string, number>>): number {
    const names = Object.keys(weights ?? {});
    let total = 0;
    for (const name of names) {
      const w = weights[name]!;
      if (!(typeof w === 'number' && Number.isFinite(w) && w >= 0))
        throw this.refuse(r, `returned weight ${String(w)} for ${name}; expected a finite number ≥ 0`);
      this.codeOf(r, name);
      total += w;
    }
    if (!(total > 0)) throw this.refuse(r, 'returned weights that sum to 0; give at least one model a positive weight');
    const u = this.rng.next() * total;
    let acc = 0;
    for (const name of names) {
      acc += weights[name]!;
      if (u < acc) return this.codeOf(r, name);
    }
    return this.codeOf(r, names[names.length - 1]!);
  }

  private codeOf(r: number, model: unknown): number {
    const c = typeof model === 'string' ? this.code.get(model) : undefined;
    if (c === undefined)
      throw this.refuse(
        r,
        `returned model ${JSON.stringify(model)}, which no provider of the deployment serves; ` +
          `served models: ${[...this.code.keys()].join(', ')}`,
      );
    return c;
  }

  private refuse(r: number, detail: string, cause?: unknown): PolicyError {
    return new PolicyError(this.policy.name, this.trace.requestIds[r], detail, cause ? { cause } : undefined);
  }
}
