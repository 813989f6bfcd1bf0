/**
 * Replay throughput: each stateless built-in (and `fastest`, which learns online) through the ordinary
 * decide() path, the sweep command, and the three hot paths beside NumPy running the SAME algorithm on the same
 * arrays (bench/replay_numpy.py): a 100-point threshold sweep (sort the thresholds, searchsorted, bincount,
 * cumsum), always-<model> for all models (column means and totals) and the oracle (per-request argmax, ties to
 * the cheapest).
 *
 *   npx tsx bench/replay.ts [requests]        (default 1,000,000 requests × 10 models)
 *
 * Times are CPU seconds of each process (and wall seconds for the anchors), best of 3, because the machine
 * is shared. Figures and ratios are printed, never asserted.
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
import { twoModelSweep } from '../src/replay/two-model-sweep.ts';
import { singleModelTotals } from '../src/metrics/single-model-totals.ts';
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

interface Best {
  cpu: number;
  wall: number;
}
/** Best CPU and best wall time of 3 runs of `f`, and its last value. */
function best3<T>(f: () => T): Best & { value: T } {
  const out = { cpu: Infinity, wall: Infinity, value: undefined as T };
  for (let k = 0; k < 3; k++) {
    const c = process.cpuUsage(),
      w = performance.now();
    out.value = f();
    out.wall = Math.min(out.wall, (performance.now() - w) / 1000);
    const d = process.cpuUsage(c);
    out.cpu = Math.min(out.cpu, (d.user + d.system) / 1e6);
  }
  return out;
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
const [tSweep] = await timed(() =>
  sweep(trace, spec, 'threshold', thresholds, { seed: 1, makePolicy: policyMaker(registry) }),
);
// always-<model> for all ten models through decide(), one replay (per-request outcomes of every run).
const alwaysPolicies = await Promise.all(Array.from({ length: M }, (_, m) => resolvePolicy(`always:m${m}`, registry)));
const [tAlwaysReplay] = await timed(() => replay(trace, alwaysPolicies, { seed: 1 }));

// The three hot paths against NumPy running the same algorithm (bench/replay_numpy.py), best of 3.
const pair = (await resolvePolicy(spec, registry)).twoModelScores!(trace, 'threshold')!;
const kernel = best3(() => twoModelSweep(trace, pair, thresholds)!);
const statics = best3(() => singleModelTotals(trace)!);
const oracle = best3(() => oracleDecisions(trace));

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

const line = (label: string, seconds: number, decisions: number): void =>
  console.log(`${label.padEnd(51)}${(seconds * 1000).toFixed(0).padStart(6)} ms  ${fmt(decisions / seconds)}`);
console.log('\nthe sweep command and a replay of static policies (CPU time, one run each)');
line('sweep, 100 points, auto grid (incl. quantiles, CIs)', tAuto, R * 100);
line('sweep, 100 points, given values (incl. CIs)', tSweep, R * 100);
line(`always-<model> × ${M} through decide() (one replay)`, tAlwaysReplay, R * M);

type Anchor = 'static' | 'oracle' | 'sweep';
const ours: Record<Anchor, Best & { decisions: number }> = {
  sweep: { ...kernel, decisions: R * thresholds.length },
  static: { ...statics, decisions: R * M },
  oracle: { ...oracle, decisions: R },
};
const labels: Record<Anchor, string> = {
  sweep: `threshold sweep, ${thresholds.length} points (searchsorted+bincount+cumsum)`,
  static: `always-<model> × ${M}: column means and totals`,
  oracle: 'oracle: per-request argmax (best quality, then cheapest)',
};
if (py.status !== 0) {
  console.log(
    `\nNumPy reference did not run (${py.stderr.trim().split('\n').pop() ?? py.error?.message}); install python3-numpy`,
  );
} else {
  type NpAnchor = { cpu: number; wall: number; decisions: number; result: unknown };
  const np = JSON.parse(py.stdout) as Record<Anchor, NpAnchor> & { numpy: string };
  console.log(
    `\nhot paths vs NumPy ${np.numpy} running the same algorithm on the same arrays, best of 3 ` +
      '(M decisions/s; ratio ≥ 1: routelab faster). Per CPU second of each process, and wall (machine shared).',
  );
  console.log(`${''.padEnd(60)}routelab CPU   NumPy CPU  ratio | routelab wall  NumPy wall  ratio`);
  for (const k of ['sweep', 'static', 'oracle'] as const) {
    const o = ours[k],
      n = np[k];
    const rate = (d: number, t: number): string => (d / t / 1e6).toFixed(1).padStart(10);
    const ratio = (a: number, b: number): string => (a / b).toFixed(2).padStart(5);
    console.log(
      `${labels[k].padEnd(60)}${rate(o.decisions, o.cpu)}  ${rate(n.decisions, n.cpu)}  ${ratio(n.cpu, o.cpu)}` +
        ` | ${rate(o.decisions, o.wall)}    ${rate(n.decisions, n.wall)}  ${ratio(n.wall, o.wall)}`,
    );
  }
  // Same numbers? Quality means to 1e-12, cost totals to 1e-9 relative (NumPy sums in its own order).
  const npSweep = np.sweep.result as [number, number][];
  const npStatic = np.static.result as [number[], number[]];
  const npOracle = np.oracle.result as [number, number];
  let dq = 0,
    dc = 0;
  const compare = (q: number, c: number, nq: number, nc: number): void => {
    dq = Math.max(dq, Math.abs(q - nq));
    dc = Math.max(dc, Math.abs(c - nc) / Math.abs(nc));
  };
  kernel.value.totals.forEach((t, i) =>
    compare(t.qualitySum / t.qualityKnown, t.costTotal, npSweep[i]![0], npSweep[i]![1]),
  );
  for (let m = 0; m < M; m++) {
    const s = statics.value;
    compare(s.qualitySum[m]! / s.qualityKnown[m]!, s.costTotal[m]!, npStatic[0][m]!, npStatic[1][m]!);
  }
  compare(sumOf(oracle.value.quality) / R, sumOf(oracle.value.costUsd), npOracle[0], npOracle[1]);
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
