/**
 * The policy contract (docs/ARCHITECTURE.md, "Policies"). A policy sees the request and the world, never the request's
 * outcomes; everything but `name` and `decide` is optional.
 */
import type { Rng } from '../core/rng.ts';
import type { PriceEntry } from '../traces/price-types.ts';
import type { Trace } from '../traces/trace.ts';
import type { GatewayView } from './gateway-view.ts';

/**
 * What a policy may know about a request at decision time — no quality, cost or latency.
 * The replay reuses one view object for every request (no per-request allocation): it is valid only
 * during the `decide`/`observe` call that receives it; copy what you want to keep (`{...req.tags}`).
 */
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
  /**
   * The request's value of tag column `name` as a number — parsed once per trace, not per call — NaN when the
   * column is absent, the cell empty, or the value not a plain decimal (a score column, e.g. a router's
   * predicted win rate).
   */
  tagNumber(name: string): number;
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
  /** Mean input (prompt) tokens on the training trace, NaN when unknown. */
  readonly meanInputTokens?: number;
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
  /** Live gateway state (load, queues, recent latency and errors) inside `routelab simulate`; else undefined. */
  readonly gateway?: GatewayView;
}

/** Accept rule for cascades: judge the recorded answer or read a per-request score column. */
export type AcceptRule =
  | { readonly type: 'noisy-judge'; readonly threshold: number; readonly errorRate: number }
  | { readonly type: 'score-threshold'; readonly column: string; readonly threshold: number };

/**
 * What a policy decides for one request. A returned decision object must never be mutated afterwards: the replay
 * caches what it prepared from a decision by object identity (returning the same object again is how a policy
 * says "unchanged", and is what makes one-model policies fast), so edit a copy instead — return a new object
 * whenever the choice changes.
 */
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

/**
 * Sweep fast path: per request, a score computed from the request alone (never its outcomes) such that,
 * at parameter value v, the policy's decision is `strong` when `score[r] >= v` and `weak` otherwise.
 */
export interface TwoModelScores {
  readonly strong: string;
  readonly weak: string;
  /** One score per request of the trace, in trace order; no NaN. */
  readonly score: Float64Array;
}

export interface Policy {
  readonly name: string;
  init?(ctx: PolicyInit): void | Promise<void>;
  decide(req: RequestView, ctx: DecideContext): Decision;
  observe?(feedback: Feedback): void;
  /**
   * Optional sweep fast path: when sweeping `param`, this policy is a two-model threshold rule over the
   * returned scores (see TwoModelScores), so a sweep can sort once and read every point from prefix sums.
   * Return undefined when `param` is not such a threshold (the sweep then replays each point). Called
   * after `init`.
   */
  twoModelScores?(trace: Trace, param: string): TwoModelScores | undefined;
}

/** A factory takes the options of a spec string (`x?alpha=0.3` → `{alpha: '0.3'}`) and the rest of the spec. */
export type PolicyFactory = (options: Readonly<Record<string, string>>, arg: string) => Policy | Promise<Policy>;
