import type { Cooldown, Provider } from './deployment.ts';
import { RecentValues } from './recent-values.ts';
import { SlidingWindow } from './sliding-window.ts';

export interface ProviderPrice {
  readonly inputUsdPerMTok: number;
  readonly outputUsdPerMTok: number;
}

/** Rate limits count over any sliding 60 s window. */
export const RATE_WINDOW_MS = 60_000;
/** OpenRouter deprioritises providers with an outage "in the last 30 seconds". */
export const RECENT_OUTAGE_MS = 30_000;

/**
 * The live state of one provider during a simulation: busy slots, its FIFO queue of accepted calls, the
 * rate-limit windows, cooldown, and the recent outcomes that routers and policies read.
 */
export class ProviderState {
  inFlight = 0;
  /** Accepted calls waiting for a slot (attempt ids); cancelled ones are skipped when dequeued. */
  private queue = new Int32Array(64);
  private qHead = 0;
  private qLen = 0;
  /** Live queued calls (qLen minus cancelled ones). */
  queued = 0;
  readonly running = new Set<number>();
  readonly requests = new SlidingWindow(RATE_WINDOW_MS);
  readonly tokens = new SlidingWindow(RATE_WINDOW_MS);
  private readonly fails: SlidingWindow | undefined;
  cooldownUntilMs = -Infinity;
  /** Last time a call failed because the provider was down (OpenRouter's "recent outage"). */
  lastOutageMs = -Infinity;
  /** Send → end latency of recent successful calls, and per output token (LiteLLM latency routing). */
  readonly recentLatencyMs = new RecentValues(32);
  readonly recentMsPerToken = new RecentValues(10);
  /** 1 per recent failed call, 0 per success. */
  readonly recentFailures = new RecentValues(32);
  /** Calendar-minute usage (LiteLLM usage-based routing reads "this minute"). */
  minute = -1;
  minuteRequests = 0;
  minuteTokens = 0;

  constructor(
    readonly provider: Provider,
    readonly index: number,
    private readonly cooldown: Cooldown | undefined,
    /** The provider's price override, else the price table's entry for its model; undefined if unknown. */
    readonly price: ProviderPrice | undefined,
  ) {
    this.fails = cooldown ? new SlidingWindow(cooldown.windowMs) : undefined;
  }

  /** The outage covering `nowMs`, or -1. */
  outageAt(nowMs: number): number {
    const o = this.provider.outages;
    for (let i = 0; i < o.length; i++) if (o[i]!.startMs <= nowMs && nowMs < o[i]!.endMs) return i;
    return -1;
  }

  /** True when accepting a call of `tokens` at `nowMs` would exceed rpm or tpm in the window ending now. */
  overLimit(nowMs: number, tokens: number): boolean {
    const p = this.provider;
    if (p.rpm !== Infinity && this.requests.totalAt(nowMs) + 1 > p.rpm) return true;
    return p.tpm !== Infinity && this.tokens.totalAt(nowMs) + tokens > p.tpm;
  }

  accept(nowMs: number, tokens: number): void {
    this.requests.add(nowMs, 1);
    if (this.provider.tpm !== Infinity) this.tokens.add(nowMs, tokens);
    const minute = Math.floor(nowMs / 60_000);
    if (minute !== this.minute) [this.minute, this.minuteRequests, this.minuteTokens] = [minute, 0, 0];
    this.minuteRequests++;
    this.minuteTokens += tokens;
  }

  /** Usage in the calendar minute of `nowMs`. */
  minuteUsage(nowMs: number): { requests: number; tokens: number } {
    const same = Math.floor(nowMs / 60_000) === this.minute;
    return { requests: same ? this.minuteRequests : 0, tokens: same ? this.minuteTokens : 0 };
  }

  coolingDown(nowMs: number): boolean {
    return nowMs < this.cooldownUntilMs;
  }

  /**
   * Records a failed call (`outage`: the provider was down). LiteLLM semantics: more than `allowedFails`
   * failures within `windowMs` put the provider in cooldown for `cooldownMs` (the window restarts after one).
   */
  recordFailure(nowMs: number, outage = false): void {
    if (outage) this.lastOutageMs = nowMs;
    this.recentFailures.add(1);
    const c = this.cooldown;
    if (!c || !this.fails) return;
    this.fails.add(nowMs, 1);
    if (this.fails.totalAt(nowMs) > c.allowedFails) {
      this.cooldownUntilMs = nowMs + c.cooldownMs;
      this.fails.clear();
    }
  }

  recordSuccess(latencyMs: number, outputTokens: number): void {
    this.recentFailures.add(0);
    this.recentLatencyMs.add(latencyMs);
    if (outputTokens > 0) this.recentMsPerToken.add(latencyMs / outputTokens);
  }

  enqueue(attempt: number): void {
    if (this.qLen === this.queue.length) {
      const cap = this.queue.length;
      const q = new Int32Array(cap * 2);
      for (let k = 0; k < this.qLen; k++) q[k] = this.queue[(this.qHead + k) % cap]!;
      [this.queue, this.qHead] = [q, 0];
    }
    this.queue[(this.qHead + this.qLen) % this.queue.length] = attempt;
    this.qLen++;
    this.queued++;
  }

  /** The oldest queued attempt id (cancelled ones included; the caller skips them), or -1. */
  dequeue(): number {
    if (this.qLen === 0) return -1;
    const a = this.queue[this.qHead]!;
    this.qHead = (this.qHead + 1) % this.queue.length;
    this.qLen--;
    return a;
  }
}
