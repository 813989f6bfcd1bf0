/**
 * One point of a sweep, by replay or from the two-model fast path's totals, with its quality CI: a bootstrap
 * over requests seeded exactly as `summarize` seeds a run of the same policy (so the point's CI equals the
 * one `routelab replay --policy <that spec>` prints). A point whose policy fails is returned as a failure
 * (its error kept) instead of ending the sweep.
 */
import { LabError } from '../core/errors.ts';
import { bootstrapRng } from '../core/rng.ts';
import { bootstrapMeanCi } from '../core/stats.ts';
import { summarize } from '../metrics/summarize.ts';
import type { SweepPoint } from '../metrics/types.ts';
import type { Policy } from '../policy/types.ts';
import { replay } from '../replay/replay.ts';
import type { ThresholdSweep } from '../replay/two-model-sweep.ts';
import type { PriceTable } from '../traces/price-types.ts';
import type { Trace } from '../traces/trace.ts';

/** Bootstrap resamples of a point's quality CI: `summarize`'s default, so the CIs agree. */
const RESAMPLES = 1000;

export type PointOutcome = Omit<SweepPoint, 'value'> | { readonly error: string };

export interface PointOptions {
  readonly seed: number;
  readonly train?: Trace;
  readonly prices?: PriceTable;
}

/** The point of one policy by an ordinary replay; a failed run, or a LabError making it, is a failure. */
export async function runPoint(
  trace: Trace,
  make: () => Promise<Policy>,
  options: PointOptions,
): Promise<PointOutcome> {
  try {
    const [run] = await replay(trace, [await make()], {
      seed: options.seed,
      ...(options.train ? { train: options.train } : {}),
      ...(options.prices ? { prices: options.prices } : {}),
    });
    if (run!.failure !== undefined) return { error: run!.failure.message };
    const r = summarize(trace, run!, { seed: options.seed, resamples: RESAMPLES });
    return { quality: r.quality.mean, ci95: r.quality.ci95, costUsd: r.costUsd.total, modelShare: r.modelShare };
  } catch (err) {
    if (err instanceof LabError) return { error: err.message };
    throw err;
  }
}

/**
 * The point of threshold `t` (the `i`-th of the fast path's thresholds) from its exact totals; the CI resamples
 * the per-request qualities the replay would have recorded, seeded by the name of the policy at `t`.
 */
export function fastPoint(
  trace: Trace,
  t: number,
  sweep: ThresholdSweep,
  i: number,
  pair: { strong: string; weak: string },
  policyName: string,
  seed: number,
): Omit<SweepPoint, 'value'> {
  const totals = sweep.totals[i]!;
  const share: Record<string, number> = {};
  // As modelShare: calls per model over all calls, models in trace order, only models called.
  const calls = totals.strongCalls + totals.weakCalls;
  for (const m of trace.modelNames) {
    const n = m === pair.strong ? totals.strongCalls : m === pair.weak ? totals.weakCalls : 0;
    if (n > 0) share[m] = n / calls;
  }
  const quality = totals.qualityKnown > 0 ? totals.qualitySum / totals.qualityKnown : null;
  const ci95 =
    quality === null
      ? null
      : bootstrapMeanCi(
          sweep.qualityAt(t, new Float64Array(trace.requestCount)),
          bootstrapRng(seed, policyName),
          RESAMPLES,
        );
  return { quality, ci95, costUsd: totals.costTotal, modelShare: share };
}
