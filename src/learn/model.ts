/**
 * The quality predictor network: input → (hidden ReLU layers) → one logit per candidate model.
 * `--arch logistic` has no hidden layer (one logistic regression per model sharing the features).
 * Outputs are logits; the sigmoid and the calibration are applied outside, so temperature scaling
 * works on the logits and the saved network stays a plain tf.layers model.
 */
import * as tf from '@tensorflow/tfjs';

export type Arch = 'mlp' | 'logistic';

export interface NetworkSpec {
  readonly arch: Arch;
  readonly inputDim: number;
  readonly outputs: number;
  /** Hidden layer widths (mlp only; one or two layers). */
  readonly hidden: readonly number[];
  readonly dropout: number;
}

/** A sequential network with seeded Glorot initialisation (same seed ⇒ same initial weights). */
export function buildNetwork(spec: NetworkSpec, seed: number): tf.Sequential {
  const net = tf.sequential();
  const widths = spec.arch === 'mlp' ? spec.hidden : [];
  widths.forEach((units, i) => {
    net.add(
      tf.layers.dense({
        ...(i === 0 ? { inputShape: [spec.inputDim] } : {}),
        units,
        activation: 'relu',
        name: `hidden_${i + 1}`,
        kernelInitializer: tf.initializers.glorotUniform({ seed: seed + i }),
      }),
    );
  });
  net.add(
    tf.layers.dense({
      ...(widths.length === 0 ? { inputShape: [spec.inputDim] } : {}),
      units: spec.outputs,
      activation: 'linear',
      name: 'logits',
      kernelInitializer: tf.initializers.glorotUniform({ seed: seed + 100 }),
    }),
  );
  return net;
}

/** Weights of every dense layer as plain arrays: kernel row-major [in × out], bias [out], ReLU or not. */
export interface DenseWeights {
  readonly inDim: number;
  readonly outDim: number;
  readonly kernel: Float32Array;
  readonly bias: Float32Array;
  readonly relu: boolean;
}

export function extractWeights(net: tf.LayersModel): DenseWeights[] {
  return net.layers.map((layer) => {
    const [k, b] = layer.getWeights();
    const shape = k!.shape as [number, number];
    return {
      inDim: shape[0],
      outDim: shape[1],
      kernel: k!.dataSync() as Float32Array,
      bias: b!.dataSync() as Float32Array,
      relu: (layer.getConfig().activation as string) === 'relu',
    };
  });
}
