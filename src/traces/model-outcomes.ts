/**
 * What calling one model for one request produced, read straight from the trace: the one place routelab folds
 * retries. When a log holds several attempts of one request on one model, the attempt with the highest
 * `attempt` number is the final answer (its row, quality and status), and cost and latency add up over every
 * attempt, as retries are paid and waited for. The replay (a decision's call) and the metrics' references
 * (always-<model>, oracle) both read calls through it.
 */
import { failuresScoreZero, outcomeQuality } from './outcome.ts';
import type { Trace } from './trace.ts';

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
  /** Row of each model's final attempt on the loaded request. */
  readonly finalRow: Int32Array;
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
    this.finalRow = new Int32Array(m);
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
        this.finalRow[m] = i;
        this.quality[m] = outcomeQuality(t, i, this.failZero);
        this.ok[m] = t.status[i] === STATUS_OK ? 1 : 0;
      }
    }
  }
}
