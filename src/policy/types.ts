/**
 * The policy contract (DESIGN §3). A policy sees the request and the world, never the request's
 * outcomes; everything but `name` and `decide` is optional.
 */
import type { Rng } from '../core/rng.ts';
import type { PriceEntry } from '../traces/prices.ts';
import type { Trace } from '../traces/trace.ts';

/** What a policy may know about a request at decision time — no quality, cost or latency. */
export interface RequestView {
  /** Index of the request in the trace (stable within one replay). */
  readonly index: number;
  readonly id: string;
  /** Arrival time in epoch ms, NaN when the trace has none. */
  readonly timestampMs: number;
  readonly prompt: string | undefined;
  readonly task: string | undefined;
  /** Tag values of the request's first row (extra columns). */
  readonly tags: Readonly<Record<string, string>>;
  /** Prompt tokens as recorded (or estimated), NaN when unknown. */
  readonly inputTokens: number;
}

/** A candidate model with its price and expectations from the training trace. */
export interface CatalogModel {
  readonly model: string;
  /** Price entry, undefined when the price table does not know the model. */
  readonly price: PriceEntry | undefined;
  /** Mean cost per request on the training trace (USD), NaN when unknown. */
  readonly meanCostUsd: number;
  /** Mean output tokens on the training trace, NaN when unknown. */
  readonly meanOutputTokens: number;
}

export interface PolicyInit {
  /** Candidate models in trace order. */
  readonly catalog: readonly CatalogModel[];
  /** Full-information training trace for policies that learn offline; undefined when none was given. */
  readonly train: Trace | undefined;
  readonly rng: Rng;
}

export interface DecideContext {
  readonly catalog: readonly CatalogModel[];
  /** Simulated clock: the request's arrival time (epoch ms), NaN when the trace has none. */
  readonly nowMs: number;
  /** Cost the policy has spent so far in this replay (USD). */
  readonly spentUsd: number;
  readonly rng: Rng;
}

/** Accept rule for cascades: judge the recorded answer or read a per-request score column. */
export type AcceptRule =
  | { readonly type: 'noisy-judge'; readonly threshold: number; readonly errorRate: number }
  | { readonly type: 'score-threshold'; readonly column: string; readonly threshold: number };

export type Decision =
  | { readonly type: 'model'; readonly model: string }
  | { readonly type: 'weights'; readonly weights: Readonly<Record<string, number>> }
  | { readonly type: 'cascade'; readonly models: readonly string[]; readonly accept: AcceptRule };

/** Outcome of the call the policy actually made (bandit feedback). */
export interface Feedback {
  readonly request: RequestView;
  readonly model: string;
  /** NaN where unknown. */
  readonly quality: number;
  readonly costUsd: number;
  readonly latencyMs: number;
  readonly status: string;
}

export interface Policy {
  readonly name: string;
  init?(ctx: PolicyInit): void | Promise<void>;
  decide(req: RequestView, ctx: DecideContext): Decision;
  observe?(feedback: Feedback): void;
}

/** A factory takes the options of a spec string (`x?alpha=0.3` → `{alpha: '0.3'}`) and the rest of the spec. */
export type PolicyFactory = (options: Readonly<Record<string, string>>, arg: string) => Policy | Promise<Policy>;
