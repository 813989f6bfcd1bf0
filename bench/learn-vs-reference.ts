/**
 * Does the learned router's λ curve reach an independent TF-IDF + logistic reference — tried as a new user
 * would? For each trace (every bundled dataset, then the unseen RouterBench-style subsets of
 * bench/routerbench-subsets.ts): `routelab train` with its defaults (seed 0), then `sweep --param lambda
 * --values auto` of `learned:<dir>` and of `knn` on the router's held-out test split (knn learns from train ∪
 * calibration, as the held-out comparison does). The reference is scikit-learn's TF-IDF (word 1–2-grams) +
 * LogisticRegression per model fitted on the SAME training split (bench/sklearn-reference.ts), routed by
 * argmax p_m − λ·ĉ_m with the router's ĉ over a dense grid (0 and 200 geometric steps over ten decades up to
 * where the cheapest model always wins): its best curve, so reaching it is not an artefact of grids.
 * Reported per trace: mean held-out AUC over models, AIQ (the sweep's own: area under the non-decreasing hull
 * over the curve's cost range; and over the candidates' cost range, as `routelab train` shows it), APGR
 * (cheapest → best model, on the cost axis) for the zero router (mixing single models), knn, the reference and
 * the learned router; Δ = learned − reference. Asserts nothing; the machine is shared (CPU seconds per trace).
 *
 * A trace given as `<path>#full` is trained on its full-coverage models only (`--models`): where some models lack
 * rows (pricing-reversal: no SimpleQA rows for two of them), a router that sends a request to such a model drops
 * it from the quality mean (an unsupported decision), which flatters whoever extrapolates to them most; the
 * "unsupported" column gives that share at λ = 0 for the reference / the learned router.
 *
 *   npx tsx bench/learn-vs-reference.ts [trace[#full] …]   (default: bundled datasets + the unseen subsets)
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { builtinRegistry } from '../policies/index.ts';
import { loadTrace } from '../src/cli/load.ts';
import { aiqOverRange } from '../src/evaluate/learned-comparison.ts';
import { sweep } from '../src/evaluate/sweep.ts';
import { outcomeMatrix } from '../src/learn/labels.ts';
import { lambdaMax } from '../src/learn/route.ts';
import { trainRouter } from '../src/learn/train.ts';
import { traceFeatureInput } from '../src/learn/features/input.ts';
import { loadModelDir } from '../src/learn/model-dir.ts';
import { restrictModels } from '../src/learn/restrict-models.ts';
import type { Trace } from '../src/traces/trace.ts';
import { aiq, apgr, type CurvePoint } from '../src/metrics/curves.ts';
import { policyMaker } from '../src/policy/resolve-policy.ts';
import { subsetTrace } from '../src/replay/subset-trace.ts';
import type { SweepResults } from '../src/metrics/types.ts';
import { writeRouterbenchSubsets } from './routerbench-subsets.ts';
import { sklearnReference } from './sklearn-reference.ts';

const tmp = mkdtempSync(join(tmpdir(), 'routelab-ref-'));
const paths = process.argv.slice(2).length
  ? process.argv.slice(2)
  : [
      ...readdirSync('datasets')
        .filter((f) => f.endsWith('.csv.gz'))
        .sort()
        .flatMap((f) =>
          f === 'pricing-reversal.csv.gz'
            ? [join('datasets', f), `${join('datasets', f)}#full`]
            : [join('datasets', f)],
        ),
      ...writeRouterbenchSubsets(tmp),
    ];

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
      const s = (Number.isNaN(prob[i * M + m]!) ? -1 : prob[i * M + m]!) - lambda * c[m]!;
      if (s > score) [best, score] = [m, s];
    }
    const k = i * M + best;
    if (!Number.isNaN(o.quality[k]!)) {
      q += o.quality[k]!;
      known++;
    }
    cost += Number.isNaN(o.costUsd[k]!) ? c[best]! : o.costUsd[k]!;
  }
  return { costUsd: cost / n, quality: known ? q / known : NaN };
}

/** A sweep's points per request (a point's costUsd is the run's total over the n requests). */
const sweptPoints = (r: SweepResults, n: number): CurvePoint[] =>
  r.points.filter((p) => p.quality !== null).map((p) => ({ costUsd: p.costUsd / n, quality: p.quality! }));

const f4 = (x: number | null | undefined) =>
  x === null || x === undefined || !Number.isFinite(x) ? '–' : x.toFixed(4);
const signed = (a: number | null, b: number | null) =>
  a === null || b === null ? '–' : `${a - b >= 0 ? '+' : ''}${(a - b).toFixed(4)}`;
const rows: string[] = [];
const makePolicy = policyMaker(builtinRegistry());
for (const arg of paths) {
  const [path, variant] = arg.split('#') as [string, string | undefined];
  const c0 = process.cpuUsage();
  const { trace, prices } = await loadTrace([path], {});
  const rowsOf = new Map<number, number>();
  for (let i = 0; i < trace.rowCount; i++) rowsOf.set(trace.rowModel[i]!, (rowsOf.get(trace.rowModel[i]!) ?? 0) + 1);
  const full = trace.modelNames.filter((_, m) => rowsOf.get(m) === trace.requestCount);
  const out = join(tmp, 'model');
  // `routelab train <trace> --out <dir>` with every other flag at its CLI default.
  const r = await trainRouter(trace, {
    out,
    arch: 'logistic',
    seed: 0,
    calibration: 'temperature',
    classWeight: 'none',
    threshold: 0.5,
    ...(variant === 'full' ? { models: full } : {}),
    ...(prices ? { prices } : {}),
  });
  const codes = r.manifest.models.map((m) => trace.modelNames.indexOf(m));
  const M = codes.length;
  // The #full variant's knn and curves see only its candidate models, as `routelab train --models` would.
  const only = (t: Trace) => (variant === 'full' ? restrictModels(t, r.manifest.models) : t);
  const test = only(subsetTrace(trace, r.split.test));
  const seen = only(subsetTrace(trace, Uint32Array.from([...r.split.train, ...r.split.calibration]).sort()));
  const opts = { seed: 0, makePolicy, train: seen, ...(prices ? { prices } : {}) };
  const ours = await sweep(test, `learned:${out}`, 'lambda', 'auto', opts);
  const knn = await sweep(test, 'knn', 'lambda', 'auto', opts);
  const ref = sklearnReference(trace, r.split, codes);
  if (typeof ref === 'string') throw new Error(`scikit-learn reference did not run: ${ref}`);
  const o = outcomeMatrix(trace, r.split.test, codes);
  const c = r.manifest.modelCostUsd;
  const singles = c.map((_, m) => {
    const onehot = new Float64Array(o.quality.length);
    for (let i = m; i < onehot.length; i += M) onehot[i] = 1;
    return route(onehot, o, c, 0);
  });
  const cheapest = singles.reduce((a, s) => (s.costUsd < a.costUsd ? s : a));
  const best = singles.reduce((a, s) => (s.quality > a.quality ? s : a));
  const cMax = Math.max(...singles.map((s) => s.costUsd));
  const grid = [0, ...Array.from({ length: 200 }, (_, i) => lambdaMax(c) * 10 ** (-10 + (10 * i) / 199))];
  const refPts = grid.map((l) => route(ref.prob, o, c, l));
  const pts = {
    zero: singles,
    knn: sweptPoints(knn, test.requestCount),
    ref: refPts,
    ours: sweptPoints(ours, test.requestCount),
  };
  const apgrOf = (p: readonly CurvePoint[]) =>
    apgr(
      p.filter((x) => x.costUsd >= cheapest.costUsd - 1e-12 && x.costUsd <= best.costUsd + 1e-12),
      cheapest.quality,
      best.quality,
      'costUsd',
    );
  const meanAuc = (a: readonly (number | null)[]) => {
    const v = a.filter((x): x is number => x !== null && Number.isFinite(x));
    return v.reduce((s, x) => s + x, 0) / v.length;
  };
  const ourAuc = meanAuc(r.metrics.map((m) => m.calibrated.auc));
  const cpu = process.cpuUsage(c0);
  // Share of test requests the λ = 0 choice sends to a model with no recorded outcome for them.
  const predictor = (await loadModelDir(out)).predictor();
  const q = new Float64Array(M);
  const ourProb = new Float64Array(o.quality.length);
  r.split.test.forEach((req, i) => {
    predictor.predict(traceFeatureInput(trace, req), q);
    ourProb.set(q, i * M);
  });
  const unsupported = (prob: Float64Array) => {
    let n = 0;
    for (let i = 0; i < prob.length / M; i++) {
      let best = 0;
      for (let m = 1; m < M; m++) if (prob[i * M + m]! > prob[i * M + best]!) best = m;
      if (Number.isNaN(o.quality[i * M + best]!)) n++;
    }
    return `${((100 * n) / (prob.length / M)).toFixed(0)}%`;
  };
  const cell = (p: readonly CurvePoint[]) =>
    `${f4(aiq(p))} / ${f4(aiqOverRange(p, cheapest, cMax))} / ${f4(apgrOf(p))}`;
  const fit = { head: r.manifest.fit.head, knnWeight: r.manifest.knn?.weight };
  rows.push(
    `| ${arg.replace(/^.*\//, '').replace(/\.csv(\.gz)?/, '')} | ${M} | ${test.requestCount} | ` +
      `${f4(meanAuc(ref.auc))} / ${f4(ourAuc)} | ${cell(pts.zero)} | ${cell(pts.knn)} | ${cell(pts.ref)} | ` +
      `${cell(pts.ours)} | ${signed(aiq(pts.ours), aiq(pts.ref))} / ` +
      `${signed(aiqOverRange(pts.ours, cheapest, cMax), aiqOverRange(pts.ref, cheapest, cMax))} | ` +
      `${fit.head ?? 'sigmoid'}${fit.knnWeight ? ` + knn ${fit.knnWeight}` : ''} | ${ours.points.length} | ` +
      `${unsupported(ref.prob)} / ${unsupported(ourProb)} | ` +
      `${((cpu.user + cpu.system) / 1e6).toFixed(0)} s |`,
  );
  console.log(rows[rows.length - 1]);
}
rmSync(tmp, { recursive: true, force: true });
console.log(
  [
    '\nHeld-out test split (seed 0); `routelab train` defaults, then `sweep --param lambda --values auto`',
    'of learned and knn; reference = scikit-learn TF-IDF + LR on the same training split, dense λ grid.',
    'Cells: AIQ (sweep, own range) / AIQ (candidates cost range) / APGR (cheapest → best, cost axis).',
    'Shared 2-core machine: CPU s per trace.',
  ].join('\n'),
);
console.log(
  '| trace | models | test | AUC ref / ours | zero router | knn | reference | learned | Δ AIQ | head | points | ' +
    'unsupported | CPU |',
);
console.log('|---|---|---|---|---|---|---|---|---|---|---|---|---|');
for (const row of rows) console.log(row);
