/**
 * On a trace imported from a shadow evaluation (`routelab import-batch`), each request carries the
 * probability with which the plan sampled it (tag `sampling_probability`) and its stratum
 * (`sampling_stratum`): a run's quality is then also estimated for the whole log the sample stands for.
 */
import type { RunDecisions } from '../replay/types.ts';
import type { Trace } from '../traces/trace.ts';
import { type WeightedMean, stratifiedMean } from './shadow-horvitz-thompson.ts';

export const PROBABILITY_TAG = 'sampling_probability';
export const STRATUM_TAG = 'sampling_stratum';

/** The run's whole-log quality estimate, or undefined when the trace is not a shadow sample. */
export function weightedQuality(trace: Trace, run: RunDecisions): WeightedMean | undefined {
  const p = trace.tags.find((t) => t.name === PROBABILITY_TAG);
  const s = trace.tags.find((t) => t.name === STRATUM_TAG);
  if (!p || !s || run.failure !== undefined) return undefined;
  const R = trace.requestCount;
  const probability = new Float64Array(R);
  const stratum: string[] = new Array(R);
  for (let r = 0; r < R; r++) {
    const i = trace.requestRowStart[r]!;
    const code = p.codes[i]!;
    probability[r] = code >= 0 ? Number(p.values[code]) : NaN;
    stratum[r] = s.codes[i]! >= 0 ? s.values[s.codes[i]!]! : '';
  }
  return stratifiedMean(run.quality, probability, stratum);
}
