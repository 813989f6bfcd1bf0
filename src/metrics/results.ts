/**
 * The whole results object of `routelab replay --json` (docs/ARCHITECTURE.md, "Results"): trace summary, one RunResult
 * per run
 * (with its paired comparison against the baseline), the references, and the Pareto frontier of the runs.
 */
import type { RunDecisions } from '../replay/types.ts';
import type { Trace } from '../traces/trace.ts';
import { type CounterfactualInputs, counterfactualCost } from './counterfactual/counterfactual-costs.ts';
import { type LoggedAdvice, loggedAdvice } from './logged-advice.ts';
import { loggedActions } from './ope/logged-actions.ts';
import { offPolicyEstimates } from './ope/off-policy.ts';
import { pairedComparison } from './paired.ts';
import { runsFrontier } from './pareto.ts';
import { shareOverTime } from './share-over-time.ts';
import { references } from './references.ts';
import { bootstrapRng } from '../core/rng.ts';
import { weightedQuality } from './shadow-weighted-runs.ts';
import { traceKind } from './trace-kind.ts';
import { summarize, type SummarizeOptions } from './summarize.ts';
import type { ReplayResults, RunResult } from './types.ts';

export interface BuildResultsOptions extends SummarizeOptions {
  /** How the trace was named on the command line. */
  readonly path: string;
  readonly baseline?: RunDecisions;
  /** routelab version. */
  readonly version: string;
  /** On a log: prices, length ratios and profiles for estimated cost and latency of unlogged choices. */
  readonly counterfactual?: CounterfactualInputs;
}

/**
 * Summarises every run. A failed run keeps its place with its error, and gets no paired comparison; nor does
 * any run when the baseline failed. References are omitted for a trace without models. The frontier is over
 * the runs (not the references: the oracle is not a policy one can deploy), by quality and cost per request.
 * A run whose cost is unknown for every request is not placed (it is not free).
 * On a logged trace with propensities every successful run also gets its off-policy estimates (`ope`); a
 * logged trace gets no references, and `logged` says what it can and cannot answer (logged-advice.ts).
 */
export function buildResults(trace: Trace, runs: readonly RunDecisions[], options: BuildResultsOptions): ReplayResults {
  const { baseline } = options;
  // A log (some request lacks some model) with propensities: replay leaves the requests where a policy
  // departs from the log unsupported; off-policy estimators fill that gap.
  const kind = traceKind(trace);
  const isLog = kind === 'log' && trace.modelNames.length > 0;
  const logged = trace.present.has('propensity') && kind !== 'full-information' ? loggedActions(trace) : undefined;
  const results = runs.map((run): RunResult => {
    const summary = summarize(trace, run, options);
    const overTime = run.failure === undefined ? shareOverTime(trace, run) : undefined;
    let result: RunResult = overTime ? { ...summary, shareOverTime: overTime } : summary;
    const weighted = weightedQuality(trace, run);
    if (weighted) result = { ...result, weighted };
    if (logged && run.failure === undefined) {
      result = { ...result, ope: 'unavailable' in logged ? logged : offPolicyEstimates(trace, logged, run, options) };
    }
    if (!baseline || baseline.failure !== undefined || run.failure !== undefined) return result;
    const rng = bootstrapRng(options.seed, 'paired', run.policy, baseline.policy);
    return { ...result, vsBaseline: pairedComparison(trace, run, baseline, rng, options.resamples) };
  });
  // A run with unsupported decisions is measured on part of the traffic only: never on the frontier.
  const frontier = runsFrontier(results.filter((r) => r.unsupported === 0));
  return {
    routelab: options.version,
    seed: options.seed,
    trace: {
      path: options.path,
      requests: trace.requestCount,
      models: trace.modelNames,
      warnings: trace.warnings.map((w) => ({ code: w.code, message: w.message, count: w.count })),
      kind,
    },
    runs: results,
    // Oracle and best single need every model's answer to the requests: a log does not have them.
    references: trace.modelNames.length > 0 && !isLog ? references(trace, options) : {},
    frontier,
    ...(isLog ? { logged: withCounterfactual(loggedAdvice(trace, results, options), trace, runs, options) } : {}),
    ...(options.by === undefined ? {} : { slicedBy: options.by }),
  };
}

/** Adds each run's estimated cost and latency on every request of the log, when prices are known. */
function withCounterfactual(
  advice: LoggedAdvice,
  trace: Trace,
  runs: readonly RunDecisions[],
  options: BuildResultsOptions,
): LoggedAdvice {
  const inputs = options.counterfactual;
  if (!inputs) return advice;
  const counterfactual = runs.filter((r) => r.failure === undefined).map((r) => counterfactualCost(trace, r, inputs));
  return { ...advice, counterfactual };
}
