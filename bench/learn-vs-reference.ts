/**
 * Does the learned router's λ curve reach an independent TF-IDF + logistic reference? For each trace: train
 * `--arch logistic` with defaults (seed 0), fit scikit-learn's TF-IDF (word 1–2-grams) + LogisticRegression
 * per model on the SAME training split (bench/sklearn-reference.ts), then route the test split with each
 * one's probabilities by argmax p_m − λ·ĉ_m over one explicit λ grid (0 and 24 geometric steps up to the λ
 * where the cheapest model always wins, as `sweep --values` would be given), and compare the AIQ over the
 * candidates' cost range (the same aiqOverRange as `routelab train`). Both curves are computed by the same
 * code from recorded test outcomes. Prints a table; asserts nothing.
 *
 *   npx tsx bench/learn-vs-reference.ts [trace …]   (default: the bundled many-model traces)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadTrace } from '../src/cli/load.ts';
import { aiqOverRange } from '../src/evaluate/learned-comparison.ts';
import { lambdaMax } from '../src/learn/route.ts';
import { traceFeatureInput } from '../src/learn/features/input.ts';
import { outcomeMatrix } from '../src/learn/labels.ts';
import { loadModelDir } from '../src/learn/model-dir.ts';
import { trainRouter } from '../src/learn/train.ts';
import { sklearnReference } from './sklearn-reference.ts';

const paths = process.argv.slice(2).length
  ? process.argv.slice(2)
  : ['datasets/llmrouter.csv.gz', 'datasets/pricing-reversal.csv.gz', 'datasets/llmdrift.csv.gz'];

/** Mean recorded quality (known only) and cost of routing each test request by argmax prob − λ·ĉ. */
function route(prob: Float64Array, o: ReturnType<typeof outcomeMatrix>, c: readonly number[], lambda: number) {
  const M = c.length,
    n = prob.length / M;
  let q = 0,
    known = 0,
    cost = 0;
  for (let i = 0; i < n; i++) {
    let best = 0,
      score = -Infinity;
    for (let m = 0; m < M; m++) {
      const s = prob[i * M + m]! - lambda * c[m]!;
      if (s > score) [best, score] = [m, s];
    }
    const k = i * M + best;
    if (!Number.isNaN(o.quality[k]!)) {
      q += o.quality[k]!;
      known++;
    }
    cost += Number.isNaN(o.costUsd[k]!) ? 0 : o.costUsd[k]!;
  }
  return { costUsd: cost / n, quality: known ? q / known : NaN };
}

const rows: string[] = [];
for (const path of paths) {
  const c0 = process.cpuUsage();
  const { trace, prices } = await loadTrace([path], {});
  const dir = mkdtempSync(join(tmpdir(), 'routelab-ref-'));
  const r = await trainRouter(trace, { arch: 'logistic', seed: 0, out: join(dir, 'm'), ...(prices ? { prices } : {}) });
  const codes = r.manifest.models.map((m) => trace.modelNames.indexOf(m));
  const M = codes.length;
  const predictor = (await loadModelDir(join(dir, 'm'))).predictor();
  rmSync(dir, { recursive: true, force: true });
  const ours = new Float64Array(r.split.test.length * M);
  const q = new Float64Array(M);
  r.split.test.forEach((req, i) => {
    predictor.predict(traceFeatureInput(trace, req), q);
    ours.set(q, i * M);
  });
  const ref = sklearnReference(trace, r.split, codes);
  if (typeof ref === 'string') throw new Error(`scikit-learn reference did not run: ${ref}`);
  const o = outcomeMatrix(trace, r.split.test, codes);
  const c = r.manifest.modelCostUsd;
  const singles = c.map((_, m) => {
    const onehot = new Float64Array(ours.length);
    for (let i = m; i < onehot.length; i += M) onehot[i] = 1;
    return route(onehot, o, c, 0);
  });
  const cheapest = singles[c.indexOf(Math.min(...c))]!;
  const cMax = Math.max(...singles.map((s) => s.costUsd));
  // A fixed ladder: 0 and 24 steps over five decades up to where the cheapest model always wins.
  const grid = [0, ...Array.from({ length: 24 }, (_, i) => lambdaMax(c) * 10 ** (-5 + (5 * i) / 23))];
  const aiq = (prob: Float64Array) =>
    aiqOverRange(
      grid.map((l) => route(prob, o, c, l)),
      cheapest,
      cMax,
    );
  const zero = aiqOverRange(singles, cheapest, cMax);
  const [a, b] = [aiq(ours), aiq(ref.prob)];
  const f3 = (x: number | null) => (x === null ? '–' : x.toFixed(4));
  const cpu = process.cpuUsage(c0);
  rows.push(
    `| ${path.replace(/^.*\//, '')} | ${M} | ${r.split.test.length} | ${f3(zero)} | ${f3(b)} | ${f3(a)} | ` +
      `${a !== null && b !== null ? (a - b >= 0 ? '+' : '') + (a - b).toFixed(4) : '–'} | ` +
      `${((cpu.user + cpu.system) / 1e6).toFixed(0)} s |`,
  );
  console.log(rows[rows.length - 1]);
}
console.log('\nAIQ on the held-out test split (seed 0), same λ grid and curve code for both routers; shared machine.');
console.log('| trace | models | test requests | zero router | sklearn TF-IDF+LR | routelab logistic | Δ | CPU |');
console.log('|---|---|---|---|---|---|---|---|');
for (const row of rows) console.log(row);
