import type { Rng } from '../core/rng.ts';
import type { CatalogModel, Policy } from '../policy/types.ts';
import type { Trace } from '../traces/trace.ts';
import { AttemptLog, DONE, ERROR, OK, QUEUED, RATE_LIMITED, RUNNING, TIMEOUT, UNSUPPORTED } from './attempt-log.ts';
import { callCostUsd, callTokens, plannedStatus, rowOf, serviceMs } from './call-model.ts';
import type { Deployment } from './deployment.ts';
import { EventQueue } from './event-queue.ts';
import { PolicyDecider } from './policy-decider.ts';
import type { ProviderPrice, ProviderState as State } from './provider-state.ts';
import { ProviderState } from './provider-state.ts';
import { routerFor } from './router-for.ts';
import type { ProviderRouter } from './route-context.ts';
import { stream } from './streams.ts';
import { pendingOutcomes, type SimOutcomes, type SimRun } from './types.ts';

const [EV_END, EV_TIMEOUT, EV_RETRY, EV_OUTAGE] = [0, 1, 2, 3];

/**
 * One policy's run of the gateway in time. Requests arrive, the policy picks a model, the provider router
 * picks one of its providers; a call over rpm/tpm or into an outage fails at once (429 / error) and the
 * next provider, then the next fallback model, is tried; an accepted call waits FIFO for a slot, runs for
 * its service time, and on error or timeout is retried after a jittered exponential backoff, then falls back.
 */
export class Simulation {
  private readonly q = new EventQueue();
  private readonly calls = new AttemptLog();
  private readonly states: State[];
  private readonly byModel: State[][];
  private readonly chains: Int32Array[];
  private readonly traceModel: Int32Array;
  private readonly router: ProviderRouter;
  private readonly routingRng: Rng;
  private readonly backoffRng: Rng;
  private readonly errorRng: Rng[];
  private readonly decider: PolicyDecider;
  private readonly chain: (Int32Array | undefined)[];
  private readonly step: Int32Array;
  private readonly retriesLeft: Int32Array;
  private readonly lastFail: Uint8Array;
  private readonly tried = new Map<number, number[]>();
  private readonly out: SimOutcomes;

  constructor(
    private readonly trace: Trace,
    private readonly deployment: Deployment,
    private readonly policy: Policy,
    catalog: readonly CatalogModel[],
    private readonly arrivalMs: Float64Array,
    seed: number,
    prices: readonly (ProviderPrice | undefined)[],
  ) {
    const g = deployment.gateway;
    this.states = deployment.providers.map((p, i) => new ProviderState(p, i, g.cooldown, prices[i]));
    const code = new Map(catalog.map((c, i) => [c.model, i]));
    this.byModel = catalog.map((c) => this.states.filter((s) => s.provider.model === c.model));
    this.chains = catalog.map((c, i) => {
      const models = g.routing.type === 'openrouter' ? (g.routing.models ?? []) : [];
      const next = [...(g.fallbacks.get(c.model) ?? []), ...models].map((m) => code.get(m) ?? -1).filter((m) => m >= 0);
      return Int32Array.from(new Set([i, ...next]));
    });
    this.traceModel = Int32Array.from(catalog, (c) => trace.modelNames.indexOf(c.model));
    this.router = routerFor(g.routing);
    this.routingRng = stream(seed, 'routing');
    this.backoffRng = stream(seed, 'backoff');
    this.errorRng = this.states.map((s) => stream(seed, `errors:${s.provider.name}`));
    this.decider = new PolicyDecider(trace, policy, catalog, this.states, stream(seed, 'policy'));
    const n = trace.requestCount;
    this.chain = new Array(n);
    this.step = new Int32Array(n);
    this.retriesLeft = new Int32Array(n);
    this.lastFail = new Uint8Array(n);
    this.out = pendingOutcomes(n, arrivalMs, this.states, catalog);
  }

  run(): SimRun {
    const n = this.trace.requestCount;
    const arrival = this.arrivalMs;
    const order = Uint32Array.from({ length: n }, (_v, i) => i).sort((a, b) => arrival[a]! - arrival[b]! || a - b);
    this.states.forEach((s, i) => {
      for (const o of s.provider.outages) this.q.push(o.startMs, EV_OUTAGE, i);
    });
    const q = this.q;
    let next = 0,
      events = 0;
    while (next < n || q.size > 0) {
      events++;
      const ta = next < n ? arrival[order[next]!]! : Infinity;
      // Simultaneous events: calls ending (slots freed) are handled before a new arrival at that instant.
      if (q.size > 0 && q.peekTimeMs() <= ta) {
        const t = q.peekTimeMs(),
          kind = q.topKind(),
          data = q.topData();
        q.pop();
        if (kind === EV_END) this.onEnd(data, t);
        else if (kind === EV_TIMEOUT) this.onTimeout(data, t);
        else if (kind === EV_RETRY) this.dispatch(data, t);
        else if (kind === EV_OUTAGE) this.onOutage(data, t);
      } else this.arrive(order[next++]!, ta);
    }
    return { ...this.out, policy: this.policy.name, calls: this.calls, events };
  }

  private arrive(r: number, t: number): void {
    const m = this.decider.decide(r, t);
    this.chain[r] = this.chains[m];
    this.retriesLeft[r] = this.deployment.gateway.retries;
    this.lastFail[r] = RATE_LIMITED;
    this.dispatch(r, t);
  }

  /** Sends request r's next call at t: the current model's next provider, else the next fallback model. */
  private dispatch(r: number, t: number): void {
    const chain = this.chain[r]!;
    for (;;) {
      if (this.step[r]! >= chain.length) return this.finish(r, t, this.lastFail[r]!);
      const m = chain[this.step[r]!]!;
      const row = rowOf(this.trace, r, this.traceModel[m]!);
      if (row < 0) {
        if (this.out.attempts[r] === 0) this.lastFail[r] = UNSUPPORTED;
        this.nextModel(r);
        continue;
      }
      const tried = this.tried.get(r);
      const candidates = this.byModel[m]!.filter((s) => !s.coolingDown(t) && !tried?.includes(s.index));
      const tokens = callTokens(this.trace, row);
      const p = this.router(candidates, { nowMs: t, tokens, rng: this.routingRng, triedCount: tried?.length ?? 0 });
      if (!p) {
        this.nextModel(r);
        continue;
      }
      const service = serviceMs(this.trace, p, row);
      if (Number.isNaN(service)) {
        this.markTried(r, p.index);
        if (this.out.attempts[r] === 0) this.lastFail[r] = UNSUPPORTED;
        continue;
      }
      if (this.send(r, p, row, t, service, tokens)) return;
    }
  }

  private nextModel(r: number): void {
    this.step[r]!++;
    if (this.step[r]! < this.chain[r]!.length) {
      this.out.fallbacks[r]!++;
      this.retriesLeft[r] = this.deployment.gateway.retries;
    }
    this.tried.delete(r);
  }

  private markTried(r: number, provider: number): void {
    const list = this.tried.get(r);
    if (list) list.push(provider);
    else this.tried.set(r, [provider]);
  }

  /** Sends one call; false when it failed at once (outage or rate limit) and another must be tried. */
  private send(r: number, p: State, row: number, t: number, service: number, tokens: number): boolean {
    const c = this.calls;
    const a = c.add(r, p.index, row, t, tokens);
    c.serviceMs[a] = service;
    this.out.attempts[r]!++;
    this.out.finalAttempt[r] = a;
    const fast = p.outageAt(t) >= 0 ? ERROR : p.overLimit(t, tokens) ? RATE_LIMITED : OK;
    if (fast !== OK) {
      this.endCall(a, p, fast, t, false, fast === ERROR);
      this.markTried(r, p.index);
      this.lastFail[r] = fast;
      return false;
    }
    p.accept(t, tokens);
    c.accepted[a] = 1;
    const timeoutMs = this.deployment.gateway.timeoutMs;
    if (timeoutMs !== Infinity) this.q.push(t + timeoutMs, EV_TIMEOUT, a);
    if (p.inFlight < p.provider.concurrency) this.start(a, p, t);
    else p.enqueue(a);
    return true;
  }

  private start(a: number, p: State, t: number): void {
    const c = this.calls;
    c.state[a] = RUNNING;
    c.startMs[a] = t;
    c.planned[a] = plannedStatus(this.trace, p, c.row[a]!, this.errorRng[p.index]!);
    p.inFlight++;
    p.running.add(a);
    this.q.push(t + c.serviceMs[a]!, EV_END, a);
  }

  /** Marks call a finished with `status` at t, freeing its slot; bills it when it ran; `outage`: cut by one. */
  private endCall(a: number, p: State, status: number, t: number, billed = false, outage = false): void {
    const c = this.calls;
    if (c.state[a] === RUNNING) {
      p.inFlight--;
      p.running.delete(a);
    }
    c.state[a] = DONE;
    c.status[a] = status;
    c.endMs[a] = t;
    if (billed) {
      c.costUsd[a] = callCostUsd(this.trace, p, c.row[a]!);
      this.out.costUsd[c.request[a]!]! += c.costUsd[a]!;
      this.decider.spentUsd += c.costUsd[a]! || 0;
    }
    if (status === OK) p.recordSuccess(t - c.sendMs[a]!, this.trace.outputTokens[c.row[a]!]!);
    else p.recordFailure(t, outage);
  }

  /** Starts queued calls while slots are free (cancelled ones are skipped). */
  private pump(p: State, t: number): void {
    while (p.inFlight < p.provider.concurrency) {
      const a = p.dequeue();
      if (a < 0) return;
      if (this.calls.state[a] !== QUEUED) continue;
      p.queued--;
      this.start(a, p, t);
    }
  }

  private onEnd(a: number, t: number): void {
    const c = this.calls;
    if (c.state[a] !== RUNNING) return;
    const p = this.states[c.provider[a]!]!;
    const status = c.planned[a]!;
    this.endCall(a, p, status, t, true);
    this.pump(p, t);
    const r = c.request[a]!;
    if (status === OK) this.finish(r, t, OK);
    else this.afterFailure(r, status, t);
  }

  private onTimeout(a: number, t: number): void {
    const c = this.calls;
    const state = c.state[a];
    if (state === DONE) return;
    const p = this.states[c.provider[a]!]!;
    if (state === QUEUED) p.queued--;
    this.endCall(a, p, TIMEOUT, t, state === RUNNING);
    this.pump(p, t);
    this.afterFailure(c.request[a]!, TIMEOUT, t);
  }

  /** An outage begins: calls running or queued there fail now, like calls sent during it. */
  private onOutage(provider: number, t: number): void {
    const p = this.states[provider]!;
    const cut = [...p.running].sort((x, y) => x - y);
    for (let a = p.dequeue(); a >= 0; a = p.dequeue()) if (this.calls.state[a] === QUEUED) cut.push(a);
    for (const a of cut) {
      if (this.calls.state[a] === QUEUED) p.queued--;
      this.endCall(a, p, ERROR, t, false, true);
    }
    for (const a of cut) {
      const r = this.calls.request[a]!;
      this.markTried(r, provider);
      this.lastFail[r] = ERROR;
      this.dispatch(r, t);
    }
  }

  /** After an error or timeout: retry the model after a jittered exponential backoff, else fall back. */
  private afterFailure(r: number, status: number, t: number): void {
    this.lastFail[r] = status;
    const g = this.deployment.gateway;
    if (this.retriesLeft[r]! > 0) {
      const k = g.retries - this.retriesLeft[r]!;
      this.retriesLeft[r]!--;
      this.out.retries[r]!++;
      // "Equal jitter": half the exponential delay fixed, half drawn, so retries spread but never bunch at 0.
      const delayMs = g.retryBackoffMs * 2 ** k * (0.5 + 0.5 * this.backoffRng.next());
      this.q.push(t + delayMs, EV_RETRY, r);
      return;
    }
    this.nextModel(r);
    this.dispatch(r, t);
  }

  private finish(r: number, t: number, status: number): void {
    const o = this.out;
    o.status[r] = status;
    o.endMs[r] = t;
    const a = o.finalAttempt[r]!;
    const c = this.calls;
    // One call that ran to its end: queue wait + service, summed as durations so that an idle gateway
    // gives back the recorded latency exactly (t − arrival would round on epoch-ms clocks).
    o.latencyMs[r] =
      status === OK && o.attempts[r] === 1 ? c.startMs[a]! - o.arrivalMs[r]! + c.serviceMs[a]! : t - o.arrivalMs[r]!;
    const row = a >= 0 ? c.row[a]! : -1;
    o.quality[r] = status === OK ? this.trace.quality[row]! : status === UNSUPPORTED ? NaN : 0;
    const model = a >= 0 ? this.states[c.provider[a]!]!.provider.model : '';
    this.decider.observe(r, model, o.quality[r]!, o.costUsd[r]!, o.latencyMs[r]!, status);
  }
}
