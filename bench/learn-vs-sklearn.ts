/**
 * Where `routelab train` spends its time, phase by phase, beside scikit-learn's TF-IDF (word 1–2-grams) +
 * LogisticRegression fitted on the SAME split in the same run (bench/learn_sklearn.py):
 *   read → featurise (fit IDF + CSR matrix) → fit (TF.js epochs, or the sparse linear solver) → calibration
 *   → held-out AUC → held-out routing comparison (with the knn part timed on its own, at two training sizes,
 *   to show how it scales).
 * Peak memory is the process's max RSS after each phase (it only grows). Wall times on a shared 2-core
 * machine: compare the ratios of one run, not figures across runs.
 *
 *   npx tsx bench/learn-vs-sklearn.ts [trace=datasets/routellm-mmlu.csv.gz] [--tfjs-epochs=3] [--no-tfjs]
 *       [--no-routing] [--cli]   (--cli also times the whole `routelab train --arch logistic` command)
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadTrace } from '../src/cli/load.ts';
import { useBackend } from '../src/learn/backend.ts';
import { fitCalibration } from '../src/learn/calibrate.ts';
import { perModelMetrics } from '../src/learn/probability-metrics.ts';
import { builtinRegistry } from '../policies/index.ts';
import { evaluateRoutingOnSplit } from '../src/evaluate/learned-comparison.ts';
import { policyMaker } from '../src/policy/resolve-policy.ts';
import { fitFeaturizer } from '../src/learn/features/fit-features.ts';
import { traceFeatureInput } from '../src/learn/features/input.ts';
import { featurizeAll } from '../src/learn/features/sparse-matrix.ts';
import { fitNetwork } from '../src/learn/fit.ts';
import { buildLabels } from '../src/learn/labels.ts';
import { fitLinear } from '../src/learn/fit-linear.ts';
import { buildNetwork, extractWeights } from '../src/learn/model.ts';
import { predictLogits } from '../src/learn/predictor.ts';
import { splitRequests } from '../src/traces/split-requests.ts';
import { trainRouter } from '../src/learn/train.ts';
import { replay } from '../src/replay/replay.ts';
import { subsetTrace } from '../src/replay/subset-trace.ts';
import { knnPolicy } from '../policies/knn.ts';
import { sklearnReference } from './sklearn-reference.ts';

const argv = process.argv.slice(2);
const flag = (name: string) => argv.includes(`--${name}`);
const opt = (name: string, dflt: number) => Number(argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? dflt);
const path = argv.find((a) => !a.startsWith('--')) ?? 'datasets/routellm-mmlu.csv.gz';
const tfjsEpochs = opt('tfjs-epochs', 3);

const peakMb = () => process.resourceUsage().maxRSS / 1024;
const rows: string[][] = [];
let t0 = performance.now();
let c0 = process.cpuUsage();
const cpuS = () => {
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / 1e6;
};
function phase(name: string, detail = ''): number {
  const ms = performance.now() - t0;
  rows.push([name, (ms / 1000).toFixed(2), cpuS().toFixed(2), peakMb().toFixed(0), detail]);
  t0 = performance.now();
  c0 = process.cpuUsage();
  return ms;
}

const { trace, prices } = await loadTrace([path], {});
phase('read trace', `${trace.requestCount} requests × ${trace.modelNames.length} models`);
const [trainPart, calibrationPart, testPart] = splitRequests(trace, [0.6, 0.2], 0);
const split = { train: trainPart!, calibration: calibrationPart!, test: testPart! };
const codes = trace.modelNames.map((_, i) => i);
const M = codes.length;
const inputsOf = (rs: Uint32Array) => Array.from(rs, (r) => traceFeatureInput(trace, r));
const [trainIn, calIn, testIn] = [inputsOf(split.train), inputsOf(split.calibration), inputsOf(split.test)];
const featurizer = fitFeaturizer(trainIn);
const x = featurizeAll(featurizer, trainIn);
const csrMb = (x.indices.byteLength + x.values.byteLength + x.rowStart.byteLength) / 2 ** 20;
phase(
  'featurise train (IDF + CSR)',
  `${x.rows} rows, ${(x.indices.length / x.rows).toFixed(0)} nnz/row, CSR ${csrMb.toFixed(1)} MB`,
);
const labels = buildLabels(trace, split.train, codes, 'binary');
const calLabels = buildLabels(trace, split.calibration, codes, 'binary');
const testLabels = buildLabels(trace, split.test, codes, 'binary');
const aucs = (logits: Float64Array) =>
  perModelMetrics(
    logits.map((z) => 1 / (1 + Math.exp(-z))),
    testLabels.y,
    testLabels.mask,
    M,
  ).map((m) => m.auc ?? NaN);

const linear = fitLinear(x, labels, M, { validationShare: 0.15, classWeight: 'none', seed: 0 });
const linearFitCpuS = cpuS();
const linearFitMs = phase(
  'sparse L-BFGS logistic fit (L2 path + refit)',
  `${linear.evaluations} passes over the non-zeros, ${linear.report.epochsRun - 1} L2 values tried, chose ${linear.l2}`,
);
const linearLayers = [
  { inDim: featurizer.dim, outDim: M, kernel: linear.kernel, bias: linear.bias, relu: false },
] as const;
const linearCal = predictLogits(featurizer, linearLayers, calIn);
fitCalibration('temperature', linearCal, calLabels.y, calLabels.mask, M);
phase('calibration (featurise + predict + temperature)');
const linearAuc = aucs(predictLogits(featurizer, linearLayers, testIn));
phase('held-out AUC (featurise + predict test)');

let tfjsAuc: number[] | undefined;
if (!flag('no-tfjs')) {
  await useBackend('auto');
  const net = buildNetwork({ arch: 'logistic', inputDim: featurizer.dim, outputs: M, hidden: [], dropout: 0 }, 0);
  phase('TF.js backend + network');
  const epochMs: number[] = [];
  let e0 = performance.now();
  await fitNetwork(net, x, labels, M, {
    epochs: tfjsEpochs,
    batchSize: 64,
    learningRate: 5e-3,
    patience: 4,
    validationShare: 0.15,
    dropout: 0,
    l2: 1e-6,
    classWeight: 'none',
    seed: 0,
    onEpoch: () => {
      epochMs.push(performance.now() - e0);
      e0 = performance.now();
    },
  });
  epochMs.forEach((ms, i) => rows.push([`  TF.js logistic epoch ${i + 1}`, (ms / 1000).toFixed(2), '', '', '']));
  phase(`TF.js logistic fit (${tfjsEpochs} epochs)`, `default runs up to 30 epochs (patience 4)`);
  const layers = extractWeights(net);
  net.dispose();
  const calLogits = predictLogits(featurizer, layers, calIn);
  fitCalibration('temperature', calLogits, calLabels.y, calLabels.mask, M);
  phase('calibration (featurise + predict + temperature)');
  tfjsAuc = aucs(predictLogits(featurizer, layers, testIn));
  phase('held-out AUC (featurise + predict test)');
}

let routingMs: number | undefined;
if (!flag('no-routing')) {
  const dir = mkdtempSync(join(tmpdir(), 'routelab-bench-'));
  const trained = await trainRouter(trace, { arch: 'logistic', out: join(dir, 'm'), seed: 0, prices });
  phase('(setup: trainRouter --arch logistic, a model dir for the comparison)');
  await evaluateRoutingOnSplit(trace, join(dir, 'm'), trained.manifest, trained.split, {
    seed: 0,
    makePolicy: policyMaker(builtinRegistry()),
  });
  routingMs = phase(
    'held-out routing comparison',
    '1 + 1 + 25 + 25 learned/best-prior runs, 25 knn runs (shared search)',
  );
  const test = subsetTrace(trace, split.test);
  const seen = subsetTrace(trace, Uint32Array.from([...split.train, ...split.calibration]).sort());
  const half = subsetTrace(trace, split.train.subarray(0, split.train.length >> 1));
  await replay(test, [knnPolicy(10, 0, 65536)], { seed: 0, train: half });
  const halfMs = phase('  one knn run, train = ½ train split', `${half.requestCount} training prompts`);
  await replay(test, [knnPolicy(10, 0, 65536)], { seed: 0, train: seen });
  const fullMs = phase('  one knn run, train = train ∪ calibration', `${seen.requestCount} training prompts`);
  rows[rows.length - 1]![4] +=
    `; ×${(fullMs / halfMs).toFixed(2)} for ×${(seen.requestCount / half.requestCount).toFixed(2)} prompts`;
  rmSync(dir, { recursive: true, force: true });
}

// scikit-learn on the same split.
const ref = sklearnReference(trace, split, codes);
const sk = typeof ref === 'string' ? undefined : ref;

console.log(
  `${path}: ${trace.requestCount} requests; ` +
    `split ${split.train.length}/${split.calibration.length}/${split.test.length}`,
);
console.log(
  'Wall and CPU seconds of this process on a shared 2-core machine (other agents running); peak RSS so far.\n',
);
const w = [48, 8, 8, 9];
console.log(
  `${'phase'.padEnd(w[0]!)}${'wall s'.padStart(w[1]!)}${'CPU s'.padStart(w[2]!)}${'peak MB'.padStart(w[3]!)}  detail`,
);
for (const [a, b, c, d, e] of rows)
  console.log(`${a!.padEnd(w[0]!)}${b!.padStart(w[1]!)}${c!.padStart(w[2]!)}${d!.padStart(w[3]!)}  ${e}`);
const f3 = (a: readonly (number | null)[] | undefined) =>
  a ? a.map((v) => (v === null ? '–' : v.toFixed(3))).join(' / ') : '–';
console.log(`\nmodels: ${trace.modelNames.join(' / ')}`);
console.log(`held-out AUC, sparse L-BFGS logistic: ${f3(linearAuc)}`);
if (tfjsAuc) console.log(`held-out AUC, TF.js logistic (${tfjsEpochs} epochs): ${f3(tfjsAuc)}`);
if (sk) {
  console.log(
    `scikit-learn TF-IDF(1–2) + LR: fit ${sk.fitWallS.toFixed(2)} s wall (vectorise ` +
      `${sk.vectorizeWallS.toFixed(2)} s), fit+score ${sk.totalWallS.toFixed(2)} s wall / ` +
      `${sk.totalCpuS.toFixed(2)} s CPU, peak ${sk.peakRssMb.toFixed(0)} MB, ${sk.features} features, ` +
      `${sk.nnzPerRow.toFixed(0)} nnz/row`,
  );
  console.log(`held-out AUC, scikit-learn: ${f3(sk.auc)}`);
  if (routingMs)
    console.log(`routing comparison / sklearn fit+score: ×${(routingMs / 1000 / sk.totalWallS).toFixed(1)}`);
  console.log(
    `sparse L-BFGS fit / sklearn fit: ×${(linearFitMs / 1000 / sk.fitWallS).toFixed(2)} wall, ` +
      `×${(linearFitCpuS / sk.fitCpuS).toFixed(2)} CPU`,
  );
} else console.log(`\nscikit-learn reference did not run: ${ref}`);

if (flag('cli')) {
  const out = mkdtempSync(join(tmpdir(), 'routelab-cli-'));
  const r = spawnSync(
    '/usr/bin/time',
    ['-f', '%e %U %S %M', 'node', 'bin/routelab.js', 'train', path, '--arch', 'logistic', '--out', join(out, 'm')],
    { encoding: 'utf8' },
  );
  const [wallS, userS, sysS, kb] = (r.stderr.trim().split('\n').pop() ?? '').split(' ').map(Number);
  const cpu = (userS ?? NaN) + (sysS ?? NaN);
  console.log(
    `\nroutelab train --arch logistic (whole command, incl. read, TF.js load, routing comparison): ${wallS} s ` +
      `wall, ${cpu.toFixed(1)} s CPU, peak ${((kb ?? 0) / 1024).toFixed(0)} MB`,
  );
  if (sk && wallS)
    console.log(
      `  ×${(wallS / sk.totalWallS).toFixed(2)} sklearn fit+score wall, ×${(cpu / sk.totalCpuS).toFixed(2)} its CPU`,
    );
  rmSync(out, { recursive: true, force: true });
}
