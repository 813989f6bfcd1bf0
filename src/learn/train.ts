import type * as tf from '@tensorflow/tfjs';
import { ConfigError } from '../core/errors.ts';
import { VERSION } from '../core/version.ts';
import type { PriceTable } from '../traces/price-types.ts';
import type { Trace } from '../traces/trace.ts';
import { useBackend, type BackendChoice, type BackendName } from './backend.ts';
import { applyCalibration, fitCalibration, type CalibrationType } from './calibrate.ts';
import { perModelMetrics, type ProbabilityMetrics } from './probability-metrics.ts';
import type { FeatureOptions } from './features/fit-features.ts';
import { fitFeaturizer } from './features/fit-features.ts';
import { traceFeatureInput } from './features/input.ts';
import { featurizeAll } from './features/sparse-matrix.ts';
import { fitNetwork, type FitOptions, type FitReport } from './fit.ts';
import { fitLinear } from './fit-linear.ts';
import { linearNetwork } from './linear-network.ts';
import { buildLabels, detectLabelMode, outcomeMatrix, type LabelMode } from './labels.ts';
import type { Manifest } from './manifest.ts';
import { buildNetwork, extractWeights, type Arch } from './model.ts';
import { saveModelDir } from './model-dir.ts';
import { predictLogits } from './predictor.ts';
import { calibrateLambda, type CalibrationSet, type RouteTarget } from './route.ts';
import { modelCosts } from './model-costs.ts';
import { blend, fitKnnBlend, KNN_K } from './knn-blend.ts';
import { knnStoreSizes } from './knn-store-file.ts';
import { splitRequests } from '../traces/split-requests.ts';
import { traceSha256 } from './trace-hash.ts';

export interface TrainOptions extends FeatureOptions, Partial<Omit<FitOptions, 'onEpoch' | 'seed'>> {
  readonly seed?: number;
  readonly arch?: Arch;
  /** logistic: ranking-term weights β tried on validation besides 0 (default [1]; [] = independent heads). */
  readonly pairWeights?: readonly number[];
  /** Blend weights with knn tried on the calibration split besides 0 (default knn-blend.ts; [] = no blend). */
  readonly knnWeights?: readonly number[];
  readonly hidden?: readonly number[];
  /** Candidate models (default: every model of the trace). */
  readonly models?: readonly string[];
  readonly labelMode?: LabelMode | 'auto';
  /** Quality ≥ threshold counts as a success in binary mode (default 0.5). */
  readonly threshold?: number;
  readonly calibration?: CalibrationType;
  readonly target?: RouteTarget;
  /** Train / calibration shares; the test split gets the rest (default 0.6 / 0.2). */
  readonly fractions?: readonly [number, number];
  readonly backend?: BackendChoice;
  readonly prices?: PriceTable;
  /** Where to save the model directory; nothing is written when absent. */
  readonly out?: string;
  readonly onEpoch?: (epoch: number, epochs: number, loss: number) => void;
}

export interface ModelEvaluation {
  readonly model: string;
  readonly raw: ProbabilityMetrics;
  readonly calibrated: ProbabilityMetrics;
}

export interface TrainResult {
  readonly dir?: string;
  readonly manifest: Manifest;
  /** Request indices of each part, in trace order. */
  readonly split: { readonly train: Uint32Array; readonly calibration: Uint32Array; readonly test: Uint32Array };
  readonly backend: BackendName;
  readonly metrics: readonly ModelEvaluation[];
}

function candidateCodes(trace: Trace, models: readonly string[] | undefined): number[] {
  if (!models) return trace.modelNames.map((_, i) => i);
  const missing = models.filter((m) => !trace.modelNames.includes(m));
  if (missing.length)
    throw new ConfigError(`--models: ${missing.join(', ')} not in the trace; it has ${trace.modelNames.join(', ')}`);
  if (models.length < 2)
    throw new ConfigError(`--models: expected at least two candidate models, got ${models.length}`);
  return models.map((m) => trace.modelNames.indexOf(m));
}

export async function trainRouter(trace: Trace, options: TrainOptions = {}): Promise<TrainResult> {
  const seed = options.seed ?? 0;
  const arch = options.arch ?? 'mlp';
  const codes = candidateCodes(trace, options.models);
  const models = codes.map((c) => trace.modelNames[c]!);
  const M = models.length;
  if (
    !trace.prompts.some((p) => p !== undefined) &&
    !options.tagColumns?.length &&
    !options.embeddingColumn &&
    !options.embeddingFile
  ) {
    throw new ConfigError(
      `${trace.sources[0] ?? 'trace'}: expected prompts (or --tags / --embeddings) to learn from, got none`,
    );
  }
  const [ft, fc] = options.fractions ?? [0.6, 0.2];
  if (!(ft > 0) || !(fc >= 0) || ft + fc >= 1)
    throw new ConfigError(`split: expected train > 0, calibration ≥ 0 and train + calibration < 1, got ${ft}/${fc}`);
  const [trainRequests, calibrationRequests, testRequests] = splitRequests(trace, [ft, fc], seed);
  const split = { train: trainRequests!, calibration: calibrationRequests!, test: testRequests! };
  if (split.train.length < 10 || split.calibration.length < 5 || split.test.length < 5) {
    const sizes = `${split.train.length}/${split.calibration.length}/${split.test.length}`;
    throw new ConfigError(
      `${trace.sources[0] ?? 'trace'}: expected enough requests for train/calibration/test splits, got ${sizes}`,
    );
  }
  const backend = await useBackend(options.backend ?? 'auto');
  const inputs = (rs: Uint32Array) => Array.from(rs, (r) => traceFeatureInput(trace, r));
  const trainIn = inputs(split.train),
    calIn = inputs(split.calibration),
    testIn = inputs(split.test);
  const featurizer = fitFeaturizer(trainIn, options);

  const mode = options.labelMode && options.labelMode !== 'auto' ? options.labelMode : detectLabelMode(trace);
  const threshold = options.threshold ?? 0.5;
  const { costUsd: modelCostUsd, source: costSource } = modelCosts(trace, split.train, codes, options.prices);

  const spec = {
    arch,
    inputDim: featurizer.dim,
    outputs: M,
    hidden: [...(options.hidden ?? [64])],
    dropout: arch === 'mlp' ? (options.dropout ?? 0.2) : 0,
  };
  const x = featurizeAll(featurizer, trainIn);
  const trainLabels = buildLabels(trace, split.train, codes, mode, threshold);
  const validationShare = options.validationShare ?? 0.15;
  const classWeight = options.classWeight ?? 'none';
  let net: tf.LayersModel, fitReport: FitReport;
  // Which linear head validation chose (recorded in the manifest; the saved layer is the same either way).
  let head: { head: string; pairWeight: number } | undefined;
  if (arch === 'logistic') {
    // The sparse L-BFGS path: no dense batches, the L2 strength chosen on validation (linear/fit-linear.ts).
    const fit = fitLinear(x, trainLabels, M, {
      validationShare,
      classWeight,
      seed,
      modelCostUsd,
      ...(options.pairWeights ? { pairWeights: options.pairWeights } : {}),
      ...(options.l2 !== undefined ? { l2: options.l2 } : {}),
      ...(options.onEpoch ? { onEpoch: options.onEpoch } : {}),
    });
    net = linearNetwork(spec, fit.kernel, fit.bias);
    fitReport = fit.report;
    head = { head: fit.rank > 0 ? `low-rank-${fit.rank}` : 'sigmoid', pairWeight: fit.pairWeight };
  } else {
    net = buildNetwork(spec, seed);
    fitReport = await fitNetwork(net, x, trainLabels, M, {
      epochs: options.epochs ?? 30,
      batchSize: options.batchSize ?? 64,
      learningRate: options.learningRate ?? 1e-3,
      patience: options.patience ?? 4,
      validationShare,
      dropout: spec.dropout,
      l2: options.l2 ?? 1e-6,
      classWeight,
      seed,
      onEpoch: options.onEpoch,
    });
  }
  const layers = extractWeights(net);

  const calLabels = buildLabels(trace, split.calibration, codes, mode, threshold);
  const calLogits = predictLogits(featurizer, layers, calIn);
  const calibration = fitCalibration(options.calibration ?? 'temperature', calLogits, calLabels.y, calLabels.mask, M);
  const prob = (logits: Float64Array): Float64Array => logits.map((z, k) => applyCalibration(calibration, k % M, z));
  const calOutcomes = outcomeMatrix(trace, split.calibration, codes);
  const knn = fitKnnBlend(trace, split, codes, prob(calLogits), modelCostUsd, options.knnWeights);
  const calibrationSet: CalibrationSet = {
    models,
    prob: knn.weight > 0 ? blend(prob(calLogits), knn.calibrationKnn, knn.weight) : prob(calLogits),
    quality: calOutcomes.quality,
    costUsd: calOutcomes.costUsd,
  };
  const target = options.target ?? { type: 'lambda', lambda: 0 };
  const routed = calibrateLambda(calibrationSet, modelCostUsd, target);

  // Held-out probability metrics: labels binarised at the threshold so AUC/ECE mean the same in both modes.
  const testLabels = buildLabels(trace, split.test, codes, 'binary', mode === 'binary' ? 0.5 : threshold);
  const testLogits = predictLogits(featurizer, layers, testIn);
  const raw = perModelMetrics(
    testLogits.map((z) => 1 / (1 + Math.exp(-z))),
    testLabels.y,
    testLabels.mask,
    M,
  );
  const cal = perModelMetrics(prob(testLogits), testLabels.y, testLabels.mask, M);
  const metrics = models.map((model, m) => ({ model, raw: raw[m]!, calibrated: cal[m]! }));

  const manifestBase: Omit<Manifest, 'files'> = {
    routelab: VERSION,
    format: 1,
    seed,
    backend,
    trainingData: {
      sources: [...trace.sources],
      sha256: traceSha256(trace),
      requests: { train: split.train.length, calibration: split.calibration.length, test: split.test.length },
    },
    models,
    modelCostUsd,
    costSource,
    prices: options.prices
      ? options.prices.entries.filter((e) => models.includes(e.model)).map((e) => ({ ...e }))
      : null,
    labels: { mode, threshold },
    network: spec,
    features: {
      ...featurizer.config,
      prefixes: { ...featurizer.config.prefixes },
      categorical: featurizer.config.categorical.map((c) => ({ column: c.column, values: [...c.values] })),
      structure: [...featurizer.config.structure],
    },
    calibration: calibration as Manifest['calibration'],
    route: { target, lambda: routed.lambda },
    calibrationRequests: split.calibration.length,
    fit: {
      ...fitReport,
      trainLoss: [...fitReport.trainLoss],
      validationLoss: [...fitReport.validationLoss],
      positiveWeights: [...fitReport.positiveWeights],
      ...head,
    },
    evaluation: {
      models: metrics.map((e) => ({
        model: e.model,
        auc: e.calibrated.auc,
        brier: e.calibrated.brier,
        ece: e.calibrated.ece,
        eceRaw: e.raw.ece,
        brierRaw: e.raw.brier,
      })),
      calibrationSplit: {
        costUsd: routed.costUsd,
        quality: routed.quality,
        share: Object.fromEntries(models.map((m, i) => [m, routed.share[i]!])),
        targetMet: routed.met,
      },
    },
    ...(knn.store ? { knn: { weight: knn.weight, k: KNN_K, ...knnStoreSizes(knn.store) } } : {}),
  };
  let manifest: Manifest;
  if (options.out)
    manifest = await saveModelDir(options.out, {
      net,
      idf: featurizer.idf,
      calibrationSet,
      manifest: manifestBase,
      ...(knn.store ? { knn: knn.store } : {}),
    });
  else manifest = { ...manifestBase, files: {} };
  net.dispose();
  return { ...(options.out ? { dir: options.out } : {}), manifest, split, backend, metrics };
}
