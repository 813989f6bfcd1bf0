/**
 * What calling one model for one request produced, read straight from the trace — the ground the
 * references (always-<model>, oracle) stand on. When a log holds several attempts of one request on one
 * model, the attempt with the highest `attempt` number is the final answer (its quality and status), and
 * cost and latency add up over every attempt, as retries are paid and waited for.
 */
import { failuresScoreZero, outcomeQuality } from '../traces/outcome.ts';
import type { Trace } from '../traces/trace.ts';
import { CHOSEN_UNSUPPORTED, type RunDecisions } from '../replay/types.ts';

const STATUS_OK = 0;

/** Per-model scratch for one request at a time; `load(r)` fills it and lists the models present. */
export class ModelOutcomes {
  readonly quality: Float64Array;
  readonly costUsd: Float64Array;
  readonly latencyMs: Float64Array;
  readonly estimated: Uint8Array;
  readonly ok: Uint8Array;
  readonly attempts: Uint32Array;
  private readonly lastAttempt: Uint32Array;
  /** Model codes with at least one row for the loaded request, in first-row order. */
  readonly present: Int32Array;
  presentCount = 0;
  private readonly failZero: boolean;

  constructor(private readonly trace: Trace) {
    this.failZero = failuresScoreZero(trace);
    const m = trace.modelNames.length;
    this.quality = new Float64Array(m);
    this.costUsd = new Float64Array(m);
    this.latencyMs = new Float64Array(m);
    this.estimated = new Uint8Array(m);
    this.ok = new Uint8Array(m);
    this.attempts = new Uint32Array(m);
    this.lastAttempt = new Uint32Array(m);
    this.present = new Int32Array(m);
  }

  load(r: number): void {
    const t = this.trace;
    for (let k = 0; k < this.presentCount; k++) this.attempts[this.present[k]!] = 0;
    this.presentCount = 0;
    const end = t.requestRowStart[r + 1]!;
    for (let i = t.requestRowStart[r]!; i < end; i++) {
      const m = t.rowModel[i]!;
      const attempt = t.attempt[i]!;
      if (this.attempts[m] === 0) {
        this.present[this.presentCount++] = m;
        this.costUsd[m] = 0;
        this.latencyMs[m] = 0;
        this.estimated[m] = 0;
        this.lastAttempt[m] = 0;
      }
      this.attempts[m]!++;
      // NaN in any attempt makes the sum unknown, which is what NaN addition does.
      this.costUsd[m]! += t.costUsd[i]!;
      this.latencyMs[m]! += t.latencyMs[i]!;
      if (t.costEstimated[i]) this.estimated[m] = 1;
      if (attempt >= this.lastAttempt[m]!) {
        this.lastAttempt[m] = attempt;
        this.quality[m] = outcomeQuality(t, i, this.failZero);
        this.ok[m] = t.status[i] === STATUS_OK ? 1 : 0;
      }
    }
  }
}

type Columns = {
  -readonly [K in keyof RunDecisions]: RunDecisions[K];
};

function emptyDecisions(trace: Trace, policy: string): Columns {
  const n = trace.requestCount;
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
 * is read from the trace. Deterministic choices: propensity 1.
 */
export function decisionsFrom(
  trace: Trace,
  policies: readonly string[],
  choose: (o: ModelOutcomes, k: number) => number,
): RunDecisions[] {
  const o = new ModelOutcomes(trace);
  const out = policies.map((p) => emptyDecisions(trace, p));
  for (let r = 0; r < trace.requestCount; r++) {
    o.load(r);
    for (let k = 0; k < out.length; k++) record(out[k]!, o, r, choose(o, k));
  }
  return out;
}
