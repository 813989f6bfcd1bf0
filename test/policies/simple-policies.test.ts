import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/core/errors.ts';
import { resolvePolicy } from '../../src/policy/resolve-policy.ts';
import { builtinRegistry } from '../../policies/index.ts';
import { tinyTrace } from '../replay/tiny-trace.ts';
import { runSpec } from './run-spec.ts';

const sum = (a: Float64Array): number => a.reduce((x, y) => x + y, 0);

describe('always', () => {
  it('sends every request to its model', async () => {
    const run = await runSpec('always:b', tinyTrace());
    // b's qualities 1,0,0,1 → 2; costs 2 × 4 = 8.
    expect(run.models).toEqual(['b', 'b', 'b', 'b']);
    expect([sum(run.quality), sum(run.costUsd), run.policy]).toEqual([2, 8, 'always:b']);
  });

  it('fails its run when the model is not in the trace', async () => {
    const run = await runSpec('always:zeta', tinyTrace());
    expect(run.failure?.message).toBe(
      'policy always:zeta: init failed: model "zeta" is not in the trace; its models are a, b, c',
    );
  });
});

describe('random and weighted', () => {
  it('random draws uniformly: every propensity is 1/3', async () => {
    const run = await runSpec('random', tinyTrace());
    expect([...run.propensity]).toEqual([1 / 3, 1 / 3, 1 / 3, 1 / 3]);
  });

  it('weighted normalises its weights into propensities', async () => {
    const run = await runSpec('weighted:a=3,c=1', tinyTrace());
    for (let r = 0; r < 4; r++) expect(run.propensity[r]).toBe(run.models[r] === 'a' ? 0.75 : 0.25);
    expect(run.policy).toBe('weighted:a=3,c=1');
  });
});

describe('cheapest', () => {
  it('picks the lowest mean cost per call when there is no price table', async () => {
    // mean costs a 1, b 2, c 4.
    expect((await runSpec('cheapest', tinyTrace())).models).toEqual(['a', 'a', 'a', 'a']);
  });

  it('prices expected tokens with the price table where it knows the model', async () => {
    const prices = {
      version: 't',
      entries: [
        { model: 'a', inputUsdPerMTok: 100, outputUsdPerMTok: 100 },
        { model: 'b', inputUsdPerMTok: 1, outputUsdPerMTok: 1 },
      ],
    };
    // a: (10·100 + 5·100)/1e6 = 0.0015; b: (10·1 + 10·1)/1e6 = 0.00002; c unpriced → mean cost 4. → b.
    expect((await runSpec('cheapest', tinyTrace(), { prices })).models).toEqual(['b', 'b', 'b', 'b']);
  });
});

describe('best-prior', () => {
  it('picks the best mean quality on the training trace', async () => {
    // training means: a 0.5, b 0.5, c 0.75 → c.
    expect((await runSpec('best-prior', tinyTrace(), { train: tinyTrace() })).models).toEqual(['c', 'c', 'c', 'c']);
  });

  it('fails its run without a training trace, saying how to give one', async () => {
    expect((await runSpec('best-prior', tinyTrace())).failure?.message).toBe(
      'policy best-prior: init failed: needs a training trace; pass --train <trace> or --split <fraction> --seed <n>',
    );
  });
});

describe('fastest', () => {
  it('starts from training latencies and follows observed calls with an EWMA', async () => {
    // train means: a 17.5, b 17.5, c 30 → a (tie, catalog order). r1 a 10: a = 17.5 + .2(10 − 17.5) = 16 → a.
    // r2 a 30: a = 16 + .2·14 = 18.8 > b 17.5 → b. r3 b 20: b = 17.5 + .2·2.5 = 18 < 18.8 → b.
    expect((await runSpec('fastest', tinyTrace(), { train: tinyTrace() })).models).toEqual(['a', 'a', 'b', 'b']);
  });

  it('tries each model once without training data, then keeps the fastest', async () => {
    // r1 a (10), r2 b (20), r3 c (30), then r4: a at 10 is fastest.
    expect((await runSpec('fastest?alpha=0.5', tinyTrace())).models).toEqual(['a', 'b', 'c', 'a']);
  });
});

describe('option checks in the factories', () => {
  it.each([
    ['always', 'policy always: expected a model, e.g. always:gpt-4o'],
    ['random:x', 'policy random: takes no argument, got "random:x"'],
    ['cheapest?fast=1', 'policy cheapest: unknown option "fast"; it takes no options'],
    ['weighted:a', 'policy weighted: expected model=weight with a weight ≥ 0, got "a"'],
    ['weighted:a=-1', 'policy weighted: expected model=weight with a weight ≥ 0, got "a=-1"'],
    ['weighted:a=1,a=2', 'policy weighted: model "a" is listed twice; give it one weight'],
    ['weighted:a=0', 'policy weighted: weights sum to 0'],
    ['fastest?alpha=2', 'policy fastest: option alpha expected a number ≥ 0 and ≤ 1, got "2"'],
    ['fastest?alpha=Infinity', 'policy fastest: option alpha expected a number ≥ 0 and ≤ 1, got "Infinity"'],
    ['budget:-3', 'policy budget: expected a spend cap in USD > 0, got "-3"; e.g. budget:5?window=hour'],
    ['budget:3?window=week', 'policy budget: option window expected hour, day or requests:<n ≥ 1>, got "week"'],
    ['cascade:a', 'policy cascade: expected two or more models joined by ">", got "a"'],
    ['cascade:a>b?accept=vote', 'policy cascade: option accept expected judge or score:<column>, got "vote"'],
    ['cascade:a>b?accept=score:conf&epsilon=0.1', 'policy cascade: epsilon applies to accept=judge only'],
    ['cascade:a>b?treshold=1', 'policy cascade: unknown option "treshold"; known options: accept, threshold, epsilon'],
    [
      'threshold:score?weak=a',
      'policy threshold: option strong is required, e.g. threshold:score?strong=gpt-4o&weak=gpt-4o-mini',
    ],
    ['threshold:score?strong=c&weak=a&threshold=x', 'policy threshold: option threshold expected a number, got "x"'],
    ['knn?k=0', 'policy knn: option k expected a number ≥ 1, got "0"'],
    ['knn?k=2.5', 'policy knn: option k expected a whole number ≥ 1, got "2.5"'],
    ['knn?buckets=1000', 'policy knn: option buckets expected a power of two up to 16777216, got 1000'],
    ['knn?buckets=4294967296', 'policy knn: option buckets expected a power of two up to 16777216, got 4294967296'],
    ['knn?k=1e12', 'policy knn: option k expected a whole number from 1 to 100000, got "1e12"'],
    ['knn?lambda=-1', 'policy knn: option lambda expected a number ≥ 0, got "-1"'],
  ])('refuses %s with a ConfigError', async (spec, message) => {
    await expect(resolvePolicy(spec, builtinRegistry())).rejects.toThrow(ConfigError);
    await expect(resolvePolicy(spec, builtinRegistry())).rejects.toThrow(message);
  });
});
