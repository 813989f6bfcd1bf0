/**
 * One run's decisions + the trace → the RunResult of docs/ARCHITECTURE.md, "Results". Numbers are exact (never rounded
 * here);
 * the same inputs and seed give an identical object, keys in a fixed order.
 */
import { bootstrapRng } from '../core/rng.ts';
import { bootstrapMeanCi } from '../core/stats.ts';
import type { RunDecisions } from '../replay/types.ts';
import type { Trace } from '../traces/trace.ts';
import { partialOf, runErrorOf, qualityValues, runResultOf, sliceResultOf, slicePartialOf } from './merge.ts';
import { sliceRequests } from './slices.ts';
import type { RunError, RunResult, SliceResult } from './types.ts';

export interface SummarizeOptions {
  readonly seed: number;
  /** Bootstrap resamples for the quality CI; default 1000. */
  readonly resamples?: number;
  /** Slice by 'task' or a tag name. */
  readonly by?: string;
}

export function summarize(trace: Trace, run: RunDecisions, options: SummarizeOptions): RunResult {
  if (run.chosen.length !== trace.requestCount) {
    throw new RangeError(
      `summarize: run "${run.policy}" has ${run.chosen.length} requests, the trace ${trace.requestCount}`,
    );
  }
  const resamples = options.resamples ?? 1000;
  if (run.failure !== undefined) return failedResult(run.policy, trace.requestCount, runErrorOf(run.failure));
  const ci = bootstrapMeanCi(qualityValues(run), bootstrapRng(options.seed, run.policy), resamples);
  const summary = runResultOf(partialOf(run), trace.modelNames, ci);
  // A simulated judge reads the outcomes: the label travels with the numbers so no reader takes it for a router.
  const result = run.simulated ? { ...summary, simulated: run.simulated } : summary;
  if (options.by === undefined) return result;
  const slices: Record<string, SliceResult> = {};
  for (const [label, requests] of sliceRequests(trace, options.by)) {
    const sliceCi = bootstrapMeanCi(
      qualityValues(run, requests),
      bootstrapRng(options.seed, run.policy, label),
      resamples,
    );
    slices[label] = sliceResultOf(slicePartialOf(run, requests), trace.modelNames, sliceCi);
  }
  return { ...result, slices };
}

/** A failed run keeps its name, size and error; every statistic is zeroed (it describes nothing). */
export function failedResult(policy: string, requests: number, error: RunError): RunResult {
  return {
    policy,
    requests,
    // Nothing of a failed run is known: every request counts as unknown, never as free or as quality 0.
    quality: { mean: null, ci95: null, unknown: requests },
    costUsd: { total: 0, perRequest: 0, estimatedShare: 0, unknown: requests },
    modelShare: {},
    unsupported: 0,
    errors: 0,
    error,
  };
}
