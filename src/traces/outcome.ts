/**
 * A call's quality as an outcome. A failed call (error, timeout, rate limited) gave the user no answer, so
 * it scores 0 — but only in a trace that grades answers at all: in a log with no quality column a 0 for
 * every failure next to unknown successes would make the mean quality read 0%, a wrong number. Failures
 * then still count in each run's error rate.
 */
import type { Trace } from './trace.ts';

/** Whether failures score 0 in this trace (it has a quality column). */
export function failuresScoreZero(trace: Trace): boolean {
  return trace.present.has('quality');
}

/** Quality of `row` as the request's outcome: 0 for a failed call when `failZero`, else the recorded value. */
export function outcomeQuality(trace: Trace, row: number, failZero: boolean): number {
  return failZero && trace.status[row] !== 0 ? 0 : trace.quality[row]!;
}
