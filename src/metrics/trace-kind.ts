/**
 * Whether a trace is an evaluation matrix (every model answered the requests, perhaps with a few gaps) or a
 * production log (each request has what production called: one model, or a fallback chain). The oracle and
 * best-single references, and on-policy rankings, only make sense on the first.
 */
import type { Trace } from '../traces/trace.ts';

export type TraceKind = 'full-information' | 'matrix-with-gaps' | 'log';

/** 'log' when fewer than half of the requests have a row for every model of the trace. */
export function traceKind(trace: Trace): TraceKind {
  const M = trace.modelNames.length;
  const seen = new Int32Array(M).fill(-1);
  let complete = 0;
  for (let r = 0; r < trace.requestCount; r++) {
    let distinct = 0;
    for (let i = trace.requestRowStart[r]!, end = trace.requestRowStart[r + 1]!; i < end; i++) {
      const m = trace.rowModel[i]!;
      if (seen[m] !== r) {
        seen[m] = r;
        distinct++;
      }
    }
    if (distinct === M) complete++;
  }
  if (complete === trace.requestCount) return 'full-information';
  return complete * 2 >= trace.requestCount ? 'matrix-with-gaps' : 'log';
}
