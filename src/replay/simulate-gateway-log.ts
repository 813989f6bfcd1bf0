/**
 * A gateway's production log made from a full-information trace, with everything a real one has: a known
 * stochastic logging router (per-task weights, its propensity recorded), a fallback chain when a call fails,
 * a gateway timeout, scattered provider errors and a rate-limit burst on one model. Every call's outcome is
 * read from the trace, so the truth of any "always <model>" policy under the same gateway is known exactly
 * and off-policy estimates on the log can be checked against it.
 */
import { ConfigError } from '../core/errors.ts';
import { createRng, hashString } from '../core/rng.ts';
import { modelCode, requestRows, type Status, type Trace } from '../traces/trace.ts';

export interface GatewaySetup {
  /** Logging router: task → model → weight (normalised per request over the models it has rows for). */
  readonly weights: Readonly<Record<string, Readonly<Record<string, number>>>>;
  /** model → the model the gateway falls back to when a call fails (one fallback per request). */
  readonly fallbacks: Readonly<Record<string, string>>;
  /** A call whose recorded latency exceeds this fails as `timeout` after exactly this long. */
  readonly timeoutMs: number;
  /** Probability that a call fails with a provider error (decided per request and model, seeded). */
  readonly errorRate: number;
  /** Requests [from, to) in arrival order during which calls to `model` get HTTP 429. */
  readonly rateLimitBurst: { readonly model: string; readonly from: number; readonly to: number };
  readonly seed: number;
}

/** One call of the log. Failed calls carry no answer: no quality, no tokens, no cost. */
export interface GatewayCall {
  readonly requestId: string;
  readonly task: string | undefined;
  readonly prompt: string | undefined;
  readonly model: string;
  readonly attempt: number;
  readonly startMs: number;
  readonly latencyMs: number;
  readonly status: Status;
  readonly quality: number;
  readonly outputTokens: number;
  readonly costUsd: number;
  /** The logging router's probability of the request's first model (the same on every call of it). */
  readonly propensity: number;
}

/** Per request and model: the outcome of a chain that starts at that model (quality 0 when it failed). */
export interface ChainTruth {
  readonly quality: number;
  readonly costUsd: number;
}

const ERROR_LATENCY_MS = 400;
const RATE_LIMIT_LATENCY_MS = 180;
const FALLBACK_GAP_MS = 50;

/** The calls of one chain starting at model `m` on request `r` (one or two calls). */
function chain(trace: Trace, r: number, m: number, setup: GatewaySetup, order: number, startMs: number) {
  const calls: { model: number; row: number; status: Status; latencyMs: number; startMs: number }[] = [];
  let t = startMs;
  for (let model = m, k = 0; k < 2 && model >= 0; k++) {
    const row = rowOf(trace, r, model);
    if (row < 0) break;
    const name = trace.modelNames[model]!;
    const burst = setup.rateLimitBurst;
    const u = createRng(hashString(`${trace.requestIds[r]}\u0000${name}`, setup.seed)).next();
    let status: Status = 'ok';
    let latencyMs = trace.latencyMs[row]!;
    if (name === burst.model && order >= burst.from && order < burst.to) {
      status = 'rate_limited';
      latencyMs = RATE_LIMIT_LATENCY_MS;
    } else if (u < setup.errorRate) {
      status = 'error';
      latencyMs = ERROR_LATENCY_MS;
    } else if (latencyMs > setup.timeoutMs) {
      status = 'timeout';
      latencyMs = setup.timeoutMs;
    }
    calls.push({ model, row, status, latencyMs, startMs: t });
    if (status === 'ok') break;
    t += latencyMs + FALLBACK_GAP_MS;
    const next = setup.fallbacks[name];
    model = next === undefined ? -1 : modelCode(trace, next);
  }
  return calls;
}

function rowOf(trace: Trace, r: number, m: number): number {
  const [start, end] = requestRows(trace, r);
  for (let i = start; i < end; i++) if (trace.rowModel[i] === m) return i;
  return -1;
}

/** Requests in arrival order (ties by request index), and each one's start time spread within its second. */
function arrivals(trace: Trace): { order: Uint32Array; startMs: Float64Array } {
  const idx = Array.from({ length: trace.requestCount }, (_, r) => r);
  idx.sort((a, b) => trace.requestTimestampMs[a]! - trace.requestTimestampMs[b]! || a - b);
  const order = new Uint32Array(trace.requestCount);
  const startMs = new Float64Array(trace.requestCount);
  let prev = NaN,
    k = 0;
  idx.forEach((r, i) => {
    order[r] = i;
    const t = trace.requestTimestampMs[r]!;
    k = t === prev ? k + 1 : 0;
    prev = t;
    // Upstream logs one time for a batch of calls; spreading them 1.5 s apart keeps them apart and in order.
    startMs[r] = t + k * 1500;
  });
  return { order, startMs };
}

/**
 * The log's calls (in arrival order) and, per request × model, the outcome a chain starting there gets —
 * the ground truth for "always <model>" under this gateway.
 */
export function simulateGatewayLog(trace: Trace, setup: GatewaySetup): { calls: GatewayCall[]; truth: ChainTruth[][] } {
  const M = trace.modelNames.length;
  if (!trace.present.has('quality')) throw new ConfigError('simulateGatewayLog: the trace needs a quality column');
  const rng = createRng(setup.seed);
  const { order, startMs } = arrivals(trace);
  const byOrder = Array.from(order.keys()).sort((a, b) => order[a]! - order[b]!);
  const calls: GatewayCall[] = [];
  const truth: ChainTruth[][] = Array.from({ length: trace.requestCount }, () => []);
  for (const r of byOrder) {
    const task = trace.requestTask[r]! >= 0 ? trace.taskNames[trace.requestTask[r]!] : undefined;
    const w = setup.weights[task ?? ''] ?? setup.weights['*'];
    if (!w) throw new ConfigError(`simulateGatewayLog: no logging weights for task "${task}" (nor "*")`);
    const weight = trace.modelNames.map((name, m) => (rowOf(trace, r, m) >= 0 ? (w[name] ?? 0) : 0));
    const total = weight.reduce((a, b) => a + b, 0);
    if (!(total > 0)) throw new ConfigError(`simulateGatewayLog: request ${trace.requestIds[r]} has no weighted model`);
    for (let m = 0; m < M; m++) {
      const c = chain(trace, r, m, setup, order[r]!, startMs[r]!);
      const last = c[c.length - 1];
      const ok = last?.status === 'ok';
      truth[r]![m] = {
        quality: ok ? trace.quality[last.row]! : 0,
        costUsd: c.reduce((s, x) => s + (x.status === 'ok' ? trace.costUsd[x.row]! : 0), 0),
      };
    }
    let u = rng.next() * total;
    let first = weight.reduce((last, x, m) => (x > 0 ? m : last), -1);
    for (let m = 0; m < M; m++) {
      u -= weight[m]!;
      if (weight[m]! > 0 && u < 0) {
        first = m;
        break;
      }
    }
    const propensity = weight[first]! / total;
    chain(trace, r, first, setup, order[r]!, startMs[r]!).forEach((x, k) => {
      const ok = x.status === 'ok';
      calls.push({
        requestId: trace.requestIds[r]!,
        task,
        prompt: trace.prompts[r],
        model: trace.modelNames[x.model]!,
        attempt: k + 1,
        startMs: x.startMs,
        latencyMs: x.latencyMs,
        status: x.status,
        quality: ok ? trace.quality[x.row]! : NaN,
        outputTokens: ok ? trace.outputTokens[x.row]! : NaN,
        costUsd: ok ? trace.costUsd[x.row]! : 0,
        propensity,
      });
    });
  }
  return { calls, truth };
}
