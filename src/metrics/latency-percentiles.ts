/**
 * A run's latency distribution, compact enough for the results JSON: the type-7 percentile at every whole
 * percent. The report draws the latency CDF from it (per-request latencies are not in the results).
 */
import { quantilesInPlace } from '../core/stats.ts';

const PERCENTS = Array.from({ length: 101 }, (_, k) => k / 100);

/**
 * Latency (ms) at 0%, 1%, …, 100% of the known values, 101 numbers; empty when none is known. Reorders
 * `latenciesMs` in place: callers hand over a multiset they own, and a copy would cost 8 bytes per request.
 */
export function latencyPercentiles(latenciesMs: Float64Array): number[] {
  return latenciesMs.length === 0 ? [] : quantilesInPlace(latenciesMs, PERCENTS);
}
