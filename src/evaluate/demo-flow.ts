/**
 * The demo's evaluation of one bundled dataset, as a flow the CLI drives and prints: split it in half, pick the
 * built-ins that make sense for it, optionally train the learned router on the training half (and sweep its λ
 * and knn's), replay everything on the other half, and — for the learned router's dataset — replay the same
 * traffic turned into a production log so the off-policy estimates can be read against the truth.
 */
import { VERSION } from '../core/version.ts';
import type { TrainResult } from '../learn/train.ts';
import { buildResults } from '../metrics/results.ts';
import type { ReplayResults, SweepResults } from '../metrics/types.ts';
import { type ModelMeans, modelMeans } from '../policy/model-means.ts';
import type { PolicySpec } from '../policy/spec.ts';
import type { Policy } from '../policy/types.ts';
import { buildCatalog } from '../replay/catalog.ts';
import { replay } from '../replay/replay.ts';
import { simulateLog } from '../replay/simulate-log.ts';
import { splitByRequest } from '../replay/split.ts';
import type { Trace } from '../traces/trace.ts';
import { sweep } from './sweep.ts';

/** One reliability bin of a trained model, as the report's calibration chart reads it. */
export interface CalibrationBin {
  binLow: number;
  binHigh: number;
  meanPredicted: number;
  observed: number;
  count: number;
}

export interface DemoDatasetOptions {
  /** The dataset's name; results name it `datasets/<name>.csv.gz`. */
  readonly name: string;
  readonly seed: number;
  /** Builds the policy a spec names (the CLI passes its registry's): policies are handed down, never resolved here. */
  readonly makePolicy: (spec: string | PolicySpec) => Promise<Policy>;
  /** Train the learned router on the training half into this folder (and sweep it), or not. */
  readonly learnedDir?: string;
  /** The learner, passed in so TF.js loads only when a router is trained. */
  readonly train?: (trace: Trace, dir: string, seed: number) => Promise<TrainResult>;
  /** Told what is happening, for the CLI to print. */
  readonly onTraining?: (requests: number) => void;
  readonly onTrained?: (trained: TrainResult) => void;
}

export interface DemoDatasetResults {
  readonly results: ReplayResults;
  /** The same test half as a production log (one model per request, drawn uniformly), when the router was trained. */
  readonly asLog?: ReplayResults;
  readonly sweeps: SweepResults[];
  readonly calibration?: Record<string, CalibrationBin[]>;
}

/** The reliability bins of a trained router's held-out predictions, per model, as the report's chart reads them. */
export function calibrationBins(trained: TrainResult): Record<string, CalibrationBin[]> {
  return Object.fromEntries(
    trained.metrics.map((m) => [
      m.model,
      m.calibrated.bins
        .filter((b) => b.count > 0)
        .map((b) => ({
          binLow: b.lo,
          binHigh: b.hi,
          meanPredicted: b.meanPredicted!,
          observed: b.meanObserved!,
          count: b.count,
        })),
    ]),
  );
}

/**
 * The built-ins that make sense for a dataset: a cascade from the cheapest to the best model (a simulated judge
 * with a 10% error rate, labelled as such), `fastest` where latency exists.
 */
export function demoPolicySpecs(train: Trace, means: ModelMeans): string[] {
  const byCost = train.modelNames.map((m, i) => ({ m, c: means.costUsd[i]!, q: means.quality[i]! }));
  const known = byCost.filter((x) => !Number.isNaN(x.c)).sort((a, b) => a.c - b.c);
  const best = [...byCost].sort((a, b) => b.q - a.q)[0]!.m;
  const specs = ['random', 'best-prior', 'knn?k=20'];
  if (known.length > 0) specs.push('cheapest');
  if (known.length > 0 && known[0]!.m !== best) specs.push(`cascade:${known[0]!.m}>${best}?accept=judge&epsilon=0.1`);
  if (train.present.has('latency_ms')) specs.push('fastest');
  return specs;
}

/** Evaluates one dataset as the demo does (see the file comment). */
export async function demoDataset(trace: Trace, options: DemoDatasetOptions): Promise<DemoDatasetResults> {
  const { name, seed, makePolicy } = options;
  const { train, test } = splitByRequest(trace, 0.5, seed);
  // Per-model means on the training half, in trace model order (the catalog a replay of `train` would build).
  const means = modelMeans(train, buildCatalog(train, train, undefined));
  const specs = demoPolicySpecs(train, means);
  const sweeps: SweepResults[] = [];
  let calibration: Record<string, CalibrationBin[]> | undefined;
  const dir = options.learnedDir;
  if (dir !== undefined && options.train) {
    options.onTraining?.(train.requestCount);
    const trained = await options.train(train, dir, seed);
    options.onTrained?.(trained);
    calibration = calibrationBins(trained);
    // λ = 0 (best predicted quality), and λ calibrated to half the best model's cost per request on the
    // router's own calibration split — the trade-off a user would ask for.
    const quality = [...means.quality];
    const best = quality.indexOf(Math.max(...quality.filter((q) => !Number.isNaN(q))));
    specs.push(`learned:${dir}`, `learned:${dir}?target-cost=${(means.costUsd[best]! / 2).toPrecision(2)}`);
    sweeps.push(await sweep(test, `learned:${dir}`, 'lambda', 'auto', { seed, train, makePolicy }));
    sweeps.push(await sweep(test, 'knn?k=20', 'lambda', 'auto', { seed, train, makePolicy }));
  }
  const runs = await replay(test, await Promise.all(specs.map((s) => makePolicy(s))), { seed, train });
  const results = buildResults(test, runs, {
    seed,
    path: `datasets/${name}.csv.gz`,
    version: VERSION,
    by: 'task',
    baseline: runs[specs.indexOf('best-prior')]!,
  });
  if (dir === undefined) return { results, sweeps };
  // The same traffic as a production log would hold it — one model per request, drawn uniformly, with its
  // propensity — so the off-policy estimates can be read against the full-information truth above.
  const log = simulateLog(test, Object.fromEntries(test.modelNames.map((m) => [m, 1])), seed);
  const logged = specs.filter((spec) => !spec.startsWith('cascade:'));
  const asLog = buildResults(
    log,
    await replay(log, await Promise.all(logged.map((s) => makePolicy(s))), { seed, train }),
    {
      seed,
      path: `datasets/${name}.csv.gz (as a log: one model per request, drawn uniformly)`,
      version: VERSION,
    },
  );
  return { results, asLog, sweeps, ...(calibration ? { calibration } : {}) };
}
