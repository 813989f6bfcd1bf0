/**
 * routelab's library API: what `import … from 'routelab'` gives.
 *
 *   files ──► traces/ (read, validate, price) ──► Trace (columnar)
 *                                                  │
 *   policies/ + policy/ (contract, specs) ──► replay/ ──► RunDecisions ──► metrics/ ──► results JSON
 *                                                  ▲                          │
 *                         learn/ (features, TF.js predictor) ── learned:<dir> │
 *                                                                             ▼
 *                                                     report/ (vega-lite → SVG/PNG, HTML)   cli/ on top
 */
export { LabError, TraceFormatError, PolicyError, ConfigError, ModelFileError } from './core/errors.ts';
export { createRng, type Rng } from './core/rng.ts';
export { VERSION } from './core/version.ts';

export type { Trace, TraceWarning, TagColumn, Status, CanonicalColumn } from './traces/trace.ts';
export { readTrace, type ReadOptions, type TraceFormat } from './traces/read-trace.ts';
export { TraceBuilder, emptyRow, type RowInput } from './traces/builder.ts';
export { describeTrace, type TraceDescription } from './traces/describe.ts';
export type { PriceEntry, PriceTable } from './traces/price-types.ts';
export { readPriceTable, parsePriceTable, resolvePrice } from './traces/price-table.ts';
export { priceTrace, type PricingReport } from './traces/price-trace.ts';
export { writeTrace } from './traces/write-trace.ts';

export type {
  Policy,
  PolicyInit,
  PolicyFactory,
  RequestView,
  DecideContext,
  Decision,
  AcceptRule,
  Feedback,
  CatalogModel,
} from './policy/types.ts';
export { parseSpec, type PolicySpec } from './policy/spec.ts';
export { PolicyRegistry, type PolicyDefinition } from './policy/registry.ts';
export { policyMaker, resolvePolicy } from './policy/resolve-policy.ts';

export { replay, type ReplayOptions } from './replay/replay.ts';
export { splitByRequest } from './replay/split.ts';
export { splitRequests } from './traces/split-requests.ts';
export { subsetTrace } from './replay/subset-trace.ts';
export { simulateLog } from './replay/simulate-log.ts';
export type { RunDecisions } from './replay/types.ts';

export { simulate, type SimulateOptions, type SimulateOutput } from './simulate/simulate.ts';
export { parseDeployment, readDeployment } from './simulate/load-deployment.ts';
export { parseArrivals, type ArrivalSpec } from './simulate/arrivals.ts';
export type { Deployment, Provider } from './simulate/deployment.ts';
export type { SimRun } from './simulate/types.ts';
export { summarizeSimRun, type SimRunResult, type SimulationResults } from './metrics/simulation-summary.ts';
export type { GatewayView, ModelGatewayView, ProviderView } from './policy/gateway-view.ts';

export { summarize, type SummarizeOptions } from './metrics/summarize.ts';
export { buildResults } from './metrics/results.ts';
export { references, oracleDecisions, singleModelDecisions } from './metrics/references.ts';
export { pairedComparison } from './metrics/paired.ts';
export { paretoFrontier } from './metrics/pareto.ts';
export { pgr, apgr, cpt, aiq } from './metrics/curves.ts';
export { sweep, type SweepOptions } from './evaluate/sweep.ts';
export { evaluateRouting, evaluateRoutingOnSplit } from './evaluate/learned-comparison.ts';
export type {
  ReplayResults,
  RunResult,
  SweepResults,
  SweepPoint,
  QualityStats,
  CostStats,
  LatencyStats,
  RunError,
} from './metrics/types.ts';

export { builtinPolicies, builtinRegistry } from '../policies/index.ts';

export { trainRouter, type TrainOptions, type TrainResult } from './learn/train.ts';
export { writeReport, type WrittenReport } from './report/write-report.ts';
export { describeRunError } from './report/text/run-error.ts';
export type { ReportInputs, CalibrationResults } from './report/inputs/types.ts';
