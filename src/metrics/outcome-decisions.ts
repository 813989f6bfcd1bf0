/**
 * Decisions built straight from the trace's per-model outcomes (retries folded by traces/model-outcomes.ts):
 * the references (always-<model>, oracle) stand on these.
 */
import { CHOSEN_UNSUPPORTED, type RunDecisions } from '../replay/types.ts';
import { ModelOutcomes } from '../traces/model-outcomes.ts';
import type { Trace } from '../traces/trace.ts';

type Columns = {
  -readonly [K in keyof RunDecisions]: RunDecisions[K];
};

function emptyDecisions(trace: Trace, policy: string, reuse?: RunDecisions): Columns {
  const n = trace.requestCount;
  if (reuse && reuse.chosen.length === n && reuse.calls.length === trace.modelNames.length) {
    // Refilled as a fresh run would be: the caller is done with the previous run's columns.
    reuse.quality.fill(NaN);
    reuse.costUsd.fill(NaN);
    reuse.costEstimated.fill(0);
    reuse.latencyMs.fill(NaN);
    reuse.propensity.fill(1);
    reuse.calls.fill(0);
    const { failure: _f, simulated: _s, wanted: _w, ...columns } = reuse;
    return { ...columns, policy, unsupported: 0, errors: 0 };
  }
  return {
    policy,
    chosen: new Int32Array(n),
    quality: new Float64Array(n).fill(NaN),
    costUsd: new Float64Array(n).fill(NaN),
    costEstimated: new Uint8Array(n),
    latencyMs: new Float64Array(n).fill(NaN),
    propensity: new Float64Array(n).fill(1),
    calls: new Float64Array(trace.modelNames.length),
    unsupported: 0,
    errors: 0,
  };
}

function record(d: Columns, o: ModelOutcomes, r: number, m: number): void {
  d.chosen[r] = m;
  if (m === CHOSEN_UNSUPPORTED) {
    d.unsupported++;
    return;
  }
  d.quality[r] = o.quality[m]!;
  d.costUsd[r] = o.costUsd[m]!;
  d.latencyMs[r] = o.latencyMs[m]!;
  d.costEstimated[r] = o.estimated[m]!;
  d.calls[m]! += o.attempts[m]!;
  if (!o.ok[m]) d.errors++;
}

/**
 * Builds one RunDecisions per policy in one pass over the trace: for each request, `choose(o, k)` gives
 * policy k's model code (or CHOSEN_UNSUPPORTED) from that request's loaded outcomes, and the chosen outcome
 * is read from the trace. Deterministic choices: propensity 1. `reuse[k]`, when given, lends policy k its
 * columns (overwritten): passes over blocks of policies then hold one block's columns, not every block's.
 */
export function decisionsFrom(
  trace: Trace,
  policies: readonly string[],
  choose: (o: ModelOutcomes, k: number) => number,
  reuse: readonly RunDecisions[] = [],
): RunDecisions[] {
  const o = new ModelOutcomes(trace);
  const out = policies.map((p, k) => emptyDecisions(trace, p, reuse[k]));
  for (let r = 0; r < trace.requestCount; r++) {
    o.load(r);
    for (let k = 0; k < out.length; k++) record(out[k]!, o, r, choose(o, k));
  }
  return out;
}
