import { ModelOutcomes } from '../traces/model-outcomes.ts';
import type { Trace } from '../traces/trace.ts';
import type { CellIndex } from './cell-index.ts';

/**
 * Reads what one call (a model on a request) cost, took and answered, straight from the trace. Plain fields
 * instead of a returned object: this runs once per decision, and the replay's hot loop reads them right after.
 */
export class CallReader {
  private readonly trace: Trace;
  private readonly cells: CellIndex;
  private readonly regular: boolean;
  private readonly cellRow: Int32Array;
  private readonly slot: Int32Array;
  private readonly rowStart: Uint32Array;
  private readonly R: number;
  // The last call's numbers: set by `call`, read right after.
  costUsd = 0;
  latencyMs = 0;
  estimated = 0;
  attempts = 1;
  // Made on the first retry met: most traces have none.
  private outcomes: ModelOutcomes | undefined;

  constructor(trace: Trace, cells: CellIndex) {
    this.trace = trace;
    this.cells = cells;
    this.regular = cells.regular;
    this.cellRow = cells.row;
    this.slot = cells.slot;
    this.rowStart = trace.requestRowStart;
    this.R = trace.requestCount;
  }

  /**
   * Calls model m on request r: returns the final attempt's row (-1 when the trace has none) and leaves the
   * call's cost, latency, estimated flag and attempt count in the fields.
   */
  call(r: number, m: number): number {
    const t = this.trace;
    let row: number;
    if (this.regular) {
      row = this.rowStart[r]! + this.slot[m]!;
    } else {
      row = this.cellRow[m * this.R + r]!;
      if (row < 0) return -1;
      if (this.cells.hasRetries && t.attempt[row]! > 1) {
        this.sumRetries(r, m);
        return row;
      }
    }
    this.costUsd = t.costUsd[row]!;
    this.latencyMs = t.latencyMs[row]!;
    this.estimated = t.costEstimated[row]!;
    this.attempts = 1;
    return row;
  }

  /** Retries: the caller paid and waited for every attempt (folded once, by ModelOutcomes). */
  private sumRetries(r: number, m: number): void {
    this.outcomes ??= new ModelOutcomes(this.trace);
    const o = this.outcomes;
    o.load(r);
    this.costUsd = o.costUsd[m]!;
    this.latencyMs = o.latencyMs[m]!;
    this.estimated = o.estimated[m]!;
    this.attempts = o.attempts[m]!;
  }
}
