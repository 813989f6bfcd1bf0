import { describe, expect, it } from 'vitest';
import { SIM_STATUSES } from '../../src/simulate/attempt-log.ts';
import { simulate } from '../../src/simulate/simulate.ts';
import type { Policy } from '../../src/policy/types.ts';
import type { SimRun } from '../../src/simulate/types.ts';
import { traceOf } from '../replay/tiny-trace.ts';
import { always, deployment } from './synthetic.ts';

const T0 = 1_700_000_000_000;

/** Requests at T0 + offsets, each with a row on a (cost 1, quality 1) and b (cost 2, quality 0.5). */
function trace(offsetsMs: readonly number[], latencyMs = 100) {
  return traceOf(
    offsetsMs.flatMap((o, i) => [
      { requestId: `r${i}`, model: 'a', timestampMs: T0 + o, latencyMs, costUsd: 1, quality: 1, outputTokens: 10 },
      { requestId: `r${i}`, model: 'b', timestampMs: T0 + o, latencyMs, costUsd: 2, quality: 0.5, outputTokens: 10 },
    ]),
  );
}

async function run(offsets: readonly number[], dep: unknown, latencyMs = 100): Promise<SimRun> {
  const out = await simulate(trace(offsets, latencyMs), deployment(dep), [always('a')], {
    seed: 3,
    arrivals: { type: 'trace' },
  });
  return out.runs[0]!;
}

const statuses = (r: SimRun): string[] => [...r.status].map((s) => SIM_STATUSES[s]!);
const providerOf = (r: SimRun, i: number): string => r.providerNames[r.calls.provider[r.finalAttempt[i]!]!]!;

describe('gateway behaviour on tiny traces', () => {
  it('a call over rpm gets an immediate 429 and falls back to the next model', async () => {
    // rpm 2: r0 and r1 are accepted; r2 (20 ms later, same window) is refused at once and b answers it.
    const r = await run([0, 10, 20], {
      providers: [
        { name: 'pa', model: 'a', rpm: 2 },
        { name: 'pb', model: 'b' },
      ],
      gateway: { fallbacks: { a: ['b'] } },
    });
    expect(statuses(r)).toEqual(['ok', 'ok', 'ok']);
    expect(providerOf(r, 2)).toBe('pb');
    expect([...r.fallbacks]).toEqual([0, 0, 1]);
    expect(r.calls.status[2]).toBe(3); // the refused call: rate_limited, ended when sent
    expect(r.calls.endMs[2]).toBe(T0 + 20);
    expect(r.latencyMs[2]).toBe(100);
    expect(r.costUsd[2]).toBe(2); // the refused call is not billed
  });

  it('without a fallback the refused request ends rate_limited with quality 0', async () => {
    const r = await run([0, 10, 20], { providers: [{ name: 'pa', model: 'a', rpm: 2 }] });
    expect(statuses(r)).toEqual(['ok', 'ok', 'rate_limited']);
    expect(r.quality[2]).toBe(0);
    expect(r.latencyMs[2]).toBe(0);
  });

  it('a call sent during an outage fails fast and another provider of the model answers it', async () => {
    const dep = {
      providers: [
        { name: 'p1', model: 'a', outages: [{ start: T0 + 50, end: T0 + 1000 }] },
        { name: 'p2', model: 'a', price: { inputUsdPerMTok: 100, outputUsdPerMTok: 100 } },
      ],
      gateway: { providerRouting: { type: 'openrouter', order: ['p1', 'p2'] } },
    };
    // r0 runs on p1 from 0 to 100 but the outage at 50 cuts it: it moves to p2 at 50 and ends at 150.
    // r1 arrives at 500, inside the outage: refused by p1 at once, answered by p2 by 600.
    const r = await run([0, 500], dep);
    expect(statuses(r)).toEqual(['ok', 'ok']);
    expect([providerOf(r, 0), providerOf(r, 1)]).toEqual(['p2', 'p2']);
    expect([...r.endMs].map((t) => t - T0)).toEqual([150, 600]);
    expect([...r.attempts]).toEqual([2, 2]);
  });

  it('a timeout is retried after a jittered backoff, then the request ends timed out', async () => {
    // timeout 50 < latency 100: attempt 1 times out at 50, waits 10·(0.5 + 0.5u) ∈ [5, 10] ms, attempt 2 times out.
    const r = await run([0], {
      providers: [{ name: 'pa', model: 'a' }],
      gateway: { retries: 1, retryBackoffMs: 10, timeoutMs: 50 },
    });
    expect(statuses(r)).toEqual(['timeout']);
    expect(r.attempts[0]).toBe(2);
    expect(r.retries[0]).toBe(1);
    const backoffMs = r.calls.sendMs[1]! - T0 - 50;
    expect(backoffMs).toBeGreaterThanOrEqual(5);
    expect(backoffMs).toBeLessThanOrEqual(10);
    expect(r.latencyMs[0]).toBe(100 + backoffMs);
    expect(r.costUsd[0]).toBe(2); // both calls ran (and were billed) before timing out
  });

  it('errors spend the retries, then the fallback answers; every call that ran is billed', async () => {
    const r = await run([0], {
      providers: [
        { name: 'pa', model: 'a', errorRate: 1 },
        { name: 'pb', model: 'b' },
      ],
      gateway: { retries: 1, fallbacks: { a: ['b'] } },
    });
    expect(statuses(r)).toEqual(['ok']);
    expect([r.attempts[0], r.retries[0], r.fallbacks[0]]).toEqual([3, 1, 1]);
    expect(r.costUsd[0]).toBe(1 + 1 + 2);
    expect(r.quality[0]).toBe(0.5);
    expect(r.latencyMs[0]).toBe(300);
  });

  it('a provider past allowedFails cools down for cooldownMs and is skipped meanwhile', async () => {
    // p1 fails every call; allowedFails 0 → its first failure (r0 at 100) cools it down until 5100.
    // r1 at 200 and r2 at 3000 go to p2; r3 at 6000 may use p1 again (order puts it first) and fails over.
    const r = await run([0, 200, 3000, 6000], {
      providers: [
        { name: 'p1', model: 'a', errorRate: 1 },
        { name: 'p2', model: 'a' },
      ],
      gateway: {
        retries: 1,
        cooldown: { allowedFails: 0, windowMs: 60_000, cooldownMs: 5_000 },
        providerRouting: { type: 'openrouter', order: ['p1', 'p2'] },
      },
    });
    expect(statuses(r)).toEqual(['ok', 'ok', 'ok', 'ok']);
    expect([...r.attempts]).toEqual([2, 1, 1, 2]);
    expect([0, 1, 2, 3].map((i) => providerOf(r, i))).toEqual(['p2', 'p2', 'p2', 'p2']);
  });

  it('calls beyond the concurrency wait FIFO for a slot', async () => {
    const r = await run([0, 0, 0], { providers: [{ name: 'pa', model: 'a', concurrency: 2 }] });
    expect([...r.latencyMs]).toEqual([100, 100, 200]);
    expect(r.calls.startMs[2]! - T0).toBe(100);
  });
});

describe('what policies see and how retries space out', () => {
  it('a policy sees the live gateway state at its decision time', async () => {
    const seen: number[][] = [];
    const policy: Policy = {
      name: 'watcher',
      decide: (_req, ctx) => {
        const m = ctx.gateway!.model('a')!;
        seen.push([ctx.nowMs - T0, m.inFlight, m.queued, m.recentP95LatencyMs]);
        return { type: 'model', model: 'a' };
      },
    };
    const d = deployment({ providers: [{ name: 'pa', model: 'a', concurrency: 1 }] });
    await simulate(trace([0, 10, 20, 500]), d, [policy], { seed: 0, arrivals: { type: 'trace' } });
    // r0 runs 0–100, r1 waits then runs 100–200 (send → end 190), r2 runs 200–300 (280); at 500 all are done.
    expect(seen.slice(0, 3)).toEqual([
      [0, 0, 0, NaN],
      [10, 1, 0, NaN],
      [20, 1, 1, NaN],
    ]);
    // p95 of send → end latencies 100, 190, 280: h = 1.9 → 190 + 0.9 · 90 = 271.
    expect(seen[3]).toEqual([500, 0, 0, 271]);
  });

  it('backoff doubles per retry: 10·2^k·(0.5 + 0.5u) ms', async () => {
    const r = await run([0], {
      providers: [{ name: 'pa', model: 'a', errorRate: 1 }],
      gateway: { retries: 2, retryBackoffMs: 10 },
    });
    const c = r.calls;
    const gap1 = c.sendMs[1]! - c.endMs[0]!,
      gap2 = c.sendMs[2]! - c.endMs[1]!;
    expect([gap1 >= 5 && gap1 <= 10, gap2 >= 10 && gap2 <= 20]).toEqual([true, true]);
    expect(statuses(r)).toEqual(['error']);
    expect(r.latencyMs[0]).toBe(300 + gap1 + gap2);
  });
});

describe("OpenRouter's models list", () => {
  it('adds fallback models after the chosen one and its gateway.fallbacks, without repeats', async () => {
    const r = await run([0], {
      providers: [
        { name: 'pa', model: 'a', errorRate: 1 },
        { name: 'pb', model: 'b' },
      ],
      gateway: { providerRouting: { type: 'openrouter', models: ['a', 'b'] } },
    });
    expect(statuses(r)).toEqual(['ok']);
    expect([providerOf(r, 0), r.attempts[0], r.fallbacks[0]]).toEqual(['pb', 2, 1]);
  });
});

describe('policies that learn offline', () => {
  it('get the training trace: best-prior sends everything to the best mean quality', async () => {
    const { resolvePolicy } = await import('../../src/policy/resolve-policy.ts');
    const { builtinRegistry } = await import('../../policies/index.ts');
    const t = trace([0, 10, 20]);
    const d = deployment({
      providers: [
        { name: 'pa', model: 'a' },
        { name: 'pb', model: 'b' },
      ],
    });
    const policy = await resolvePolicy('best-prior', builtinRegistry());
    const out = await simulate(t, d, [policy], { seed: 0, arrivals: { type: 'trace' }, train: t });
    const r = out.runs[0]!;
    expect(r.error).toBeUndefined();
    expect([0, 1, 2].map((i) => providerOf(r, i))).toEqual(['pa', 'pa', 'pa']); // a: quality 1, b: 0.5
  });
});
