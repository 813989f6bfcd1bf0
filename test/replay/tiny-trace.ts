import { TraceBuilder, emptyRow, type RowInput } from '../../src/traces/builder.ts';
import type { Trace } from '../../src/traces/trace.ts';

/** A trace from hand-written rows (absent fields are absent values). */
export function traceOf(rows: readonly Partial<RowInput>[]): Trace {
  const b = new TraceBuilder();
  const src = b.addSource('tiny.csv');
  rows.forEach((row, i) => b.add({ ...emptyRow(), ...row }, src, i + 2));
  return b.finish();
}

/**
 * 4 requests × 3 models: a (cost 1), b (cost 2), c (cost 4). `score` is a per-request router score on
 * each request's rows; `conf` a per-row confidence in that model's answer.
 *
 *   request  a: q  lat  conf   b: q  lat  conf   c: q  lat   score
 *   r1          0   10  0.2       1   20  0.9       1   40    0.9
 *   r2          1   30  0.8       0   20  0.1       1   10    0.2
 *   r3          0   10  0.7       0   20  0.4       1   30    0.6
 *   r4          1   20  0.9       1   10  0.8       0   40    0.1
 */
export function tinyTrace(): Trace {
  const q = { r1: [0, 1, 1], r2: [1, 0, 1], r3: [0, 0, 1], r4: [1, 1, 0] };
  const lat = { r1: [10, 20, 40], r2: [30, 20, 10], r3: [10, 20, 30], r4: [20, 10, 40] };
  const conf = { r1: ['0.2', '0.9', ''], r2: ['0.8', '0.1', ''], r3: ['0.7', '0.4', ''], r4: ['0.9', '0.8', ''] };
  const score = { r1: '0.9', r2: '0.2', r3: '0.6', r4: '0.1' };
  const prompt = { r1: 'prove the prime theorem', r2: 'say hello', r3: 'prove the lemma', r4: 'hello there' };
  const rows: Partial<RowInput>[] = [];
  for (const r of ['r1', 'r2', 'r3', 'r4'] as const) {
    ['a', 'b', 'c'].forEach((model, m) => {
      rows.push({
        requestId: r,
        model,
        quality: q[r][m]!,
        costUsd: [1, 2, 4][m]!,
        latencyMs: lat[r][m]!,
        prompt: prompt[r],
        inputTokens: 10,
        outputTokens: [5, 10, 20][m]!,
        task: r === 'r1' || r === 'r3' ? 'math' : 'chat',
        tags: { score: score[r], conf: conf[r][m]! },
      });
    });
  }
  return traceOf(rows);
}
