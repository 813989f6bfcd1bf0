/**
 * Learned-router benchmark: training time per epoch and batched inference throughput on 50k synthetic
 * requests, on the wasm and the pure-JS cpu TF.js backends in the same run, plus the sparse plain-TS
 * forward pass the `learned:` policy uses. Prints figures and ratios; asserts nothing.
 *
 *   npx tsx bench/learn.ts [requests=50000] [hashBits=14]
 */
import * as tf from '@tensorflow/tfjs';
import { createRng } from '../src/core/rng.ts';
import { useBackend, type BackendName } from '../src/learn/backend.ts';
import { fitFeaturizer } from '../src/learn/features/fit-features.ts';
import type { FeatureInput } from '../src/learn/features/input.ts';
import { densify, featurizeAll } from '../src/learn/features/sparse-matrix.ts';
import { fitNetwork } from '../src/learn/fit.ts';
import { buildNetwork, extractWeights, type Arch } from '../src/learn/model.ts';
import { forwardSparse, networkPredictor } from '../src/learn/predictor.ts';

const N = Number(process.argv[2] ?? 50_000);
const hashBits = Number(process.argv[3] ?? 14);
const M = 4;
const CPU_TRAIN_ROWS = 2_000;

const rng = createRng(42);
const words = 'apple river blue window garden music paper stone integral solve proof story poem code function sum'.split(' ');
const inputs: FeatureInput[] = Array.from({ length: N }, (_, i) => {
  const len = 20 + rng.int(60);
  const text = Array.from({ length: len }, () => words[rng.int(words.length)]).join(' ');
  return { id: `r${i}`, prompt: `${text} ${rng.int(1000)}?`, task: undefined, tags: {} };
});
const y = new Float32Array(N * M);
const mask = new Float32Array(N * M).fill(1);
inputs.forEach((r, i) => {
  for (let m = 0; m < M; m++) y[i * M + m] = r.prompt!.includes(words[8 + m]!) ? 1 : 0;
});
const labels = { y, mask, mode: 'binary' as const };

let t = performance.now();
const featurizer = fitFeaturizer(inputs, { hashBits });
const x = featurizeAll(featurizer, inputs);
const featMs = performance.now() - t;
console.log(`${N} requests, ${featurizer.dim} features (2^${hashBits} hashed + ${featurizer.extrasDim}), ${(x.indices.length / N).toFixed(0)} non-zeros/request`);
console.log(`featurise (fit + transform): ${featMs.toFixed(0)} ms, ${Math.round(N / (featMs / 1000)).toLocaleString('en-US')} requests/s`);

const rate = (n: number, ms: number): string => `${Math.round(n / (ms / 1000)).toLocaleString('en-US')} requests/s`;

async function bench(backend: BackendName, arch: Arch): Promise<{ epochMs: number; denseRate: number }> {
  await useBackend(backend);
  const spec = { arch, inputDim: featurizer.dim, outputs: M, hidden: [64], dropout: arch === 'mlp' ? 0.2 : 0 };
  const net = buildNetwork(spec, 1);
  const rows = backend === 'cpu' ? Math.min(N, CPU_TRAIN_ROWS) : N;
  const sub = rows === N ? x : featurizeAll(featurizer, inputs.slice(0, rows));
  t = performance.now();
  await fitNetwork(net, sub, labels, M, { epochs: 1, batchSize: 256, learningRate: 1e-3, patience: 1, validationShare: 0, dropout: spec.dropout, l2: 0, classWeight: 'none', seed: 1 });
  const epochMs = ((performance.now() - t) * N) / rows;
  // Dense batched TF.js inference (model only: features already computed).
  const B = 1024;
  const buf = new Float32Array(B * featurizer.dim);
  const idx = new Uint32Array(B);
  const predictRows = backend === 'cpu' ? Math.min(N, 8192) : N;
  t = performance.now();
  for (let s = 0; s < predictRows; s += B) {
    const n = Math.min(B, predictRows - s);
    for (let i = 0; i < n; i++) idx[i] = s + i;
    const xb = tf.tensor2d(densify(x, idx.subarray(0, n), buf).subarray(0, n * featurizer.dim), [n, featurizer.dim]);
    const out = net.predict(xb, { batchSize: B }) as tf.Tensor;
    await out.data();
    tf.dispose([xb, out]);
  }
  const denseRate = predictRows / ((performance.now() - t) / 1000);
  net.dispose();
  return { epochMs, denseRate };
}

for (const arch of ['logistic', 'mlp'] as const) {
  const res: Partial<Record<BackendName, { epochMs: number; denseRate: number }>> = {};
  for (const backend of ['wasm', 'cpu'] as const) {
    const r = await bench(backend, arch);
    res[backend] = r;
    console.log(`${arch.padEnd(8)} ${backend.padEnd(4)}  train ${(r.epochMs / 1000).toFixed(1)} s/epoch (${rate(N, r.epochMs)})${backend === 'cpu' ? ` [measured on ${CPU_TRAIN_ROWS} rows, scaled]` : ''}  dense inference ${Math.round(r.denseRate).toLocaleString('en-US')} requests/s`);
  }
  console.log(`${arch.padEnd(8)} wasm/cpu: training ×${(res.cpu!.epochMs / res.wasm!.epochMs).toFixed(1)}, dense inference ×${(res.wasm!.denseRate / res.cpu!.denseRate).toFixed(1)}`);
  // The policy's path: featurise + sparse forward in plain TS, one request at a time (backend-independent).
  await useBackend('wasm');
  const net = buildNetwork({ arch, inputDim: featurizer.dim, outputs: M, hidden: [64], dropout: 0 }, 1);
  const layers = extractWeights(net);
  const predictor = networkPredictor(['a', 'b', 'c', 'd'], featurizer, layers, { type: 'none' });
  net.dispose();
  // Model only: the sparse forward pass over features computed beforehand.
  const sf = { indices: x.indices, values: x.values, nnz: 0, extras: new Float32Array(featurizer.extrasDim) };
  const logits = new Float64Array(M);
  const scratch = layers.map((l) => new Float64Array(l.outDim));
  t = performance.now();
  for (let i = 0; i < N; i++) {
    const a = x.rowStart[i]!, b = x.rowStart[i + 1]!;
    sf.indices = x.indices.subarray(a, b);
    sf.values = x.values.subarray(a, b);
    sf.nnz = b - a;
    sf.extras.set(x.extras.subarray(i * featurizer.extrasDim, (i + 1) * featurizer.extrasDim));
    forwardSparse(layers, featurizer.hashedDim, sf, logits, scratch);
  }
  console.log(`${arch.padEnd(8)} sparse TS forward (model only): ${rate(N, performance.now() - t)}`);
  const q = new Float64Array(M);
  t = performance.now();
  for (const r of inputs) predictor.predict(r, q);
  const ms = performance.now() - t;
  console.log(`${arch.padEnd(8)} sparse TS predictor (features + forward, end to end): ${rate(N, ms)}`);
}
