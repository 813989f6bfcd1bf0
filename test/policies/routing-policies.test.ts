import { describe, expect, it } from 'vitest';
import { resolvePolicy } from '../../src/policy/resolve-policy.ts';
import { builtinRegistry } from '../../policies/index.ts';
import { tinyTrace, traceOf } from '../replay/tiny-trace.ts';
import { runSpec } from './run-spec.ts';

const sum = (a: Float64Array): number => a.reduce((x, y) => x + y, 0);

describe('budget', () => {
  it('uses the best model under the soft cap and steps down the ladder near the cap', async () => {
    // Ladder from training means (quality desc, each rung cheaper): c (0.75, $4), a (0.5, $1); b ($2) is not cheaper than a.
    // cap $6 per 2 requests, soft 0.5. r1: spent 0 → c ($4). r2: used 4/6 = .67 → rung floor((.67−.5)/.5·2) = 0,
    // but 4 + 4 > 6 → a. r3 opens a new window → c. r4 as r2 → a. Total 4+1+4+1 = 10.
    const run = await runSpec('budget:6?window=requests:2', tinyTrace(), { train: tinyTrace() });
    expect(run.models).toEqual(['c', 'a', 'c', 'a']);
    expect(sum(run.costUsd)).toBe(10);
  });

  it('windows by simulated hours', async () => {
    const rows = [0, 1, 2, 3].flatMap((i) =>
      ['a', 'c'].map((model) => ({
        requestId: `r${i}`,
        model,
        timestampMs: [0, 1000, 3_600_000, 3_601_000][i]!,
        quality: model === 'c' ? 1 : 0,
        costUsd: model === 'c' ? 4 : 1,
      })),
    );
    // Ladder c ($4), a ($1). Hour 0: r0 c, r1 (4 + 4 > 5) a. Hour 1 restarts: r2 c, r3 a.
    expect((await runSpec('budget:5?window=hour', traceOf(rows), { train: traceOf(rows) })).models).toEqual([
      'c',
      'a',
      'c',
      'a',
    ]);
  });

  it('fails its run on a time window when requests have no timestamp', async () => {
    const run = await runSpec('budget:6?window=hour', tinyTrace(), { train: tinyTrace() });
    expect(run.failure?.message).toBe(
      'policy budget:6?window=hour, request r1: decide threw: window=hour needs request timestamps and this request has none; use window=requests:<n>',
    );
  });
});

describe('cascade', () => {
  it('escalates while the noisy judge rejects, paying every call', async () => {
    // As in the replay test: costs 5, 1, 5, 1 and every answer right.
    const run = await runSpec('cascade:a>c?accept=judge&threshold=0.5&epsilon=0', tinyTrace());
    expect([...run.costUsd]).toEqual([5, 1, 5, 1]);
    expect(sum(run.quality)).toBe(4);
    expect(run.policy).toBe('cascade:a>c?accept=judge&epsilon=0&threshold=0.5');
  });

  it('accepts by a score column', async () => {
    // conf of a ≥ 0.75 on r2 (.8) and r4 (.9); r1 (.2) and r3 (.7) go on to c.
    expect((await runSpec('cascade:a>c?accept=score:conf&threshold=0.75', tinyTrace())).models).toEqual([
      'c',
      'a',
      'c',
      'a',
    ]);
  });
});

describe('threshold', () => {
  it('routes to the strong model when the score column passes the threshold', async () => {
    // scores .9 .2 .6 .1 at 0.5 → c a c a; qualities 1 1 1 1; cost 4+1+4+1 = 10.
    const run = await runSpec('threshold:score?strong=c&weak=a&threshold=0.5', tinyTrace());
    expect(run.models).toEqual(['c', 'a', 'c', 'a']);
    expect([sum(run.quality), sum(run.costUsd)]).toEqual([4, 10]);
  });

  it('offers its scores for the sweep fast path, only for the threshold parameter', async () => {
    const p = await resolvePolicy('threshold:score?strong=c&weak=a', builtinRegistry());
    expect(p.twoModelScores!(tinyTrace(), 'threshold')).toEqual({
      strong: 'c',
      weak: 'a',
      score: Float64Array.from([0.9, 0.2, 0.6, 0.1]),
    });
    expect(p.twoModelScores!(tinyTrace(), 'strong')).toBeUndefined();
  });

  it('fails its run when the score column is missing', async () => {
    const run = await runSpec('threshold:nope?strong=c&weak=a', tinyTrace());
    expect(run.failure?.message).toBe(
      'policy threshold:nope?strong=c&threshold=0.5&weak=a, request r1: decide threw: score column "nope" expected a number, is not a column of the trace (columns: score, conf)',
    );
  });
});

describe('knn', () => {
  // Training prompts: r1 "prove the prime theorem", r2 "say hello", r3 "prove the lemma", r4 "hello there".
  const test = () =>
    traceOf(
      ['prove it', 'hello', 'zzz'].flatMap((prompt, i) =>
        ['a', 'b', 'c'].map((model) => ({ requestId: `t${i}`, model, prompt, quality: 1, costUsd: 1 })),
      ),
    );

  it('picks the best mean quality among the nearest training prompts', async () => {
    // "prove it" → neighbours r1, r3: a (0+0)/2 = 0, b (1+0)/2 = .5, c 1 → c.
    // "hello" → r2, r4: a 1, b .5, c .5 → a. "zzz" shares no word → training means a .5, b .5, c .75 → c.
    expect((await runSpec('knn?k=2', test(), { train: tinyTrace() })).models).toEqual(['c', 'a', 'c']);
  });

  it('trades quality for cost with lambda', async () => {
    // λ = 0.3, "prove it": c 1 − 0.3·4 = −0.2, b .5 − 0.3·2 = −0.1, a 0 − 0.3·1 = −0.3 → b.
    // "hello": a 1 − .3 = .7 wins. "zzz": a .5 − .3 = .2, b .5 − .6, c .75 − 1.2 → a.
    expect((await runSpec('knn?k=2&lambda=0.3', test(), { train: tinyTrace() })).models).toEqual(['b', 'a', 'a']);
  });
});
