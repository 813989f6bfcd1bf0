/**
 * A Predictor turns a request into calibrated P(quality ≥ threshold) per candidate model. The trained
 * one runs the network in plain TS over the sparse features (the hashed part has a few hundred
 * non-zeros out of 2^14, so skipping zeros is far cheaper than a dense matmul); `fakePredictor`
 * stands in for it in tests of the routing rule.
 */
import { LabError } from '../core/errors.ts';
import type { Calibration } from './calibrate.ts';
import { applyCalibration } from './calibrate.ts';
import type { Featurizer, SparseFeatures } from './features/featurizer.ts';
import type { FeatureInput } from './features/input.ts';
import type { DenseWeights } from './model.ts';
import { sparseAffine } from './sparse-kernel.ts';

export interface Predictor {
  readonly models: readonly string[];
  /** Writes one probability per model (order of `models`) into `out`. */
  predict(req: FeatureInput, out: Float64Array): void;
}

/** A predictor that returns fixed probabilities per request id (for tests). */
export function fakePredictor(
  models: readonly string[],
  probabilities: Readonly<Record<string, readonly number[]>>,
): Predictor {
  return {
    models,
    predict(req, out) {
      const p = probabilities[req.id];
      if (!p) throw new LabError(`fakePredictor: no probabilities for request ${req.id}`);
      for (let m = 0; m < models.length; m++) out[m] = p[m]!;
    },
  };
}

/** Raw logits of the network for one request's sparse features, into `logits`. */
export function forwardSparse(
  layers: readonly DenseWeights[],
  hashedDim: number,
  sf: SparseFeatures,
  logits: Float64Array,
  scratch: Float64Array[],
): void {
  let h = layers.length === 1 ? logits : scratch[0]!;
  firstLayerSparse(layers[0]!, hashedDim, sf, h);
  for (let l = 1; l < layers.length; l++) {
    const L = layers[l]!;
    const out = l === layers.length - 1 ? logits : scratch[l]!;
    for (let j = 0; j < L.outDim; j++) out[j] = L.bias[j]!;
    for (let i = 0; i < L.inDim; i++) {
      const v = h[i]!;
      if (v === 0) continue;
      const base = i * L.outDim;
      for (let j = 0; j < L.outDim; j++) out[j]! += v * L.kernel[base + j]!;
    }
    if (L.relu) for (let j = 0; j < L.outDim; j++) if (out[j]! < 0) out[j] = 0;
    h = out;
  }
}

/** The first layer alone (hashed non-zeros, then the dense extras, then ReLU if any) into `h`. */
export function firstLayerSparse(first: DenseWeights, hashedDim: number, sf: SparseFeatures, h: Float64Array): void {
  const o = first.outDim;
  const k1 = first.kernel;
  sparseAffine(k1, first.bias, o, sf.indices, sf.values, sf.nnz, h);
  const ex = sf.extras;
  for (let e = 0; e < ex.length; e++) {
    const v = ex[e]!;
    if (v === 0) continue;
    const base = (hashedDim + e) * o;
    for (let j = 0; j < o; j++) h[j]! += v * k1[base + j]!;
  }
  if (first.relu) for (let j = 0; j < o; j++) if (h[j]! < 0) h[j] = 0;
}

/** The trained predictor: featurise → sparse forward pass → per-model calibration. */
export function networkPredictor(
  models: readonly string[],
  featurizer: Featurizer,
  layers: readonly DenseWeights[],
  calibration: Calibration,
): Predictor {
  const sf = featurizer.createSparse();
  const scratch = layers.map((l) => new Float64Array(l.outDim));
  const logits = new Float64Array(models.length);
  return {
    models,
    predict(req, out) {
      featurizer.features(req, sf);
      forwardSparse(layers, featurizer.hashedDim, sf, logits, scratch);
      for (let m = 0; m < models.length; m++) out[m] = applyCalibration(calibration, m, logits[m]!);
    },
  };
}

/** Raw logits for many requests, row-major [inputs.length × models]. */
export function predictLogits(
  featurizer: Featurizer,
  layers: readonly DenseWeights[],
  inputs: readonly FeatureInput[],
): Float64Array {
  const M = layers[layers.length - 1]!.outDim;
  const sf = featurizer.createSparse();
  const scratch = layers.map((l) => new Float64Array(l.outDim));
  const logits = new Float64Array(M);
  const out = new Float64Array(inputs.length * M);
  inputs.forEach((req, i) => {
    featurizer.features(req, sf);
    forwardSparse(layers, featurizer.hashedDim, sf, logits, scratch);
    out.set(logits, i * M);
  });
  return out;
}
