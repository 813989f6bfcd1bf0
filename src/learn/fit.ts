/**
 * The training loop: our own seeded shuffling and dropout masks (tfjs's fit() would shuffle with
 * Math.random), a masked and optionally class-weighted binary cross-entropy on logits, Adam, and
 * early stopping on a validation part of the training split with the best weights restored.
 */
import * as tf from '@tensorflow/tfjs';
import { createRng } from '../core/rng.ts';
import { densify, type SparseMatrix } from './features/sparse-matrix.ts';
import type { Labels } from './labels.ts';

export interface FitOptions {
  readonly epochs: number;
  readonly batchSize: number;
  readonly learningRate: number;
  /** Stop after this many epochs without a better validation loss. */
  readonly patience: number;
  /** Share of the training rows held out for early stopping. */
  readonly validationShare: number;
  readonly dropout: number;
  /** L2 penalty on every kernel, added to the mean loss. */
  readonly l2: number;
  /** 'balanced' weighs each model's positives by negatives/positives (capped at 20). */
  readonly classWeight: 'none' | 'balanced';
  readonly seed: number;
  readonly onEpoch?: (epoch: number, epochs: number, loss: number) => void;
}

export interface FitReport {
  readonly epochsRun: number;
  readonly bestEpoch: number;
  readonly trainLoss: readonly number[];
  readonly validationLoss: readonly number[];
  readonly positiveWeights: readonly number[];
}

/** Per-model positive weights: 1, or negatives/positives of the known labels (capped, ≥ 1/20). */
export function positiveWeights(
  labels: Labels,
  rows: ArrayLike<number>,
  M: number,
  mode: 'none' | 'balanced',
): number[] {
  const w = new Array<number>(M).fill(1);
  if (mode === 'none') return w;
  for (let m = 0; m < M; m++) {
    let pos = 0,
      n = 0;
    for (let i = 0; i < rows.length; i++) {
      const k = rows[i]! * M + m;
      if (labels.mask[k] === 1) {
        n++;
        pos += labels.y[k]!;
      }
    }
    w[m] = pos > 0 && pos < n ? Math.min(20, Math.max(1 / 20, (n - pos) / pos)) : 1;
  }
  return w;
}

function maskedLoss(logits: tf.Tensor2D, y: tf.Tensor2D, mask: tf.Tensor2D, posWeight: tf.Tensor1D): tf.Scalar {
  // w·y·softplus(−z) + (1−y)·softplus(z) is the weighted BCE of sigmoid(z), stable for large |z|.
  const pos = tf.mul(tf.mul(y, posWeight), tf.softplus(tf.neg(logits)));
  const neg = tf.mul(tf.sub(1, y), tf.softplus(logits));
  const per = tf.mul(tf.add(pos, neg), mask);
  return tf.div(tf.sum(per), tf.maximum(tf.sum(mask), 1)) as tf.Scalar;
}

function forward(net: tf.LayersModel, x: tf.Tensor2D, dropMasks: tf.Tensor2D[] | undefined): tf.Tensor2D {
  let h: tf.Tensor2D = x;
  net.layers.forEach((layer, i) => {
    h = layer.apply(h) as tf.Tensor2D;
    if (dropMasks && i < net.layers.length - 1) h = tf.mul(h, dropMasks[i]!);
  });
  return h;
}

function batchTensors(
  x: SparseMatrix,
  labels: Labels,
  M: number,
  rows: Uint32Array,
): [tf.Tensor2D, tf.Tensor2D, tf.Tensor2D] {
  const d = x.hashedDim + x.extrasDim;
  const y = new Float32Array(rows.length * M);
  const mask = new Float32Array(rows.length * M);
  rows.forEach((r, i) => {
    y.set(labels.y.subarray(r * M, (r + 1) * M), i * M);
    mask.set(labels.mask.subarray(r * M, (r + 1) * M), i * M);
  });
  return [
    tf.tensor2d(densify(x, rows), [rows.length, d]),
    tf.tensor2d(y, [rows.length, M]),
    tf.tensor2d(mask, [rows.length, M]),
  ];
}

/** Trains `net` in place on the rows of `x` (labels row-aligned with x) and returns the loss history. */
export async function fitNetwork(
  net: tf.LayersModel,
  x: SparseMatrix,
  labels: Labels,
  M: number,
  opts: FitOptions,
): Promise<FitReport> {
  const rng = createRng(opts.seed);
  const order = Uint32Array.from({ length: x.rows }, (_, i) => i);
  for (let i = order.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  const nVal = x.rows >= 20 ? Math.max(1, Math.round(x.rows * opts.validationShare)) : 0;
  const valRows = order.slice(0, nVal);
  const trainRows = order.slice(nVal);
  const pw = positiveWeights(labels, trainRows, M, opts.classWeight);
  const posWeight = tf.tensor1d(pw);
  const optimizer = tf.train.adam(opts.learningRate);
  // getWeights() hands out the variables themselves (not copies), so the penalty is differentiable.
  const kernels = net.layers.map((l) => l.getWeights()[0]!);
  const trainable = net.trainableWeights.map((w) => w.read() as tf.Variable);
  const hiddenWidths = net.layers.slice(0, -1).map((l) => (l.outputShape as number[])[1]!);

  const trainLoss: number[] = [];
  const validationLoss: number[] = [];
  let best = Infinity,
    bestEpoch = 0,
    bestWeights: tf.Tensor[] | undefined;
  for (let epoch = 1; epoch <= opts.epochs; epoch++) {
    for (let i = trainRows.length - 1; i > 0; i--) {
      const j = rng.int(i + 1);
      [trainRows[i], trainRows[j]] = [trainRows[j]!, trainRows[i]!];
    }
    let sum = 0,
      batches = 0;
    for (let s = 0; s < trainRows.length; s += opts.batchSize) {
      const rows = trainRows.subarray(s, s + opts.batchSize);
      const [xb, yb, mb] = batchTensors(x, labels, M, rows);
      const keep = 1 - opts.dropout;
      const masks =
        opts.dropout > 0
          ? hiddenWidths.map((w) => {
              const a = new Float32Array(rows.length * w);
              for (let k = 0; k < a.length; k++) a[k] = rng.next() < keep ? 1 / keep : 0;
              return tf.tensor2d(a, [rows.length, w]);
            })
          : undefined;
      const loss = optimizer.minimize(
        () => {
          const base = maskedLoss(forward(net, xb, masks), yb, mb, posWeight);
          if (opts.l2 <= 0) return base;
          const penalty = tf.addN(kernels.map((k) => tf.sum(tf.square(k))));
          return tf.add(base, tf.mul(opts.l2, penalty)) as tf.Scalar;
        },
        true,
        trainable,
      );
      sum += (await loss!.data())[0]!;
      batches++;
      tf.dispose([xb, yb, mb, loss!, ...(masks ?? [])]);
    }
    trainLoss.push(sum / Math.max(1, batches));
    let val = trainLoss[trainLoss.length - 1]!;
    if (nVal > 0) {
      const [xv, yv, mv] = batchTensors(x, labels, M, valRows);
      const l = tf.tidy(() => maskedLoss(forward(net, xv, undefined), yv, mv, posWeight));
      val = (await l.data())[0]!;
      tf.dispose([xv, yv, mv, l]);
    }
    validationLoss.push(val);
    opts.onEpoch?.(epoch, opts.epochs, val);
    if (val < best - 1e-6) {
      best = val;
      bestEpoch = epoch;
      tf.dispose(bestWeights ?? []);
      bestWeights = net.getWeights().map((w) => w.clone());
    } else if (epoch - bestEpoch >= opts.patience) break;
  }
  if (bestWeights) {
    net.setWeights(bestWeights);
    tf.dispose(bestWeights);
  }
  posWeight.dispose();
  optimizer.dispose();
  return { epochsRun: trainLoss.length, bestEpoch, trainLoss, validationLoss, positiveWeights: pw };
}
