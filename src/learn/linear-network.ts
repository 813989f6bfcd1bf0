/**
 * The sparse solver's weights as the TF.js network `--arch logistic` always saved (one dense layer,
 * input → one logit per model), so the model directory format and the `learned:` policy are unchanged.
 */
import * as tf from '@tensorflow/tfjs';
import { buildNetwork, type NetworkSpec } from './model.ts';

/** A logistic network carrying `kernel` (row-major [inputDim × outputs]) and `bias`. */
export function linearNetwork(spec: NetworkSpec, kernel: Float32Array, bias: Float32Array): tf.Sequential {
  const net = buildNetwork({ ...spec, arch: 'logistic', hidden: [] }, 0);
  const k = tf.tensor2d(kernel, [spec.inputDim, spec.outputs]);
  const b = tf.tensor1d(bias);
  net.setWeights([k, b]);
  tf.dispose([k, b]);
  return net;
}
