/**
 * The read-only gateway state a policy sees at decision time when it runs inside `routelab simulate`
 * (`ctx.gateway`; undefined in the clock-free replay). Latency-aware policies read it to route by load.
 */
export interface ProviderView {
  readonly name: string;
  readonly model: string;
  /** Infinity when unlimited. */
  readonly concurrency: number;
  /** Calls being served now. */
  readonly inFlight: number;
  /** Accepted calls waiting for a slot. */
  readonly queued: number;
  readonly coolingDown: boolean;
  /** p95 of the send → answer latency of its last 32 successful calls, NaN before the first. */
  readonly recentP95LatencyMs: number;
  /** Share of its last 32 calls that failed, NaN before the first. */
  readonly recentErrorRate: number;
}

/** The same figures for a model, over its providers. */
export interface ModelGatewayView {
  readonly model: string;
  readonly concurrency: number;
  readonly inFlight: number;
  readonly queued: number;
  /** True when at least one provider is not cooling down. */
  readonly available: boolean;
  /** p95 over the recent successful calls of all its providers, NaN before the first. */
  readonly recentP95LatencyMs: number;
  readonly recentErrorRate: number;
}

export interface GatewayView {
  /** Every provider, sorted by name. */
  providers(): readonly ProviderView[];
  /** The model's figures, undefined when no provider serves it. */
  model(model: string): ModelGatewayView | undefined;
}
