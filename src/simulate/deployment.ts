import type { ProviderRouting } from './deployment-schema.ts';

/** One provider (deployment) of one model: the simulator's unit of capacity. Times in epoch ms. */
export interface Provider {
  readonly name: string;
  readonly model: string;
  /** Infinity when unlimited. */
  readonly concurrency: number;
  readonly rpm: number;
  readonly tpm: number;
  /** undefined: the trace's recorded latency_ms; else ttft + output tokens / throughput. */
  readonly profile: { readonly ttftMs: number; readonly outputTokensPerS: number } | undefined;
  readonly errorRate: number;
  /** Sorted by start, half-open [startMs, endMs). */
  readonly outages: readonly { readonly startMs: number; readonly endMs: number }[];
  readonly price: { readonly inputUsdPerMTok: number; readonly outputUsdPerMTok: number } | undefined;
  readonly weight: number | undefined;
}

export interface Cooldown {
  readonly allowedFails: number;
  readonly windowMs: number;
  readonly cooldownMs: number;
}

export interface Gateway {
  readonly retries: number;
  readonly retryBackoffMs: number;
  /** Per attempt, from the moment the call is sent; Infinity when none. */
  readonly timeoutMs: number;
  readonly fallbacks: ReadonlyMap<string, readonly string[]>;
  readonly cooldown: Cooldown | undefined;
  readonly routing: ProviderRouting;
}

/** A validated deployment; providers sorted by name so that the file's order never changes a result. */
export interface Deployment {
  readonly providers: readonly Provider[];
  readonly gateway: Gateway;
}
