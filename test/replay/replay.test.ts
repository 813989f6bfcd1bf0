import { describe, expect, it } from 'vitest';
import { replay } from '../../src/replay/replay.ts';
import { CHOSEN_ERROR, CHOSEN_UNSUPPORTED } from '../../src/replay/types.ts';
import type { Decision, Feedback, Policy, RequestView } from '../../src/policy/types.ts';
import { tinyTrace, traceOf } from './tiny-trace.ts';

const fixed = (name: string, d: Decision): Policy => ({ name, decide: () => d });
const sum = (a: Float64Array): number => a.reduce((x, y) => x + y, 0);

describe('replay', () => {
  it("resolves a model decision to that model's row for every request", async () => {
    const [run] = await replay(tinyTrace(), [fixed('c', { type: 'model', model: 'c' })], { seed: 1 });
    // c's rows: quality 1,1,1,0; cost 4 each; latency 40,10,30,40.
    expect([...run!.chosen]).toEqual([2, 2, 2, 2]);
    expect([...run!.quality]).toEqual([1, 1, 1, 0]);
    expect(sum(run!.costUsd)).toBe(16);
    expect([...run!.latencyMs]).toEqual([40, 10, 30, 40]);
    expect([...run!.calls]).toEqual([0, 0, 4]);
    expect([...run!.propensity]).toEqual([1, 1, 1, 1]);
    expect(run!.unsupported).toBe(0);
    expect(run!.failure).toBeUndefined();
  });

  it('makes a cascade pay the cost and latency of every attempted call', async () => {
    const policy = fixed('a>c', {
      type: 'cascade',
      models: ['a', 'c'],
      accept: { type: 'noisy-judge', threshold: 0.5, errorRate: 0 },
    });
    const [run] = await replay(tinyTrace(), [policy], { seed: 1 });
    // r1: a q0 rejected → c: cost 1+4=5, latency 10+40=50, q 1.   r2: a q1 accepted: cost 1, latency 30.
    // r3: a q0 → c: cost 5, latency 10+30=40, q 1.               r4: a q1 accepted: cost 1, latency 20.
    expect([...run!.costUsd]).toEqual([5, 1, 5, 1]);
    expect([...run!.latencyMs]).toEqual([50, 30, 40, 20]);
    expect([...run!.quality]).toEqual([1, 1, 1, 1]);
    expect([...run!.chosen]).toEqual([2, 0, 2, 0]);
    expect([...run!.calls]).toEqual([4, 0, 2]);
  });

  it('accepts a cascade step by a per-row score column', async () => {
    const policy = fixed('a>b>c', {
      type: 'cascade',
      models: ['a', 'b', 'c'],
      accept: { type: 'score-threshold', column: 'conf', threshold: 0.75 },
    });
    const [run] = await replay(tinyTrace(), [policy], { seed: 1 });
    // conf of a: .2 .8 .7 .9 → accepted on r2, r4. b: r1 .9 accepted; r3 .4 rejected → c.
    // r1: a+b = 3, r2: 1, r3: a+b+c = 7, r4: 1.
    expect([...run!.chosen]).toEqual([1, 0, 2, 0]);
    expect([...run!.costUsd]).toEqual([3, 1, 7, 1]);
    expect([...run!.calls]).toEqual([4, 2, 1]);
  });

  it('flips the noisy judge with probability errorRate', async () => {
    const policy = fixed('judge', {
      type: 'cascade',
      models: ['a', 'c'],
      accept: { type: 'noisy-judge', threshold: 0.5, errorRate: 1 },
    });
    const [run] = await replay(tinyTrace(), [policy], { seed: 1 });
    // errorRate 1 inverts every verdict: a's wrong answers (r1, r3) are accepted, its right ones escalate.
    expect([...run!.chosen]).toEqual([0, 2, 0, 2]);
    expect([...run!.quality]).toEqual([0, 1, 0, 0]);
  });

  it('counts a decision for a model without a row as unsupported and never replaces it', async () => {
    const rows = [
      { requestId: 'r1', model: 'a', quality: 1, costUsd: 1 },
      { requestId: 'r1', model: 'b', quality: 0, costUsd: 2 },
      { requestId: 'r2', model: 'a', quality: 0, costUsd: 1 },
    ];
    const [run] = await replay(traceOf(rows), [fixed('b', { type: 'model', model: 'b' })], { seed: 1 });
    expect(run!.unsupported).toBe(1);
    expect(run!.chosen[1]).toBe(CHOSEN_UNSUPPORTED);
    expect(run!.quality[1]).toBeNaN();
    expect(run!.costUsd[1]).toBeNaN();
    expect([...run!.calls]).toEqual([0, 1]);
  });

  it('samples weights with the seeded rng and records the propensity of the chosen model', async () => {
    const rows = Array.from({ length: 2000 }, (_, i) =>
      ['a', 'c'].map((model) => ({ requestId: `r${i}`, model, quality: model === 'c' ? 1 : 0, costUsd: 1 })),
    ).flat();
    const [run] = await replay(traceOf(rows), [fixed('w', { type: 'weights', weights: { a: 1, c: 3 } })], { seed: 7 });
    for (let r = 0; r < 2000; r++) expect(run!.propensity[r]).toBe(run!.chosen[r] === 0 ? 0.25 : 0.75);
    // 2000 draws at p = 0.75: sd = sqrt(2000·0.75·0.25) ≈ 19.4, so ±100 is > 5 sd.
    expect(Math.abs(run!.calls[1]! - 1500)).toBeLessThan(100);
  });

  it('sums cost and latency over retries and takes quality and status from the last attempt', async () => {
    const rows = [
      { requestId: 'r1', model: 'a', attempt: 1, quality: 0, costUsd: 1, latencyMs: 100, status: 'timeout' as const },
      { requestId: 'r1', model: 'a', attempt: 2, quality: 1, costUsd: 2, latencyMs: 50 },
      { requestId: 'r1', model: 'b', attempt: 1, quality: 0, costUsd: 5, latencyMs: 5 },
    ];
    const [run] = await replay(traceOf(rows), [fixed('a', { type: 'model', model: 'a' })], { seed: 1 });
    // cost 1 + 2 = 3, latency 100 + 50 = 150, quality 1 and ok from attempt 2; both attempts are calls.
    expect([run!.costUsd[0], run!.latencyMs[0], run!.quality[0], run!.errors, run!.calls[0]]).toEqual([
      3, 150, 1, 0, 2,
    ]);
  });

  it('fails only the run of a policy that throws, naming the policy and the request', async () => {
    const boom: Policy = {
      name: 'boom',
      decide: (req) => {
        if (req.id === 'r3') throw new Error('no idea');
        return { type: 'model', model: 'a' };
      },
    };
    const [bad, good] = await replay(tinyTrace(), [boom, fixed('b', { type: 'model', model: 'b' })], { seed: 1 });
    expect(bad!.failure?.message).toBe('policy boom, request r3: decide threw: no idea');
    expect([...bad!.chosen]).toEqual([0, 0, CHOSEN_ERROR, CHOSEN_ERROR]);
    expect(good!.failure).toBeUndefined();
    expect(sum(good!.costUsd)).toBe(8);
  });

  it.each([
    [
      'an unknown model',
      { type: 'model', model: 'zeta' },
      'policy p, request r1: returned unknown model "zeta"; the trace\'s models are a, b, c',
    ],
    [
      'no decision',
      undefined,
      "policy p, request r1: decide returned undefined; expected {type: 'model' | 'weights' | 'cascade', …}",
    ],
    [
      'negative weights',
      { type: 'weights', weights: { a: -1 } },
      'policy p, request r1: returned weight -1 for a; expected a finite number ≥ 0',
    ],
    [
      'zero weights',
      { type: 'weights', weights: { a: 0 } },
      'policy p, request r1: returned weights that sum to 0; give at least one model a positive weight',
    ],
    [
      'a missing score column',
      { type: 'cascade', models: ['a', 'c'], accept: { type: 'score-threshold', column: 'nope', threshold: 1 } },
      'policy p, request r1: cascade accept rule reads score column "nope", which the trace does not have; its extra columns are score, conf',
    ],
  ])('fails the run with a PolicyError message for %s', async (_, decision, message) => {
    const [run] = await replay(tinyTrace(), [fixed('p', decision as Decision)], { seed: 1 });
    expect(run!.failure?.message).toBe(message);
  });

  it('fails a run whose init throws before any request', async () => {
    const p: Policy = {
      name: 'p',
      init: () => {
        throw new Error('bad catalog');
      },
      decide: () => ({ type: 'model', model: 'a' }),
    };
    const [run] = await replay(tinyTrace(), [p], { seed: 1 });
    expect(run!.failure?.message).toBe('policy p: init failed: bad catalog');
  });

  it('shows no outcome to decide and feeds observe only the called model, in trace order', async () => {
    const seen: string[] = [];
    const feedback: string[] = [];
    const p: Policy = {
      name: 'watcher',
      decide: (req: RequestView, ctx) => {
        seen.push(`${req.id}:${Object.keys(req).join(',')}:${ctx.spentUsd}`);
        return { type: 'model', model: req.index % 2 === 0 ? 'a' : 'b' };
      },
      observe: (f: Feedback) => feedback.push(`${f.request.id}:${f.model}:${f.quality}:${f.costUsd}`),
    };
    await replay(tinyTrace(), [p], { seed: 1 });
    // spend so far: 0, then +1 (a), +2 (b), +1 (a) → 0, 1, 3, 4.
    const keys = 'index,id,timestampMs,prompt,task,tags';
    expect(seen.map((s) => s.replace(`:${keys}:`, ':'))).toEqual(['r1:0', 'r2:1', 'r3:3', 'r4:4']);
    expect(feedback).toEqual(['r1:a:0:1', 'r2:b:0:2', 'r3:a:0:1', 'r4:b:1:2']);
  });

  it('replays requests in timestamp order when every request has one', async () => {
    const rows = [
      { requestId: 'late', model: 'a', timestampMs: 300 },
      { requestId: 'early', model: 'a', timestampMs: 100 },
      { requestId: 'middle', model: 'a', timestampMs: 200 },
    ];
    const order: string[] = [];
    await replay(traceOf(rows), [{ name: 'p', decide: (req) => (order.push(req.id), { type: 'model', model: 'a' }) }], {
      seed: 1,
    });
    expect(order).toEqual(['early', 'middle', 'late']);
  });

  it('reports progress summed over policies', async () => {
    const calls: [number, number][] = [];
    await replay(tinyTrace(), [fixed('a', { type: 'model', model: 'a' }), fixed('b', { type: 'model', model: 'b' })], {
      seed: 1,
      onProgress: (done, total) => calls.push([done, total]),
    });
    expect(calls).toEqual([
      [4, 8],
      [8, 8],
    ]);
  });

  it('gives policies the catalog with means from the training trace', async () => {
    let catalog: unknown;
    const p: Policy = {
      name: 'p',
      init: (ctx) => void (catalog = ctx.catalog),
      decide: () => ({ type: 'model', model: 'a' }),
    };
    await replay(tinyTrace(), [p], { seed: 1, train: tinyTrace() });
    expect(catalog).toEqual([
      { model: 'a', price: undefined, meanCostUsd: 1, meanOutputTokens: 5, meanInputTokens: 10 },
      { model: 'b', price: undefined, meanCostUsd: 2, meanOutputTokens: 10, meanInputTokens: 10 },
      { model: 'c', price: undefined, meanCostUsd: 4, meanOutputTokens: 20, meanInputTokens: 10 },
    ]);
  });
});
