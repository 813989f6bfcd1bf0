import { createRng } from '../../src/core/rng.ts';
import { emptyRow, TraceBuilder } from '../../src/traces/builder.ts';
import type { Trace } from '../../src/traces/trace.ts';

/**
 * A full-information trace with a planted signal: prompts about "math" are solved by `strong` only,
 * prompts about "chat" by both; `weak` costs 1/10 of `strong`. Every prompt starts with the same long
 * few-shot preamble, which carries no signal.
 */
export const PREAMBLE = 'You are a helpful assistant. Here are some examples of questions and answers. Q: 1+1? A: 2. ';

export function plantedTrace(n: number, seed = 1, prompt?: (i: number, kind: 'math' | 'chat') => string): Trace {
  const rng = createRng(seed);
  const b = new TraceBuilder();
  const src = b.addSource('synthetic.csv');
  const row = emptyRow();
  const words = ['apple', 'river', 'blue', 'window', 'garden', 'music', 'paper', 'stone'];
  for (let i = 0; i < n; i++) {
    const kind = rng.next() < 0.5 ? 'math' : 'chat';
    const filler = `${words[rng.int(8)]} ${words[rng.int(8)]} ${words[rng.int(8)]}`;
    const text = prompt
      ? prompt(i, kind)
      : kind === 'math'
        ? `${PREAMBLE}Solve the integral equation for x: ${filler} ${rng.int(100)} + ${rng.int(100)}`
        : `${PREAMBLE}Tell me a friendly story about ${filler}`;
    const noise = rng.next() < 0.05;
    for (const [model, cost, ok] of [
      ['weak', 0.001, kind === 'chat'],
      ['strong', 0.01, true],
    ] as const) {
      Object.assign(row, emptyRow(), {
        requestId: `r${i}`,
        model,
        prompt: text,
        task: 'demo',
        costUsd: cost,
        quality: (noise ? !ok : ok) ? 1 : 0,
      });
      b.add(row, src, i + 2);
    }
  }
  return b.finish();
}
