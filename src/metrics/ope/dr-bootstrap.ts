/**
 * The DR 95% CI with the reward model refitted on every bootstrap resample. Bootstrapping DR's per-request
 * terms with q̂ fitted once on the whole log treats q̂ as known, and misses that q̂ moves with the sample:
 * over 500 synthetic logs that interval covered the truth 91–92% of the time for policies the log rarely
 * took. Refitting q̂ (reward-model.ts's TaskModelMeans) inside each resample puts that
 * variability back. Above EXACT_BOOTSTRAP_DRAWS (n × resamples) the cells are large enough for q̂'s variance
 * to vanish and the plain bootstrap of the terms (its normal limit) is used.
 */
import type { Rng } from '../../core/rng.ts';
import { bootstrapMeanCi, EXACT_BOOTSTRAP_DRAWS, quantileSorted } from '../../core/stats.ts';
import type { Trace } from '../../traces/trace.ts';
import type { OpeInputs } from './estimators.ts';
import { drTerms } from './estimators.ts';
import { TaskModelMeans } from './reward-model.ts';

/** Per estimated request k: its task code (−1 = none), logged model, target model, weight and reward. */
export interface DrSample {
  readonly task: Int32Array;
  readonly logged: Int32Array;
  readonly target: Int32Array;
  readonly weight: Float64Array;
  readonly reward: Float64Array;
}

export function drBootstrapCi(
  trace: Trace,
  sample: DrSample,
  inputs: OpeInputs,
  rng: Rng,
  resamples: number,
): [number, number] {
  const n = sample.reward.length;
  if (n === 0) return [NaN, NaN];
  if (n * resamples > EXACT_BOOTSTRAP_DRAWS) return bootstrapMeanCi(drTerms(inputs), rng, resamples);
  const q = new TaskModelMeans(trace.taskNames.length, trace.modelNames.length);
  const draw = new Uint32Array(n);
  const means = new Float64Array(resamples);
  for (let b = 0; b < resamples; b++) {
    q.reset();
    for (let k = 0; k < n; k++) {
      const i = rng.int(n);
      draw[k] = i;
      q.add(sample.task[i]!, sample.logged[i]!, sample.reward[i]!);
    }
    let s = 0;
    for (let k = 0; k < n; k++) {
      const i = draw[k]!;
      const t = sample.task[i]!;
      s += q.value(t, sample.target[i]!) + sample.weight[i]! * (sample.reward[i]! - q.value(t, sample.logged[i]!));
    }
    means[b] = s / n;
  }
  means.sort();
  return [quantileSorted(means, 0.025), quantileSorted(means, 0.975)];
}
