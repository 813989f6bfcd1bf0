/**
 * Where `routelab train --arch logistic` spends its time and memory, phase by phase, beside scikit-learn's
 * TF-IDF (word 1–2-grams) + LogisticRegression fitted and scored on the SAME split in the same run
 * (bench/learn_sklearn.py), with the held-out AUC of both:
 *
 *   read → featurise (IDF fit, CSR matrix) → sparse L-BFGS (each point of the L2 path, then the ranking-term
 *   trial + refit) → TF.js network → calibration → held-out AUC → held-out routing comparison (the knn part
 *   timed on its own: cold at two training sizes, then one more λ on the shared search)
 *
 * then the features with and without character n-grams (validation loss, which may choose them, and
 * held-out AUC), and the whole CLI command in a child process (/usr/bin/time: wall, CPU, peak RSS, against
 * an idle node). Peak RSS is the process's maximum so far (it only grows). The machine is shared: CPU
 * seconds are the fairer clock; compare ratios within one run. The TF.js backend bench is
 * bench/learn-backends.ts.
 *
 *   npx tsx bench/learn.ts [trace=datasets/routellm-mmlu.csv.gz] [--no-cli] [--no-ablation] [--no-routing]
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { builtinRegistry } from '../policies/index.ts';
import { knnPolicy } from '../policies/knn.ts';
import { loadTrace } from '../src/cli/load.ts';
import { evaluateRoutingOnSplit } from '../src/evaluate/learned-comparison.ts';
import { useBackend } from '../src/learn/backend.ts';
import { fitCalibration } from '../src/learn/calibrate.ts';
import { fitFeaturizer } from '../src/learn/features/fit-features.ts';
import { traceFeatureInput } from '../src/learn/features/input.ts';
import { featurizeAll } from '../src/learn/features/sparse-matrix.ts';
import { fitLinear } from '../src/learn/fit-linear.ts';
import { buildLabels } from '../src/learn/labels.ts';
import { linearNetwork } from '../src/learn/linear-network.ts';
import { extractWeights } from '../src/learn/model.ts';
import { modelCosts } from '../src/learn/model-costs.ts';
import { predictLogits } from '../src/learn/predictor.ts';
import { perModelMetrics } from '../src/learn/probability-metrics.ts';
import { trainRouter } from '../src/learn/train.ts';
import { policyMaker } from '../src/policy/resolve-policy.ts';
import { replay } from '../src/replay/replay.ts';
import { subsetTrace } from '../src/replay/subset-trace.ts';
import { splitRequests } from '../src/traces/split-requests.ts';
import { featureAblation } from './learn-ablation.ts';
import { sklearnReference } from './sklearn-reference.ts';

const argv = process.argv.slice(2);
const flag = (name: string) => argv.includes(`--${name}`);
const path = argv.find((a) => !a.startsWith('--')) ?? 'datasets/routellm-mmlu.csv.gz';

const rows: string[][] = [];
const peakMb = () => process.resourceUsage().maxRSS / 1024;
let t0 = performance.now();
let c0 = process.cpuUsage();
const cpuS = () => {
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / 1e6;
};
/** Ends the current phase: its wall and CPU seconds, the peak RSS so far; returns CPU seconds. */
function phase(name: string, detail = ''): number {
  const cpu = cpuS();
  rows.push([name, ((performance.now() - t0) / 1000).toFixed(2), cpu.toFixed(2), peakMb().toFixed(0), detail]);
  t0 = performance.now();
  c0 = process.cpuUsage();
  return cpu;
}
let trainCpuS = 0;

const { trace, prices } = await loadTrace([path], {});
trainCpuS += phase('read trace', `${trace.requestCount} requests × ${trace.modelNames.length} models`);
const [trainPart, calibrationPart, testPart] = splitRequests(trace, [0.6, 0.2], 0);
const split = { train: trainPart!, calibration: calibrationPart!, test: testPart! };
const codes = trace.modelNames.map((_, i) => i);
const M = codes.length;
const inputsOf = (rs: Uint32Array) => Array.from(rs, (r) => traceFeatureInput(trace, r));
const [trainIn, calIn, testIn] = [inputsOf(split.train), inputsOf(split.calibration), inputsOf(split.test)];
const featurizer = fitFeaturizer(trainIn);
trainCpuS += phase('featurise: IDF fit on train');
const x = featurizeAll(featurizer, trainIn);
const csrMb = (x.indices.byteLength + x.values.byteLength + x.rowStart.byteLength + x.extras.byteLength) / 2 ** 20;
trainCpuS += phase(
  'featurise: CSR of train',
  `${(x.indices.length / x.rows).toFixed(0)} nnz/row, ${csrMb.toFixed(1)} MB`,
);

const labels = buildLabels(trace, split.train, codes, 'binary');
const { costUsd } = modelCosts(trace, split.train, codes, prices);
let points = 0;
const fit = fitLinear(x, labels, M, {
  validationShare: 0.15,
  classWeight: 'none',
  seed: 0,
  modelCostUsd: costUsd,
  onEpoch: (epoch, epochs, loss) => {
    if (epoch === epochs) return; // the last call ends the refit: timed below
    points++;
    trainCpuS += phase(`  L-BFGS: L2 path point ${epoch}`, `validation log loss ${loss.toFixed(4)}`);
  },
});
trainCpuS += phase(
  '  L-BFGS: ranking-term trial + refit on all rows',
  `${fit.evaluations} passes in all; chose L2 #${fit.report.bestEpoch} of ${points}, β = ${fit.pairWeight}`,
);
await useBackend('auto');
const net = linearNetwork(
  { arch: 'logistic', inputDim: featurizer.dim, outputs: M, hidden: [], dropout: 0 },
  fit.kernel,
  fit.bias,
);
const layers = extractWeights(net);
net.dispose();
trainCpuS += phase('TF.js backend + network (the saved format)');
const calLabels = buildLabels(trace, split.calibration, codes, 'binary');
fitCalibration('temperature', predictLogits(featurizer, layers, calIn), calLabels.y, calLabels.mask, M);
trainCpuS += phase('calibration (featurise + predict + temperature)');
const testLabels = buildLabels(trace, split.test, codes, 'binary');
const aucOf = (logits: Float64Array) =>
  perModelMetrics(
    logits.map((z) => 1 / (1 + Math.exp(-z))),
    testLabels.y,
    testLabels.mask,
    M,
  ).map((m) => m.auc ?? NaN);
const auc = aucOf(predictLogits(featurizer, layers, testIn));
trainCpuS += phase('held-out AUC (featurise + predict test)');

if (!flag('no-routing')) {
  const dir = mkdtempSync(join(tmpdir(), 'routelab-bench-'));
  const trained = await trainRouter(trace, { arch: 'logistic', out: join(dir, 'm'), seed: 0, prices });
  phase('(trainRouter: the steps above in one call + save)', 'not counted in the sum below');
  await evaluateRoutingOnSplit(trace, join(dir, 'm'), trained.manifest, trained.split, {
    seed: 0,
    makePolicy: policyMaker(builtinRegistry()),
  });
  trainCpuS += phase('held-out routing comparison', '2 + 3 λ curves of learned / knn runs (shared search)');
  // Fresh training traces, so the knn runs below do not reuse the comparison's index.
  const test = subsetTrace(trace, split.test);
  const seen = subsetTrace(trace, Uint32Array.from([...split.train, ...split.calibration]).sort());
  const half = subsetTrace(trace, split.train.subarray(0, split.train.length >> 1));
  await replay(test, [knnPolicy(10, 0, 65536)], { seed: 0, train: half });
  const halfS = phase('  knn run, cold, train = ½ train split', `${half.requestCount} training prompts`);
  await replay(test, [knnPolicy(10, 0, 65536)], { seed: 0, train: seen });
  const fullS = phase('  knn run, cold, train = train ∪ calibration', `${seen.requestCount} training prompts`);
  rows[rows.length - 1]![4] +=
    `; ×${(fullS / halfS).toFixed(2)} CPU for ×${(seen.requestCount / half.requestCount).toFixed(2)} prompts`;
  await replay(test, [knnPolicy(10, 1, 65536)], { seed: 0, train: seen });
  phase('  knn run, another λ on the same training trace', 'index and neighbours shared');
  rmSync(dir, { recursive: true, force: true });
}

const sk = sklearnReference(trace, split, codes);
const ablation = flag('no-ablation') ? [] : featureAblation(x, labels, M, featurizer, testIn, aucOf);

const sizes = [split.train, split.calibration, split.test].map((s) => s.length).join('/');
console.log(`${path}: ${trace.requestCount} requests; split ${sizes}`);
console.log('Wall and CPU seconds of this process on a shared 2-core machine (other agents running).\n');
const w = [52, 8, 8, 9];
console.log(
  `${'phase'.padEnd(w[0]!)}${'wall s'.padStart(w[1]!)}${'CPU s'.padStart(w[2]!)}${'peak MB'.padStart(w[3]!)}  detail`,
);
for (const [a, b, c, d, e] of rows)
  console.log(`${a!.padEnd(w[0]!)}${b!.padStart(w[1]!)}${c!.padStart(w[2]!)}${d!.padStart(w[3]!)}  ${e}`);
console.log(`${'sum of the counted phases (CPU)'.padEnd(w[0]! + w[1]!)}${trainCpuS.toFixed(2).padStart(w[2]!)}`);
const f3 = (a: readonly (number | null)[]) => a.map((v) => (v === null ? '–' : v.toFixed(3))).join(' / ');
console.log(`\nmodels: ${trace.modelNames.join(' / ')}\nheld-out AUC, routelab logistic: ${f3(auc)}`);
if (typeof sk === 'string') console.log(`scikit-learn reference did not run: ${sk}`);
else {
  console.log(
    `held-out AUC, scikit-learn:      ${f3(sk.auc)}\nscikit-learn TF-IDF(1–2) + LR: vectorise ` +
      `${sk.vectorizeWallS.toFixed(2)} s, fit ${sk.fitWallS.toFixed(2)} s wall / ${sk.fitCpuS.toFixed(2)} s CPU, ` +
      `fit + score ${sk.totalWallS.toFixed(2)} s wall / ${sk.totalCpuS.toFixed(2)} s CPU, ` +
      `peak ${sk.peakRssMb.toFixed(0)} MB, ${sk.nnzPerRow.toFixed(0)} nnz/row`,
  );
  console.log(`counted phases / sklearn fit + score: ×${(trainCpuS / sk.totalCpuS).toFixed(2)} CPU`);
}
for (const a of ablation)
  console.log(
    `features ${a.name.padEnd(12)} ${a.nnzPerRow.toFixed(0).padStart(4)} nnz/row, ` +
      `${String(a.passes).padStart(3)} passes, fit ${a.fitCpuS.toFixed(2)} s CPU, ` +
      `validation log loss ${a.validationLoss.toFixed(4)}, held-out AUC ${f3(a.auc)}`,
  );

if (!flag('no-cli')) {
  const time = (args: string[]) => {
    const r = spawnSync('/usr/bin/time', ['-f', '%e %U %S %M', ...args], { encoding: 'utf8' });
    const [wallS, userS, sysS, kb] = (r.stderr.trim().split('\n').pop() ?? '').split(' ').map(Number);
    return { wallS: wallS ?? NaN, cpuS: (userS ?? NaN) + (sysS ?? NaN), mb: (kb ?? NaN) / 1024 };
  };
  const idle = time(['node', '-e', '0']);
  const out = mkdtempSync(join(tmpdir(), 'routelab-cli-'));
  const cli = time(['node', 'bin/routelab.js', 'train', path, '--arch', 'logistic', '--out', join(out, 'm')]);
  rmSync(out, { recursive: true, force: true });
  console.log(
    `\nroutelab train --arch logistic (whole command: read, features, fit, calibration, save, routing comparison): ` +
      `${cli.wallS.toFixed(1)} s wall, ${cli.cpuS.toFixed(1)} s CPU, peak ${cli.mb.toFixed(0)} MB ` +
      `(idle node ${idle.mb.toFixed(0)} MB)`,
  );
  if (typeof sk !== 'string')
    console.log(
      `  ×${(cli.wallS / sk.totalWallS).toFixed(2)} sklearn fit + score wall, ` +
        `×${(cli.cpuS / sk.totalCpuS).toFixed(2)} its CPU (target ≤ ×2)`,
    );
}
