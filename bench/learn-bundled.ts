/**
 * The learned router on every bundled dataset, held-out 20% test split (seed 0): per-model AUC, and AIQ /
 * APGR of the routing curves against the zero router (random mixing of single models) and knn, for
 * `--arch logistic` with independent heads (β = 0) and with the cross-model ranking term that
 * fitLinear may choose on validation (β chosen among {0, 1}). Costs and prices as `routelab train` uses
 * them (the bundled price table fills missing costs). Prints the table; asserts nothing. The machine is
 * shared: CPU seconds are shown per dataset.
 *
 *   npx tsx bench/learn-bundled.ts [dataset.csv.gz …]   (default: every datasets/*.csv.gz)
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadTrace } from '../src/cli/load.ts';
import { builtinRegistry } from '../policies/index.ts';
import { evaluateRoutingOnSplit } from '../src/evaluate/learned-comparison.ts';
import { policyMaker } from '../src/policy/resolve-policy.ts';
import { trainRouter } from '../src/learn/train.ts';

const paths = process.argv.slice(2).length
  ? process.argv.slice(2)
  : readdirSync('datasets')
      .filter((f) => f.endsWith('.csv.gz'))
      .sort()
      .map((f) => join('datasets', f));
const f3 = (x: number | null | undefined) => (x === null || x === undefined ? '–' : x.toFixed(3));
const dir = mkdtempSync(join(tmpdir(), 'routelab-bundled-'));
const lines: string[] = [];
for (const path of paths) {
  const c0 = process.cpuUsage();
  const { trace, prices } = await loadTrace([path], {});
  const runs = [];
  for (const [name, pairWeights] of [
    ['independent', []],
    ['ranking', [1]],
  ] as const) {
    const out = join(dir, name);
    const r = await trainRouter(trace, { arch: 'logistic', seed: 0, out, pairWeights, ...(prices ? { prices } : {}) });
    const e = await evaluateRoutingOnSplit(trace, out, r.manifest, r.split, {
      seed: 0,
      makePolicy: policyMaker(builtinRegistry()),
      ...(prices ? { prices } : {}),
    });
    const aucs = r.metrics.map((m) => m.calibrated.auc ?? NaN).filter((a) => Number.isFinite(a));
    runs.push({ r, e, meanAuc: aucs.reduce((s, a) => s + a, 0) / aucs.length });
  }
  const [ind, rank] = runs as [(typeof runs)[0], (typeof runs)[0]];
  const c = process.cpuUsage(c0);
  lines.push(
    [
      path.replace(/^datasets\//, '').replace(/\.csv\.gz$/, ''),
      String(trace.modelNames.length),
      `${f3(ind.meanAuc)} / ${f3(rank.meanAuc)}`,
      f3(ind.e.zeroRouterAiq),
      f3(ind.e.knnCurve.aiq),
      `${f3(ind.e.learnedCurve.aiq)} / ${f3(rank.e.learnedCurve.aiq)}`,
      `${f3(ind.e.knnApgr)}`,
      `${f3(ind.e.learnedApgr)} / ${f3(rank.e.learnedApgr)}`,
      `${((c.user + c.system) / 1e6).toFixed(0)} s`,
    ].join(' | '),
  );
  console.log(`| ${lines[lines.length - 1]} |`);
}
rmSync(dir, { recursive: true, force: true });
console.log(
  '\nheld-out test split, seed 0; "a / b" = logistic with independent heads / with the ranking term on offer',
);
console.log(
  '| dataset | models | mean AUC | AIQ zero router | AIQ knn | AIQ logistic | APGR knn | APGR logistic | CPU |',
);
console.log('|---|---|---|---|---|---|---|---|---|');
for (const l of lines) console.log(`| ${l} |`);
