import type { RowInput } from '../../src/traces/builder.ts';
import type { Trace } from '../../src/traces/trace.ts';
import { traceOf } from '../replay/tiny-trace.ts';

/**
 * A RouterBench-like full-information trace: 11 models with sub-cent costs (1e-5 · 1.9^m USD, $0.00001 …
 * $0.0061 per request) and five prompt kinds of rising difficulty d = 0…4. Model m scores
 * 0.3 + 0.04·m, plus 0.3 when m ≥ 2d: the dearest model is the best on every kind, by at least 0.04,
 * so any λ ≲ 10 sends every request to it, while cheap models are as good as dear ones on easy kinds.
 * Prompts repeat their kind's words and end in a unique number, so neighbours are prompts of the same kind.
 */
export const MODELS = Array.from({ length: 11 }, (_, m) => `m${String(m).padStart(2, '0')}`);
export const KINDS = ['greet hello', 'chat weather', 'summarize article', 'write code', 'prove theorem'];

export const costOf = (m: number): number => 1e-5 * 1.9 ** m;
export const qualityOf = (m: number, d: number): number => Math.min(1, 0.3 + 0.04 * m + (m >= 2 * d ? 0.3 : 0));
/** Difficulty of request i: kinds in turn, so every kind has the same count. */
export const kindOf = (i: number): number => i % KINDS.length;

/** `n` requests; `cost` replaces the models' costs (e.g. two models a hair apart). */
export function manyModelTrace(n: number, idPrefix = 'r', cost: (m: number) => number = costOf): Trace {
  const rows: Partial<RowInput>[] = [];
  for (let i = 0; i < n; i++) {
    const d = kindOf(i);
    const prompt = `${KINDS[d]} ${KINDS[d]} request ${idPrefix}${i}`;
    MODELS.forEach((model, m) =>
      rows.push({ requestId: `${idPrefix}${i}`, model, prompt, quality: qualityOf(m, d), costUsd: cost(m) }),
    );
  }
  return traceOf(rows);
}
