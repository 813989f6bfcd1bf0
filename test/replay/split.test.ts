import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/core/errors.ts';
import fc from 'fast-check';
import { splitByRequest } from '../../src/replay/split.ts';
import { splitRequests } from '../../src/traces/split-requests.ts';
import { subsetTrace } from '../../src/replay/subset-trace.ts';
import { tinyTrace, traceOf } from './tiny-trace.ts';

const manyRequests = () =>
  traceOf(
    Array.from({ length: 40 }, (_, i) =>
      ['a', 'b'].map((model) => ({ requestId: `r${i}`, model, quality: i % 2, task: i < 10 ? 'small' : 'big' })),
    ).flat(),
  );

describe('subsetTrace', () => {
  it('keeps the rows of the chosen requests, in the order given, with the same model codes', () => {
    const t = subsetTrace(tinyTrace(), [3, 1]);
    expect(t.requestIds).toEqual(['r4', 'r2']);
    expect(t.modelNames).toEqual(['a', 'b', 'c']);
    // r4's qualities 1,1,0 then r2's 1,0,1.
    expect([...t.quality]).toEqual([1, 1, 0, 1, 0, 1]);
    expect([...t.requestRowStart]).toEqual([0, 3, 6]);
    expect(t.prompts).toEqual(['hello there', 'say hello']);
    expect(t.tags.find((x) => x.name === 'score')!.codes.length).toBe(6);
  });
});

describe('splitByRequest', () => {
  it('puts round(fraction × n) requests of each task in train and the rest in test, disjoint, in trace order', () => {
    const { train, test } = splitByRequest(manyRequests(), 0.25, 9);
    // 10 small requests → round(2.5) = 3, 30 big → round(7.5) = 8.
    expect(train.requestCount).toBe(11);
    expect(test.requestCount).toBe(29);
    const all = [...train.requestIds, ...test.requestIds];
    expect(new Set(all).size).toBe(40);
    const index = (id: string) => Number(id.slice(1));
    expect(train.requestIds.map(index)).toEqual([...train.requestIds.map(index)].sort((a, b) => a - b));
    expect(train.rowCount).toBe(22);
  });

  it('is the same for the same seed and differs for another seed', () => {
    const t = manyRequests();
    expect(splitByRequest(t, 0.5, 1).train.requestIds).toEqual(splitByRequest(t, 0.5, 1).train.requestIds);
    expect(splitByRequest(t, 0.5, 1).train.requestIds).not.toEqual(splitByRequest(t, 0.5, 2).train.requestIds);
  });

  it("keeps each task's share (stratified by task)", () => {
    // 10 small and 30 big requests at 0.5 → exactly 5 small and 15 big in train.
    const { train } = splitByRequest(manyRequests(), 0.5, 4);
    const small = [...train.requestTask].filter((c) => train.taskNames[c] === 'small').length;
    expect([small, train.requestCount - small]).toEqual([5, 15]);
  });

  it("is the learned router's split: --split f trains on the first part of splitRequests(trace, [f])", () => {
    fc.assert(
      fc.property(fc.double({ min: 0.2, max: 0.8, noNaN: true }), fc.nat(1000), (f, seed) => {
        const t = manyRequests();
        const [train] = splitRequests(t, [f], seed);
        expect(splitByRequest(t, f, seed).train.requestIds).toEqual([...train!].map((r) => t.requestIds[r]));
      }),
      { numRuns: 30 },
    );
  });

  it("keeps every task's part when another task is added to the trace", () => {
    const t = manyRequests();
    const more = traceOf([
      ...Array.from({ length: 40 }, (_, i) =>
        ['a', 'b'].map((model) => ({ requestId: `r${i}`, model, quality: i % 2, task: i < 10 ? 'small' : 'big' })),
      ).flat(),
      ...Array.from({ length: 7 }, (_, i) =>
        ['a', 'b'].map((model) => ({ requestId: `n${i}`, model, task: 'new' })),
      ).flat(),
    ]);
    const old = splitByRequest(t, 0.5, 3).train.requestIds;
    expect(splitByRequest(more, 0.5, 3).train.requestIds.filter((id) => !id.startsWith('n'))).toEqual(old);
  });

  it.each([[0], [1], [1.5], [NaN]])('refuses the fraction %s', (fraction) => {
    expect(() => splitByRequest(manyRequests(), fraction, 1)).toThrow(ConfigError);
    expect(() => splitByRequest(manyRequests(), fraction, 1)).toThrow(
      `--split: expected a training fraction strictly between 0 and 1, got ${fraction}; e.g. --split 0.5`,
    );
  });

  it('refuses a split that leaves a side empty', () => {
    expect(() => splitByRequest(tinyTrace(), 0.1, 1)).toThrow(
      "--split 0.1: the trace's 4 requests leave train empty; use a fraction nearer 0.5 or a larger trace",
    );
  });
});
