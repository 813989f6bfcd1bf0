/**
 * Whether a trace is an evaluation matrix (models answered the same requests side by side, perhaps with gaps)
 * or a production log (each request has what production called: one model, or a fallback chain whose calls are
 * numbered `attempt` 1, 2, …). The oracle and best-single references, and on-policy rankings, only make sense
 * on the first. Completeness alone cannot tell them apart: pricing-reversal is 77% complete and a matrix,
 * a two-model log with many fallbacks can be more complete than that.
 */
import type { Trace } from '../traces/trace.ts';

export type TraceKind = 'full-information' | 'matrix-with-gaps' | 'log';

/** What `traceKind` counts: requests, those with every model, those that look logged. Shards' counts add up. */
export interface TraceKindCounts {
  readonly requests: number;
  readonly complete: number;
  readonly logged: number;
}

/**
 * 'log' when most requests look logged: one model, or several models each at its own attempt number (a chain).
 * Several models sharing an attempt number are side-by-side answers: a matrix row.
 */
export function traceKind(trace: Trace): TraceKind {
  return kindOfCounts(traceKindCounts(trace));
}

/** The kind of a trace (or of the union of request-disjoint shards of one trace) from its counts. */
export function kindOfCounts(c: TraceKindCounts): TraceKind {
  if (c.complete === c.requests) return 'full-information';
  return c.logged * 2 > c.requests ? 'log' : 'matrix-with-gaps';
}

/** The counts `traceKind` decides on; "every model" means every model of the trace's dictionary. */
export function traceKindCounts(trace: Trace): TraceKindCounts {
  const M = trace.modelNames.length;
  const seen = new Int32Array(M).fill(-1);
  let complete = 0,
    logged = 0;
  const attempts = new Map<number, number>();
  for (let r = 0; r < trace.requestCount; r++) {
    let distinct = 0,
      sideBySide = false;
    attempts.clear();
    for (let i = trace.requestRowStart[r]!, end = trace.requestRowStart[r + 1]!; i < end; i++) {
      const m = trace.rowModel[i]!;
      if (seen[m] !== r) {
        seen[m] = r;
        distinct++;
      }
      const other = attempts.get(trace.attempt[i]!);
      if (other !== undefined && other !== m) sideBySide = true;
      attempts.set(trace.attempt[i]!, m);
    }
    if (distinct === M) complete++;
    if (distinct === 1 || !sideBySide) logged++;
  }
  return { requests: trace.requestCount, complete, logged };
}
