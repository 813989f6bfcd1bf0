import { createRng } from '../../src/core/rng.ts';
import type { Policy } from '../../src/policy/types.ts';
import { parseDeployment } from '../../src/simulate/load-deployment.ts';
import { TraceBuilder, emptyRow } from '../../src/traces/builder.ts';
import type { Trace } from '../../src/traces/trace.ts';

/** n requests on one model `a`, exponential service times of mean 1000/muPerS ms, no timestamps. */
export function exponentialTrace(n: number, muPerS: number, seed: number): Trace {
  const rng = createRng(seed);
  const b = new TraceBuilder();
  const src = b.addSource('synthetic.csv');
  const row = emptyRow();
  for (let i = 0; i < n; i++) {
    row.requestId = `r${i}`;
    row.model = 'a';
    row.latencyMs = (-Math.log(1 - rng.next()) / muPerS) * 1000;
    row.costUsd = 0.001;
    row.quality = 1;
    b.add(row, src, i + 2);
  }
  return b.finish();
}

export const always = (model: string): Policy => ({
  name: `always:${model}`,
  decide: () => ({ type: 'model', model }),
});

/** A deployment from a plain object (validated as a file would be). */
export function deployment(value: unknown) {
  return parseDeployment('deployment.json', JSON.stringify(value));
}

/** Erlang C: the probability that an arrival waits in an M/M/c queue with offered load a = λ/μ. */
export function erlangC(c: number, a: number): number {
  let term = 1,
    sum = 0;
  for (let k = 0; k < c; k++) {
    sum += term;
    term *= a / (k + 1);
  }
  const top = term * (c / (c - a));
  return top / (sum + top);
}
