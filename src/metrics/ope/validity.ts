/**
 * Are the off-policy estimates and their CIs right? Draw many logs from a full-information trace with a known
 * logging policy, estimate each policy on every log, and compare with the truth the full trace holds: the mean
 * estimate's bias against its standard error (sd / √logs), and how often each 95% CI contains the truth.
 *
 * Each log first resamples the trace's requests with replacement, then lets the logging policy pick a model
 * per request (simulateLog). The CIs bootstrap over requests, i.e. they treat the requests as a sample of the
 * traffic the trace stands for; with the same requests in every log the only randomness left would be the
 * logging draw and every CI would over-cover (99% seen for a 95% CI), hiding an interval that is too wide.
 * Used by test/metrics/ope-validity.test.ts and scripts/ope-validity.ts.
 */
import type { Policy } from '../../policy/types.ts';
import { replay } from '../../replay/replay.ts';
import { simulateLog } from '../../replay/simulate-log.ts';
import { subsetTrace } from '../../replay/subset-trace.ts';
import { createRng } from '../../core/rng.ts';
import type { Trace } from '../../traces/trace.ts';
import { loggedActions } from './logged-actions.ts';
import { offPolicyEstimates } from './off-policy.ts';

export interface EstimatorStats {
  readonly mean: number;
  readonly bias: number;
  /** Standard error of the mean estimate over the logs: sd / √logs. */
  readonly se: number;
  /** Share of logs whose 95% CI contains the truth. */
  readonly coverage: number;
}

export interface PolicyValidity {
  readonly policy: string;
  readonly truth: number;
  readonly ips: EstimatorStats;
  readonly snips: EstimatorStats;
  readonly dr: EstimatorStats;
}

export interface ValidityOptions {
  readonly logs: number;
  readonly resamples: number;
  /** Training trace for policies that learn (best-prior, …); the full trace itself is fine here. */
  readonly train?: Trace;
  readonly firstSeed?: number;
}

/** The trace's requests drawn with replacement (ids made unique with the draw number). */
function resampleRequests(trace: Trace, seed: number): Trace {
  const rng = createRng((seed ^ 0x5eed) >>> 0);
  const R = trace.requestCount;
  const sub = subsetTrace(
    trace,
    Uint32Array.from({ length: R }, () => rng.int(R)),
  );
  return { ...sub, requestIds: sub.requestIds.map((id, k) => `${id}#${k}`) };
}

/**
 * The truth of each policy: its mean quality on the full-information trace. A stochastic policy's truth is
 * its expectation, approximated by the mean of `truthRuns` replays with different seeds.
 */
async function truthOf(trace: Trace, policies: readonly Policy[], options: ValidityOptions, truthRuns: number) {
  const sums = new Float64Array(policies.length);
  for (let k = 0; k < truthRuns; k++) {
    const runs = await replay(trace, policies, {
      seed: 1_000_000 + k,
      ...(options.train ? { train: options.train } : {}),
    });
    runs.forEach((run, p) => {
      let s = 0,
        n = 0;
      for (const q of run.quality) {
        if (Number.isNaN(q)) continue;
        s += q;
        n++;
      }
      sums[p]! += s / n;
    });
  }
  return Array.from(sums, (s) => s / truthRuns);
}

/** Bias, standard error and CI coverage of IPS, SNIPS and DR for each policy over `options.logs` logs. */
export async function opeValidity(
  trace: Trace,
  weights: Readonly<Record<string, number>>,
  policies: readonly Policy[],
  options: ValidityOptions,
  truthRuns = 20,
): Promise<PolicyValidity[]> {
  const truth = await truthOf(trace, policies, options, truthRuns);
  const P = policies.length;
  const est = { ips: [] as number[][], snips: [] as number[][], dr: [] as number[][] };
  const covered = { ips: new Float64Array(P), snips: new Float64Array(P), dr: new Float64Array(P) };
  for (const k of ['ips', 'snips', 'dr'] as const) for (let p = 0; p < P; p++) est[k].push([]);
  const first = options.firstSeed ?? 0;
  for (let seed = first; seed < first + options.logs; seed++) {
    const log = simulateLog(resampleRequests(trace, seed), weights, seed);
    const logged = loggedActions(log);
    if ('unavailable' in logged) throw new Error(logged.unavailable);
    const runs = await replay(log, policies, { seed, ...(options.train ? { train: options.train } : {}) });
    runs.forEach((run, p) => {
      const o = offPolicyEstimates(log, logged, run, { seed, resamples: options.resamples });
      if ('unavailable' in o) throw new Error(o.unavailable);
      for (const k of ['ips', 'snips', 'dr'] as const) {
        const e = o[k];
        est[k][p]!.push(e.quality ?? NaN);
        if (e.ci95 && e.ci95[0] <= truth[p]! && truth[p]! <= e.ci95[1]) covered[k][p]!++;
      }
    });
  }
  const stats = (values: number[], p: number, k: 'ips' | 'snips' | 'dr'): EstimatorStats => {
    const n = values.length;
    const mean = values.reduce((a, b) => a + b, 0) / n;
    const sd = Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1));
    return { mean, bias: mean - truth[p]!, se: sd / Math.sqrt(n), coverage: covered[k][p]! / options.logs };
  };
  return policies.map((policy, p) => ({
    policy: policy.name,
    truth: truth[p]!,
    ips: stats(est.ips[p]!, p, 'ips'),
    snips: stats(est.snips[p]!, p, 'snips'),
    dr: stats(est.dr[p]!, p, 'dr'),
  }));
}
