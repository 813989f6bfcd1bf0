import { pickRows } from '../traces/pick-rows.ts';
import type { Trace } from '../traces/trace.ts';

/**
 * The trace restricted to `requests` (request indices, in the order given). Model, task and tag
 * dictionaries are kept whole, so model codes mean the same in the subset and the original.
 */
export function subsetTrace(trace: Trace, requests: ArrayLike<number>): Trace {
  const R = requests.length;
  const requestRowStart = new Uint32Array(R + 1);
  for (let k = 0; k < R; k++) {
    const r = requests[k]!;
    requestRowStart[k + 1] = requestRowStart[k]! + trace.requestRowStart[r + 1]! - trace.requestRowStart[r]!;
  }
  const n = requestRowStart[R]!;
  const rows = new Uint32Array(n);
  const rowRequest = new Uint32Array(n);
  for (let k = 0, j = 0; k < R; k++) {
    const r = requests[k]!;
    for (let i = trace.requestRowStart[r]!; i < trace.requestRowStart[r + 1]!; i++, j++) {
      rows[j] = i;
      rowRequest[j] = k;
    }
  }
  const perRequest = <T>(a: readonly T[]): T[] => Array.from({ length: R }, (_, k) => a[requests[k]!]!);
  return {
    ...trace,
    ...pickRows(trace, rows),
    rowCount: n,
    requestCount: R,
    requestIds: perRequest(trace.requestIds),
    requestRowStart,
    requestTimestampMs: Float64Array.from({ length: R }, (_, k) => trace.requestTimestampMs[requests[k]!]!),
    requestTask: Int32Array.from({ length: R }, (_, k) => trace.requestTask[requests[k]!]!),
    prompts: Array.from({ length: R }, (_, k) => trace.prompts[requests[k]!]),
    rowRequest,
  };
}
