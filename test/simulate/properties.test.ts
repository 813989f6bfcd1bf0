import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { summarizeSimRun } from '../../src/metrics/simulation-summary.ts';
import { OK } from '../../src/simulate/attempt-log.ts';
import { RATE_WINDOW_MS } from '../../src/simulate/provider-state.ts';
import { requestsCsvLines } from '../../src/simulate/requests-csv.ts';
import { simulate } from '../../src/simulate/simulate.ts';
import type { SimRun } from '../../src/simulate/types.ts';
import type { Trace } from '../../src/traces/trace.ts';
import { traceOf } from '../replay/tiny-trace.ts';
import { always, deployment } from './synthetic.ts';

const T0 = 1_700_000_000_000;

const requestArb = fc.record({
  gapMs: fc.integer({ min: 0, max: 20_000 }),
  latencyA: fc.double({ min: 1, max: 30_000, noNaN: true }),
  latencyB: fc.double({ min: 1, max: 30_000, noNaN: true }),
  tokens: fc.integer({ min: 1, max: 500 }),
});

function traceFrom(reqs: readonly { gapMs: number; latencyA: number; latencyB: number; tokens: number }[]): Trace {
  let t = T0;
  return traceOf(
    reqs.flatMap((q, i) => {
      t += q.gapMs;
      const base = { requestId: `r${i}`, timestampMs: t, inputTokens: q.tokens, outputTokens: q.tokens, costUsd: 1 };
      return [
        { ...base, model: 'a', latencyMs: q.latencyA, quality: 1 },
        { ...base, model: 'b', latencyMs: q.latencyB, quality: 0 },
      ];
    }),
  );
}

const providerArb = (name: string, model: string) =>
  fc.record({
    name: fc.constant(name),
    model: fc.constant(model),
    concurrency: fc.integer({ min: 1, max: 3 }),
    rpm: fc.integer({ min: 1, max: 6 }),
    tpm: fc.integer({ min: 500, max: 3000 }),
    errorRate: fc.constantFrom(0, 0.2),
    outages: fc.array(
      fc.record({ s: fc.integer({ min: 0, max: 200_000 }), len: fc.integer({ min: 1, max: 60_000 }) }),
      { maxLength: 2 },
    ),
  });

const deploymentArb = fc.record({
  providers: fc.tuple(providerArb('a1', 'a'), providerArb('a2', 'a'), providerArb('b1', 'b')),
  retries: fc.integer({ min: 0, max: 2 }),
  timeoutMs: fc.constantFrom(undefined, 5_000, 40_000),
  routing: fc.constantFrom<object>(
    { type: 'openrouter' },
    { type: 'openrouter', sort: 'latency' },
    { type: 'litellm', strategy: 'least-busy' },
    { type: 'litellm', strategy: 'simple-shuffle' },
    { type: 'litellm', strategy: 'usage-based-routing' },
  ),
});

type DeploymentDraw = typeof deploymentArb extends fc.Arbitrary<infer T> ? T : never;

function deploymentJson(d: DeploymentDraw, reverse = false): object {
  const providers = d.providers.map(({ outages, ...p }) => ({
    ...p,
    outages: outages.map((o: { s: number; len: number }) => ({ start: T0 + o.s, end: T0 + o.s + o.len })),
  }));
  return {
    providers: reverse ? providers.reverse() : providers,
    gateway: {
      retries: d.retries,
      retryBackoffMs: 100,
      ...(d.timeoutMs ? { timeoutMs: d.timeoutMs } : {}),
      fallbacks: { a: ['b'] },
      cooldown: { allowedFails: 1, windowMs: 10_000, cooldownMs: 2_000 },
      providerRouting: d.routing,
    },
  };
}

async function runOf(trace: Trace, dep: unknown): Promise<SimRun> {
  const out = await simulate(trace, deployment(dep), [always('a')], { seed: 5, arrivals: { type: 'trace' } });
  return out.runs[0]!;
}

/** Checks every provider limit on the call log; returns the first breach found, or ''. */
function breach(run: SimRun, dep: object): string {
  const c = run.calls;
  const providers = (dep as { providers: { name: string; concurrency: number; rpm: number; tpm: number }[] }).providers;
  const outages = (dep as { providers: { outages: { start: number; end: number }[] }[] }).providers;
  for (const [pi, p] of providers.entries()) {
    const idx = run.providerNames.indexOf(p.name);
    const mine = [...Array(c.size).keys()].filter((a) => c.provider[a] === idx);
    const accepted = mine.filter((a) => c.accepted[a] === 1);
    for (const a of accepted) {
      const inWindow = accepted.filter(
        (b) => c.sendMs[b]! > c.sendMs[a]! - RATE_WINDOW_MS && c.sendMs[b]! <= c.sendMs[a]!,
      );
      if (inWindow.length > p.rpm) return `${p.name} over rpm at ${c.sendMs[a]}`;
      const tokens = inWindow.reduce((s, b) => s + c.tokens[b]!, 0);
      if (tokens > p.tpm) return `${p.name} over tpm at ${c.sendMs[a]}`;
    }
    const started = mine.filter((a) => !Number.isNaN(c.startMs[a]!));
    for (const a of started) {
      const busy = started.filter((b) => c.startMs[b]! <= c.startMs[a]! && c.endMs[b]! > c.startMs[a]!);
      if (busy.length > p.concurrency) return `${p.name} over concurrency at ${c.startMs[a]}`;
    }
    for (const a of mine) {
      if (c.status[a] !== OK) continue;
      for (const o of outages[pi]!.outages)
        if (c.startMs[a]! < o.end && c.endMs[a]! > o.start) return `${p.name} answered during an outage`;
    }
  }
  return '';
}

describe('simulator properties', () => {
  it('an idle gateway gives back every recorded latency exactly', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(requestArb, { minLength: 1, maxLength: 30 }), async (reqs) => {
        const trace = traceFrom(reqs);
        const run = await runOf(trace, { providers: [{ name: 'p', model: 'a' }] });
        reqs.forEach((q, i) => expect(run.latencyMs[i]).toBe(q.latencyA));
      }),
      { numRuns: 50 },
    );
  });

  it('no provider exceeds its concurrency, rpm or tpm in any 60 s window, nor answers inside an outage', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(requestArb, { minLength: 1, maxLength: 40 }), deploymentArb, async (reqs, d) => {
        const dep = deploymentJson(d);
        const run = await runOf(traceFrom(reqs), dep);
        expect(breach(run, dep)).toBe('');
        const s = summarizeSimRun(run, undefined);
        expect(Object.values(s.statuses).reduce((x, y) => x + y, 0)).toBe(reqs.length);
      }),
      { numRuns: 60 },
    );
  });

  it('results do not depend on the order of providers in the file, and reruns are identical', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(requestArb, { minLength: 1, maxLength: 30 }), deploymentArb, async (reqs, d) => {
        const trace = traceFrom(reqs);
        const lines = async (reverse: boolean) =>
          requestsCsvLines(trace, await runOf(trace, deploymentJson(d, reverse)));
        const first = await lines(false);
        expect(await lines(true)).toEqual(first);
        expect(await lines(false)).toEqual(first);
        expect(first).toHaveLength(reqs.length);
      }),
      { numRuns: 40 },
    );
  });
});
