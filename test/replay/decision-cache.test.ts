import { describe, expect, it } from 'vitest';
import { replay } from '../../src/replay/replay.ts';
import type { Decision, Policy } from '../../src/policy/types.ts';
import { tinyTrace, traceOf } from './tiny-trace.ts';

describe('replay decision caches', () => {
  it('resolves decision objects that alternate between three models to the right model each time', async () => {
    const ds: Decision[] = ['a', 'b', 'c'].map((model) => ({ type: 'model', model }));
    // Requests r1..r4 get a, b, c, b: the two-entry cache sees a hit, a miss, a swap and a hit.
    const pattern = [0, 1, 2, 1];
    const p: Policy = { name: 'alt', decide: (req) => ds[pattern[req.index]!]! };
    const [run] = await replay(tinyTrace(), [p], { seed: 1 });
    expect([...run!.chosen]).toEqual([0, 1, 2, 1]);
    // costs a=1, b=2, c=4 → 1, 2, 4, 2.
    expect([...run!.costUsd]).toEqual([1, 2, 4, 2]);
  });

  it('refuses a model named "" even on the first request', async () => {
    const p: Policy = { name: 'empty', decide: () => ({ type: 'model', model: '' }) };
    const [run] = await replay(tinyTrace(), [p], { seed: 1 });
    expect(run!.failure?.message).toBe(
      'policy empty, request r1: returned unknown model ""; the trace\'s models are a, b, c',
    );
  });

  it('resolves cells of a trace whose requests lack some models through the index', async () => {
    // r1 has a and b, r2 only b: not one row per model, so cell (r2, a) is unsupported.
    const rows = [
      { requestId: 'r1', model: 'a', costUsd: 1 },
      { requestId: 'r1', model: 'b', costUsd: 2 },
      { requestId: 'r2', model: 'b', costUsd: 3 },
    ];
    const [a, b] = await replay(
      traceOf(rows),
      [
        { name: 'a', decide: () => ({ type: 'model', model: 'a' }) },
        { name: 'b', decide: () => ({ type: 'model', model: 'b' }) },
      ],
      { seed: 1 },
    );
    expect([a!.unsupported, ...a!.costUsd]).toEqual([1, 1, NaN]);
    expect([b!.unsupported, ...b!.costUsd]).toEqual([0, 2, 3]);
  });
});
