/**
 * Paired comparison of a run with a baseline on the same requests: per-request differences, so the
 * request-to-request spread common to both runs cancels and the CI is much tighter than comparing two CIs.
 */
import type { Rng } from '../core/rng.ts';
import { bootstrapMeanCi } from '../core/stats.ts';
import type { RunDecisions } from '../replay/types.ts';
import type { Trace } from '../traces/trace.ts';
import type { PairedComparison, PairedDiff } from './types.ts';

/**
 * Mean of (run − baseline) quality over requests where both qualities are known, and of cost per request
 * over requests where both costs are known, each with a 95% percentile bootstrap CI. Resampling requests
 * and averaging their differences is the paired bootstrap: both runs are resampled with the same indices.
 */
export function pairedComparison(
  trace: Trace,
  run: RunDecisions,
  baseline: RunDecisions,
  rng: Rng,
  resamples = 1000,
): PairedComparison {
  for (const r of [run, baseline]) {
    if (r.chosen.length !== trace.requestCount) {
      throw new RangeError(
        `pairedComparison: run "${r.policy}" has ${r.chosen.length} requests, the trace ${trace.requestCount}`,
      );
    }
  }
  return {
    baseline: baseline.policy,
    qualityDiff: pairedDiff(run.quality, baseline.quality, rng, resamples),
    costDiffPerRequest: pairedDiff(run.costUsd, baseline.costUsd, rng, resamples),
  };
}

function pairedDiff(a: Float64Array, b: Float64Array, rng: Rng, resamples: number): PairedDiff {
  const diff = new Float64Array(a.length);
  let n = 0,
    sum = 0;
  for (let r = 0; r < a.length; r++) {
    const d = a[r]! - b[r]!;
    if (Number.isNaN(d)) continue;
    diff[n++] = d;
    sum += d;
  }
  const known = diff.subarray(0, n);
  return { mean: n > 0 ? sum / n : NaN, ci95: bootstrapMeanCi(known, rng, resamples), requests: n };
}
