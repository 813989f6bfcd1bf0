/**
 * Learned-router benchmark: training time per epoch and batched inference throughput on 50k synthetic
 * requests, on the wasm and the pure-JS cpu TF.js backends in the same run, plus the sparse plain-TS
 * forward pass the `learned:` policy uses, and a hybrid (sparse first layer in TS, the small dense rest in
 * TF.js). Inference figures are the best of 3 passes. Prints figures and ratios; asserts nothing.
 *
 *   npx tsx bench/learn-backends.ts [requests=50000] [hashBits=14] [--inference-only]
 */
import * as tf from '@tensorflow/tfjs';
import { createRng } from '../src/core/rng.ts';
import { useBackend, type BackendName } from '../src/learn/backend.ts';
import { fitFeaturizer } from '../src/learn/features/fit-features.ts';
import type { SparseFeatures } from '../src/learn/features/featurizer.ts';
import type { FeatureInput } from '../src/learn/features/input.ts';
import { densify, featurizeAll } from '../src/learn/features/sparse-matrix.ts';
import { fitNetwork } from '../src/learn/fit.ts';
import { buildNetwork, extractWeights, type Arch } from '../src/learn/model.ts';
import { firstLayerSparse, forwardSparse, networkPredictor } from '../src/learn/predictor.ts';

const args = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const N = Number(args[0] ?? 50_000);
const hashBits = Number(args[1] ?? 14);
const train = !process.argv.includes('--inference-only');
const TARGET = 100_000;
const M = 4;
const CPU_TRAIN_ROWS = 2_000;

const rng = createRng(42);
const words =
  'apple river blue window garden music paper stone integral solve proof story poem code function sum'.split(' ');
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

const rate = (n: number, ms: number): string => `${Math.round(n / (ms / 1000)).toLocaleString('en-US')} requests/s`;
/** Shortest of 3 runs of `fn`, in ms: the machine is shared, the minimum is the least disturbed run. */
async function best3(fn: () => unknown): Promise<number> {
  let ms = Infinity;
  for (let r = 0; r < 3; r++) {
    const t0 = performance.now();
    await fn();
    ms = Math.min(ms, performance.now() - t0);
  }
  return ms;
}

let t = performance.now();
const featurizer = fitFeaturizer(inputs, { hashBits });
const fitMs = performance.now() - t;
const x = featurizeAll(featurizer, inputs);
console.log(
  `${N} requests, ${featurizer.dim} features (2^${hashBits} hashed + ${featurizer.extrasDim}), ` +
    `${(x.indices.length / N).toFixed(0)} non-zeros/request`,
);
const transformMs = await best3(() => featurizeAll(featurizer, inputs));
console.log(`featurise: fit ${rate(N, fitMs)}, transform ${rate(N, transformMs)}`);

interface Figures {
  readonly epochMs: number | undefined;
  /** Requests/s: dense TF.js on densified batches; sparse TS first layer + TF.js for the rest (mlp). */
  readonly dense: number;
  readonly hybrid: number | undefined;
}

/** Features of rows [a, b) of `x`, one row at a time, as the forward pass sees them. */
function eachRow(a: number, b: number, visit: (i: number, sf: SparseFeatures) => void): void {
  const sf: SparseFeatures = {
    indices: x.indices,
    values: x.values,
    nnz: 0,
    extras: new Float32Array(featurizer.extrasDim),
  };
  for (let i = a; i < b; i++) {
    const s = x.rowStart[i]!,
      e = x.rowStart[i + 1]!;
    sf.indices = x.indices.subarray(s, e);
    sf.values = x.values.subarray(s, e);
    sf.nnz = e - s;
    sf.extras.set(x.extras.subarray(i * featurizer.extrasDim, (i + 1) * featurizer.extrasDim));
    visit(i, sf);
  }
}

async function bench(backend: BackendName, arch: Arch): Promise<Figures> {
  await useBackend(backend);
  const spec = { arch, inputDim: featurizer.dim, outputs: M, hidden: [64], dropout: arch === 'mlp' ? 0.2 : 0 };
  const net = buildNetwork(spec, 1);
  let epochMs: number | undefined;
  if (train) {
    const rows = backend === 'cpu' ? Math.min(N, CPU_TRAIN_ROWS) : N;
    const sub = rows === N ? x : featurizeAll(featurizer, inputs.slice(0, rows));
    t = performance.now();
    await fitNetwork(net, sub, labels, M, {
      epochs: 1,
      batchSize: 256,
      learningRate: 1e-3,
      patience: 1,
      validationShare: 0,
      dropout: spec.dropout,
      l2: 0,
      classWeight: 'none',
      seed: 1,
    });
    epochMs = ((performance.now() - t) * N) / rows;
  }
  // Dense batched TF.js inference (model only: features already computed). A 1024-request batch is a
  // 64 MB input tensor, so this is measured on a subset: its cost per request does not depend on N.
  const B = 1024;
  const buf = new Float32Array(B * featurizer.dim);
  const idx = new Uint32Array(B);
  const denseRows = Math.min(N, backend === 'cpu' ? 1024 : 8192);
  const denseMs = await best3(async () => {
    for (let s = 0; s < denseRows; s += B) {
      const n = Math.min(B, denseRows - s);
      for (let i = 0; i < n; i++) idx[i] = s + i;
      const xb = tf.tensor2d(densify(x, idx.subarray(0, n), buf).subarray(0, n * featurizer.dim), [n, featurizer.dim]);
      const out = net.predict(xb, { batchSize: B }) as tf.Tensor;
      await out.data();
      tf.dispose([xb, out]);
    }
  });
  // Hybrid: the sparse first layer (an embedding bag) in TS, the 64 → M layer in TF.js, 4096 per batch.
  let hybridMs: number | undefined;
  if (arch === 'mlp') {
    const layers = extractWeights(net);
    const H = layers[0]!.outDim,
      HB = 4096;
    const hid = new Float32Array(HB * H),
      h = new Float64Array(H);
    hybridMs = await best3(async () => {
      for (let s = 0; s < N; s += HB) {
        const n = Math.min(HB, N - s);
        eachRow(s, s + n, (i, sf) => {
          firstLayerSparse(layers[0]!, featurizer.hashedDim, sf, h);
          hid.set(h, (i - s) * H);
        });
        const hb = tf.tensor2d(hid.subarray(0, n * H), [n, H]);
        const out = net.layers.slice(1).reduce((a: tf.Tensor, layer) => layer.apply(a) as tf.Tensor, hb);
        await out.data();
        tf.dispose([hb, out]);
      }
    });
  }
  net.dispose();
  return {
    epochMs,
    dense: denseRows / (denseMs / 1000),
    hybrid: hybridMs === undefined ? undefined : N / (hybridMs / 1000),
  };
}

const fmt = (r: number): string => Math.round(r).toLocaleString('en-US');
for (const arch of ['logistic', 'mlp'] as const) {
  const res: Partial<Record<BackendName, Figures>> = {};
  for (const backend of ['wasm', 'cpu'] as const) {
    const r = await bench(backend, arch);
    res[backend] = r;
    const trained =
      r.epochMs === undefined
        ? ''
        : `train ${(r.epochMs / 1000).toFixed(1)} s/epoch ` +
          `(${rate(N, r.epochMs)})${backend === 'cpu' ? ` [measured on ${CPU_TRAIN_ROWS} rows, scaled]` : ''}  `;
    const hybrid = r.hybrid === undefined ? '' : `  sparse-TS layer 1 + TF.js rest ${fmt(r.hybrid)} requests/s`;
    console.log(
      `${arch.padEnd(8)} ${backend.padEnd(4)}  ${trained}dense TF.js inference ${fmt(r.dense)} requests/s${hybrid}`,
    );
  }
  const w = res.wasm!,
    c = res.cpu!;
  const trainRatio =
    w.epochMs !== undefined && c.epochMs !== undefined ? `training ×${(c.epochMs / w.epochMs).toFixed(1)}, ` : '';
  const hybridRatio =
    w.hybrid !== undefined && c.hybrid !== undefined ? `, hybrid ×${(w.hybrid / c.hybrid).toFixed(2)}` : '';
  console.log(
    `${arch.padEnd(8)} wasm/cpu: ${trainRatio}dense inference ×${(w.dense / c.dense).toFixed(1)}${hybridRatio}`,
  );
  // The policy's path: the sparse forward pass in plain TS, one request at a time (backend-independent).
  await useBackend('wasm');
  const net = buildNetwork({ arch, inputDim: featurizer.dim, outputs: M, hidden: [64], dropout: 0 }, 1);
  const layers = extractWeights(net);
  const predictor = networkPredictor(['a', 'b', 'c', 'd'], featurizer, layers, { type: 'none' });
  net.dispose();
  const logits = new Float64Array(M);
  const scratch = layers.map((l) => new Float64Array(l.outDim));
  const sparseMs = await best3(() =>
    eachRow(0, N, (_, sf) => forwardSparse(layers, featurizer.hashedDim, sf, logits, scratch)),
  );
  const sparse = N / (sparseMs / 1000);
  console.log(
    `${arch.padEnd(8)} sparse TS forward (model only): ${fmt(sparse)} requests/s = ` +
      `${(sparse / TARGET).toFixed(2)}× the ${fmt(TARGET)} target; ×${(sparse / w.dense).toFixed(0)} dense ` +
      `TF.js wasm${w.hybrid ? `, ×${(sparse / w.hybrid).toFixed(2)} hybrid wasm` : ''}`,
  );
  const q = new Float64Array(M);
  const e2eMs = await best3(() => {
    for (const r of inputs) predictor.predict(r, q);
  });
  console.log(`${arch.padEnd(8)} sparse TS predictor (features + forward, end to end): ${rate(N, e2eMs)}`);
}
