/**
 * Metrics throughput: summarize / references / paired comparison on a generated trace, beside NumPy doing
 * the same always-<model> statistics (mean quality, cost total, latency mean and percentiles) on the same data.
 *
 *   npx tsx bench/metrics.ts [requests]       (default 1,000,000 requests × 3 models)
 *
 * Each figure is the best of three runs; figures are printed, never asserted.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRng } from '../src/core/rng.ts';
import { pairedComparison } from '../src/metrics/paired.ts';
import { references, singleModelDecisions } from '../src/metrics/references.ts';
import { summarize } from '../src/metrics/summarize.ts';
import { TraceBuilder, emptyRow } from '../src/traces/builder.ts';

const requests = Number(process.argv[2] ?? 1_000_000);
const MODELS = [
  ['small', 0.55, 0.0002, 300],
  ['medium', 0.7, 0.002, 900],
  ['large', 0.85, 0.02, 2500],
] as const;
const TASKS = ['math', 'code', 'chat', 'extraction', 'summarization'];

/** Best of three runs (the first includes compilation; other processes share this machine's cores). */
function time<T>(label: string, f: () => T): T {
  let out: T | undefined;
  let ms = Infinity;
  for (let k = 0; k < 3; k++) {
    const t = performance.now();
    out = f();
    ms = Math.min(ms, performance.now() - t);
  }
  console.log(
    `${label.padEnd(44)} ${ms.toFixed(0).padStart(6)} ms  ` +
      `${(requests / ms / 1000).toFixed(2).padStart(7)} M requests/s`,
  );
  return out!;
}

const rng = createRng(1);
const b = new TraceBuilder();
const src = b.addSource('generated');
const row = emptyRow();
for (let r = 0; r < requests; r++) {
  row.requestId = `r${r}`;
  row.task = TASKS[r % TASKS.length];
  for (const [model, p, cost, latency] of MODELS) {
    row.model = model;
    row.quality = rng.next() < p ? 1 : 0;
    row.costUsd = cost * (0.5 + rng.next());
    row.latencyMs = latency * -Math.log(1 - rng.next());
    b.add(row, src, r + 2);
  }
}
const trace = b.finish();
console.log(`trace: ${requests.toLocaleString()} requests × ${MODELS.length} models`);

const large = time('singleModelDecisions(large)', () => singleModelDecisions(trace, 'large'));
const small = singleModelDecisions(trace, 'small');
const res = time('summarize(always:large)', () => summarize(trace, large, { seed: 1 }));
time('summarize(always:large, by task)', () => summarize(trace, large, { seed: 1, by: 'task' }));
time('pairedComparison(large vs small)', () => pairedComparison(trace, large, small, createRng(1)));
time('references (3 singles + oracle)', () => references(trace, { seed: 1 }));

// NumPy on the same always:large columns, in a child process (load time excluded from its own clock).
const dir = mkdtempSync(join(tmpdir(), 'routelab-bench-'));
try {
  writeFileSync(join(dir, 'q.f64'), large.quality);
  writeFileSync(join(dir, 'c.f64'), large.costUsd);
  writeFileSync(join(dir, 'l.f64'), large.latencyMs);
  const py = `
import numpy as np, time, json, sys
d = sys.argv[1]
q, c, l = (np.fromfile(f"{d}/{n}.f64") for n in "qcl")
t = time.perf_counter()
known = q[~np.isnan(q)]
out = [known.mean(), np.nansum(c), l.mean(), *np.quantile(l, [0.5, 0.95, 0.99])]
ms = (time.perf_counter() - t) * 1000
print(json.dumps({"ms": ms, "out": out}))`;
  const run = spawnSync('python3', ['-c', py, dir], { encoding: 'utf8' });
  if (run.status !== 0) {
    console.log(`numpy reference skipped: ${run.stderr.trim().split('\n').pop()}`);
  } else {
    const { ms, out } = JSON.parse(run.stdout) as { ms: number; out: number[] };
    const ours = [
      res.quality.mean!,
      res.costUsd.total,
      res.latencyMs!.mean,
      res.latencyMs!.p50,
      res.latencyMs!.p95,
      res.latencyMs!.p99,
    ];
    const maxRel = Math.max(...ours.map((v, i) => Math.abs(v - out[i]!) / Math.abs(out[i]!)));
    console.log(
      `numpy mean/sum/quantiles (no CI)               ${ms.toFixed(0).padStart(6)} ms; max relative difference ` +
        `${maxRel.toExponential(2)}`,
    );
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
