import { describe, expect, it } from 'vitest';
import { traceOf } from '../replay/tiny-trace.ts';
import { runSpec } from './run-spec.ts';

describe('budget ladder', () => {
  it('never falls back to a worse model that costs more per call than the one it replaces', async () => {
    // Quality a 1, b 0.5, c 0; recorded cost per call a $4, b $8, c $1. A stale price table (1M input tokens,
    // no output) says a $4, b $2, c $1, so by the table alone b would be the first rung down — worse than a
    // and, as recorded, twice as dear. The ladder must be a → c.
    const rows = ['r1', 'r2', 'r3', 'r4'].flatMap((requestId, i) =>
      (['a', 'b', 'c'] as const).map((model) => ({
        requestId,
        model,
        quality: { a: 1, b: i % 2, c: 0 }[model],
        costUsd: { a: 4, b: 8, c: 1 }[model],
        inputTokens: 1e6,
        outputTokens: 0,
      })),
    );
    const prices = {
      version: 'stale',
      entries: (['a', 'b', 'c'] as const).map((model) => ({
        model,
        inputUsdPerMTok: { a: 4, b: 2, c: 1 }[model],
        outputUsdPerMTok: 0,
      })),
    };
    // Cap $10 per 4 requests, soft 0.5: r1 a ($4, used 0); r2 a (used .4 < .5); r3 used .8 → step down one
    // rung: c; r4 used .9 → c.
    const run = await runSpec('budget:10?window=requests:4', traceOf(rows), { train: traceOf(rows), prices });
    expect(run.models).toEqual(['a', 'a', 'c', 'c']);
  });
});
