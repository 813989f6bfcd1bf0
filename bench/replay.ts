/**
 * Replay throughput: each stateless built-in (and `fastest`, which learns online) through the ordinary
 * decide() path, and a 100-point threshold sweep, on a generated full-information trace — beside NumPy
 * computing always-<model>, the oracle and the same sweep on the same arrays (bench/replay_numpy.py).
 *
 *   npx tsx bench/replay.ts [requests]        (default 1,000,000 requests × 10 models)
 *
 * Times are CPU seconds of this process (and of the Python process for NumPy), best of a few runs, because
 * the machine is shared. Figures and ratios are printed, never asserted.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRng } from '../src/core/rng.ts';
import { oracleDecisions } from '../src/metrics/references.ts';
import { sweep } from '../src/evaluate/sweep.ts';
import { policyMaker, resolvePolicy } from '../src/policy/resolve-policy.ts';
import { replay } from '../src/replay/replay.ts';
import { subsetTrace } from '../src/replay/subset-trace.ts';
import type { RunDecisions } from '../src/replay/types.ts';
import { TraceBuilder, emptyRow } from '../src/traces/builder.ts';
import type { Trace } from '../src/traces/trace.ts';
import { builtinRegistry } from '../policies/index.ts';

const R = Number(process.argv[2] ?? 1_000_000);
const M = 10;
const registry = builtinRegistry();

/** Models m0 (weak, cheap, fast) … m9 (strong, dear, slow); a router score that tracks difficulty. */
function generate(requests: number, withPrompts = false): Trace {
  const rng = createRng(42);
  const b = new TraceBuilder();
  const src = b.addSource('synthetic');
  const row = emptyRow();
  for (let r = 0; r < requests; r++) {
    const difficulty = rng.next();
    row.requestId = `q${r}`;
    row.inputTokens = 50 + rng.int(500);
    // Prompts of 12 words from a 5,000-word vocabulary with a Zipf-like skew (rare words dominate the vocabulary).
    row.prompt = withPrompts
      ? Array.from({ length: 12 }, () => `w${Math.floor(5000 * rng.next() ** 2)}`).join(' ')
      : undefined;
    const score = Math.round(Math.min(1, Math.max(0, difficulty + (rng.next() - 0.5) * 0.3)) * 1000) / 1000;
    for (let m = 0; m < M; m++) {
      row.model = `m${m}`;
      row.quality = rng.next() < (0.45 + 0.05 * m) * (1.3 - difficulty) ? 1 : 0;
      row.outputTokens = 100 + rng.int(400);
      row.costUsd = (row.inputTokens * 0.1 + row.outputTokens * 0.4) * 2 ** (m / 1.5) * 1e-6;
      row.latencyMs = (200 + row.outputTokens * 5) * (1 + m / 5);
      row.tags = m === 0 ? { score: String(score) } : undefined;
      b.add(row, src, r * M + m + 2);
    }
  }
  return b.finish();
}

/** CPU seconds (user + system) spent in `f`: the machine is shared, so CPU time is the fairer clock. */
async function timed<T>(f: () => Promise<T> | T): Promise<[number, T]> {
  const t = process.cpuUsage();
  const out = await f();
  const d = process.cpuUsage(t);
  return [(d.user + d.system) / 1e6, out];
}

const fmt = (decisionsPerS: number): string => `${(decisionsPerS / 1e6).toFixed(1).padStart(7)} M decisions/s`;
const sumOf = (a: Float64Array): number => a.reduce((x, y) => x + (Number.isNaN(y) ? 0 : y), 0);

const [tGen, trace] = await timed(() => generate(R));
console.log(
  `generated ${R.toLocaleString()} requests × ${M} models (${trace.rowCount.toLocaleString()} rows) in ` +
    `${tGen.toFixed(1)} s`,
);

// Training data for best-prior / fastest: the first 1% of requests (a realistic train ≪ test).
const train = subsetTrace(
  trace,
  Uint32Array.from({ length: Math.max(1, Math.floor(R / 100)) }, (_, r) => r),
);
const specs = [
  'always:m5',
  'random',
  'weighted:m0=0.7,m9=0.3',
  'cheapest',
  'best-prior',
  'threshold:score?strong=m9&weak=m0&threshold=0.5',
  'cascade:m0>m9?accept=judge&epsilon=0.1',
  'fastest',
];
// One replay call runs every policy over one shared world (cell index, order, catalog), three rounds;
// each policy's time (its init + R decisions) is read off the progress callback at the policy
// boundaries, and the best round is kept (the machine is shared). A first `always` run is a warm-up
// and carries the world set-up.
const ROUNDS = 3;
const marks: number[] = [];
const cpuNow = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};
const roundSpecs = Array.from({ length: ROUNDS }, () => specs).flat();
const policies = await Promise.all(['always:m0', ...roundSpecs].map((spec) => resolvePolicy(spec, registry)));
const t0 = cpuNow();
await replay(trace, policies, {
  seed: 1,
  train,
  onProgress: (done) => {
    if (done % R === 0) marks.push(cpuNow());
  },
});
// The floor on this machine right now: allocating and filling a run's 7 output columns (41 bytes per
// request, fresh memory as each run gets), nothing else.
let floor = Infinity;
for (let i = 0; i < ROUNDS; i++) {
  const t = cpuNow();
  const [chosen, wanted, q, c, l, p] = [
    new Int32Array(R),
    new Int32Array(R),
    new Float64Array(R),
    new Float64Array(R),
    new Float64Array(R),
    new Float64Array(R),
  ];
  const e = new Uint8Array(R);
  for (let r = 0; r < R; r++) {
    chosen[r] = 1;
    wanted[r] = 1;
    q[r] = r;
    c[r] = r;
    l[r] = r;
    p[r] = 1;
    e[r] = 0;
  }
  floor = Math.min(floor, cpuNow() - t);
}
console.log(
  `floor: fill the 7 output columns of one run        ${(floor * 1000).toFixed(0).padStart(6)}  ${fmt(R / floor)}`,
);
console.log(
  `replay set-up + warm-up policy                     ${((marks[0]! - t0) * 1000).toFixed(0).padStart(6)} ms`,
);
console.log(`policy, through decide() (incl. its init), best of ${ROUNDS}   CPU ms    rate`);
specs.forEach((spec, i) => {
  const t = Math.min(
    ...Array.from({ length: ROUNDS }, (_, k) => marks[k * specs.length + i + 1]! - marks[k * specs.length + i]!),
  );
  console.log(`${spec.padEnd(50)} ${(t * 1000).toFixed(0).padStart(6)}  ${fmt(R / t)}`);
});

// Arrays for NumPy: rows are request-major in model order (as generated).
const dir = mkdtempSync(join(tmpdir(), 'routelab-bench-'));
const quality = new Float64Array(R * M),
  cost = new Float64Array(R * M),
  score = new Float64Array(R);
for (let i = 0; i < trace.rowCount; i++) {
  const k = trace.rowRequest[i]! * M + trace.rowModel[i]!;
  quality[k] = trace.quality[i]!;
  cost[k] = trace.costUsd[i]!;
}
const scoreTag = trace.tags.find((t) => t.name === 'score')!;
for (let r = 0; r < R; r++) score[r] = Number(scoreTag.values[scoreTag.codes[trace.requestRowStart[r]!]!]);

// The 100-point sweep: an auto grid (−∞, 98 score quantiles, +∞), then the same values explicitly.
const spec = 'threshold:score?strong=m9&weak=m0';
const [tAuto, auto] = await timed(() =>
  sweep(trace, spec, 'threshold', 'auto', { seed: 1, makePolicy: policyMaker(registry), points: 100 }),
);
const thresholds = auto.points.map((p) => p.value);
let tSweep = Infinity;
let swept = auto;
for (let i = 0; i < 3; i++) {
  const [t, s] = await timed(() =>
    sweep(trace, spec, 'threshold', thresholds, { seed: 1, makePolicy: policyMaker(registry) }),
  );
  if (t < tSweep) [tSweep, swept] = [t, s];
}

// always-<model> for all ten models in one replay, and the oracle reference.
const alwaysPolicies = await Promise.all(Array.from({ length: M }, (_, m) => resolvePolicy(`always:m${m}`, registry)));
const [tAlways, alwaysRuns] = await timed(() => replay(trace, alwaysPolicies, { seed: 1 }));
const [tOracle, oracle] = await timed(() => oracleDecisions(trace));
const meanQ = (run: RunDecisions): number => sumOf(run.quality) / R;

writeFileSync(join(dir, 'quality.f64'), quality);
writeFileSync(join(dir, 'cost.f64'), cost);
writeFileSync(join(dir, 'score.f64'), score);
writeFileSync(join(dir, 'thresholds.f64'), Float64Array.from(thresholds));
writeFileSync(join(dir, 'meta.json'), JSON.stringify({ requests: R, models: M, strong: 9, weak: 0 }));
const py = spawnSync('python3', [new URL('./replay_numpy.py', import.meta.url).pathname, dir], {
  encoding: 'utf8',
  maxBuffer: 1 << 26,
});
rmSync(dir, { recursive: true, force: true });
const rss = process.resourceUsage().maxRSS / 1024;

console.log(
  `\nsweep, 100 points, auto grid (incl. quantiles)     ${(tAuto * 1000).toFixed(0).padStart(6)} ms  ` +
    `${fmt((R * 100) / tAuto)}`,
);
console.log(
  `sweep, 100 points, given values                    ${(tSweep * 1000).toFixed(0).padStart(6)} ms  ` +
    `${fmt((R * 100) / tSweep)}`,
);
console.log(
  `always-<model> × ${M} (one replay)                   ${(tAlways * 1000).toFixed(0).padStart(6)} ms  ` +
    `${fmt((R * M) / tAlways)}`,
);
console.log(
  `${'oracle reference (metrics)'.padEnd(51)}${(tOracle * 1000).toFixed(0).padStart(6)} ms  ${fmt(R / tOracle)}`,
);

if (py.status !== 0) {
  console.log(
    `\nNumPy reference did not run (${py.stderr.trim().split('\n').pop() ?? py.error?.message}); install python3-numpy`,
  );
} else {
  const np = JSON.parse(py.stdout) as Record<
    'always' | 'oracle' | 'sweep',
    { seconds: number; decisions: number; result: unknown }
  > & { numpy: string };
  const rate = (k: 'always' | 'oracle' | 'sweep'): number => np[k].decisions / np[k].seconds;
  console.log(
    `\nNumPy ${np.numpy}: always ${fmt(rate('always'))}, oracle ${fmt(rate('oracle'))}, sweep ${fmt(rate('sweep'))}`,
  );
  console.log(
    `ratio routelab / NumPy: always ${((R * M) / tAlways / rate('always')).toFixed(2)}, oracle ` +
      `${(R / tOracle / rate('oracle')).toFixed(2)}, sweep ${((R * 100) / tSweep / rate('sweep')).toFixed(2)} ` +
      `(≥ 1 means routelab is faster)`,
  );
  // Same numbers? Quality means to 1e-12, cost totals to 1e-9 relative.
  const npSweep = np.sweep.result as [number, number][];
  const npAlways = np.always.result as [number, number][];
  const npOracle = np.oracle.result as [number, number];
  let dq = 0,
    dc = 0;
  swept.points.forEach((p, i) => {
    dq = Math.max(dq, Math.abs(p.quality! - npSweep[i]![0]));
    dc = Math.max(dc, Math.abs(p.costUsd - npSweep[i]![1]) / npSweep[i]![1]);
  });
  alwaysRuns.forEach((run, m) => {
    dq = Math.max(dq, Math.abs(meanQ(run) - npAlways[m]![0]));
    dc = Math.max(dc, Math.abs(sumOf(run.costUsd) - npAlways[m]![1]) / npAlways[m]![1]);
  });
  dq = Math.max(dq, Math.abs(meanQ(oracle) - npOracle[0]));
  dc = Math.max(dc, Math.abs(sumOf(oracle.costUsd) - npOracle[1]) / npOracle[1]);
  console.log(
    `agreement with NumPy: max |Δquality| ${dq.toExponential(1)}, max relative |Δcost| ${dc.toExponential(1)}`,
  );
}

// knn is heavier per decision (a TF-IDF query); measured on a smaller trace with prompts.
const small = generate(Math.min(R, 20_000), true);
const knnPolicy = await resolvePolicy('knn?k=10&lambda=100', registry);
const [tKnn] = await timed(() => replay(small, [knnPolicy], { seed: 1, train: small }));
console.log(
  `\nknn?k=10 on ${small.requestCount.toLocaleString()} requests (train = same, incl. fitting) ` +
    `${(small.requestCount / tKnn / 1e3).toFixed(1)} k decisions/s`,
);
console.log(
  `peak RSS ${rss.toFixed(0)} MB (${((rss * 1048576) / trace.rowCount).toFixed(0)} bytes per row, trace and all ` +
    `runs included)`,
);
