/**
 * The hand-made trace of the metrics tests: 3 models × 6 requests, dyadic costs so sums are exact.
 *
 *   request task  | w: q  cost  lat | m: q  cost  lat | s: q    cost  lat
 *   r1      math  |    0  0.25  100 |    1  1     200 |    1    4     400
 *   r2      math  |    1  0.25  100 |    1  1     300 |    1    4     500
 *   r3      math  |    0  0.25  120 |    0  1     200 |    1    4     400
 *   r4      code  |    0  0.25  100 |    0  1     200 |    ?    4     600
 *   r5      code  |    1  0.25*  80 |    0  1     200 |    1    4     400
 *   r6      code  |    0  0.25  100 |    1  1     250 |    (no row)
 *
 * ? = unknown quality; * = cost estimated from tokens × prices. Tag `tenant`: a on r1, r4; b elsewhere.
 */
import { TraceBuilder, emptyRow } from '../../src/traces/builder.ts';
import type { Trace } from '../../src/traces/trace.ts';
import { CHOSEN_UNSUPPORTED, type RunDecisions } from '../../src/replay/types.ts';

type Cell = [quality: number, costUsd: number, latencyMs: number] | null;
const TABLE: [string, string, Cell, Cell, Cell][] = [
  ['r1', 'math', [0, 0.25, 100], [1, 1, 200], [1, 4, 400]],
  ['r2', 'math', [1, 0.25, 100], [1, 1, 300], [1, 4, 500]],
  ['r3', 'math', [0, 0.25, 120], [0, 1, 200], [1, 4, 400]],
  ['r4', 'code', [0, 0.25, 100], [0, 1, 200], [NaN, 4, 600]],
  ['r5', 'code', [1, 0.25, 80], [0, 1, 200], [1, 4, 400]],
  ['r6', 'code', [0, 0.25, 100], [1, 1, 250], null],
];

export function tinyTrace(): Trace {
  const b = new TraceBuilder();
  const src = b.addSource('tiny.csv');
  let line = 1;
  for (const [id, task, ...cells] of TABLE) {
    cells.forEach((cell, k) => {
      if (!cell) return;
      const row = emptyRow();
      row.requestId = id;
      row.task = task;
      row.model = ['w', 'm', 's'][k]!;
      [row.quality, row.costUsd, row.latencyMs] = cell;
      row.tags = { tenant: id === 'r1' || id === 'r4' ? 'a' : 'b' };
      b.add(row, src, ++line);
    });
  }
  const trace = b.finish();
  // r5 on w: cost estimated (the builder leaves the flag to readers).
  const r5w = trace.requestRowStart[4]!;
  (trace.costEstimated as Uint8Array)[r5w] = 1;
  return trace;
}

/** The trace's codes of models w, m and s: codes follow model names (m, s, w), not the table's columns. */
export const MODEL_CODES = { M: 0, S: 1, W: 2 } as const;

/** RunDecisions of a policy choosing `chosen[r]` (model code or CHOSEN_UNSUPPORTED), outcomes from the trace. */
export function decisionsOf(trace: Trace, policy: string, chosen: readonly number[]): RunDecisions {
  const n = trace.requestCount;
  const run = {
    policy,
    chosen: Int32Array.from(chosen),
    quality: new Float64Array(n).fill(NaN),
    costUsd: new Float64Array(n).fill(NaN),
    costEstimated: new Uint8Array(n),
    latencyMs: new Float64Array(n).fill(NaN),
    propensity: new Float64Array(n).fill(1),
    calls: new Float64Array(trace.modelNames.length),
    unsupported: 0,
    errors: 0,
  };
  for (let r = 0; r < n; r++) {
    const m = chosen[r]!;
    let row = -1;
    for (let i = trace.requestRowStart[r]!; i < trace.requestRowStart[r + 1]!; i++)
      if (trace.rowModel[i] === m) row = i;
    if (m === CHOSEN_UNSUPPORTED || row < 0) {
      run.chosen[r] = CHOSEN_UNSUPPORTED;
      run.unsupported++;
      continue;
    }
    run.quality[r] = trace.quality[row]!;
    run.costUsd[r] = trace.costUsd[row]!;
    run.costEstimated[r] = trace.costEstimated[row]!;
    run.latencyMs[r] = trace.latencyMs[row]!;
    run.calls[m]!++;
  }
  return run;
}
