/**
 * Engine and scale, in one run on the same generated files (an 8-column trace, 10 models per request):
 *   1. ingest rows per CPU second: the JS reader, the DuckDB engine, raw DuckDB (read_csv + an aggregate)
 *      and pandas.read_csv; peak RSS per row of each;
 *   2. sweep / oracle / static policies against fair NumPy anchors running the same algorithms
 *      (searchsorted + bincount + cumsum; argmax; column means);
 *   3. shard + merge overhead: 4 shards replayed and merged vs the whole replay;
 *   4. a 10M-row replay (built in process, one policy + summary + references) and the same replay as SQL
 *      in DuckDB over a 10M-row Parquet file: time and peak RSS.
 *
 *   npx tsx bench/engine.ts [rows]   (default 1,000,000; the 10M-row part runs with `--big`)
 *
 * Figures are per CPU second (user + system) where marked: the machine is shared. Nothing is asserted.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { builtinRegistry } from '../policies/index.ts';
import { mergeShardResults, type ShardResults } from '../src/metrics/merge-results.ts';
import { oracleDecisions } from '../src/metrics/references.ts';
import { singleModelTotals } from '../src/metrics/single-model-totals.ts';
import { buildResults } from '../src/metrics/results.ts';
import { shardSummary } from '../src/metrics/shard-summary.ts';
import { sqlReplay } from '../src/metrics/sql-replay.ts';
import { resolvePolicy } from '../src/policy/resolve-policy.ts';
import { replay } from '../src/replay/replay.ts';
import { shardTrace } from '../src/replay/shard.ts';
import { type SqlPolicy, sqlPolicy } from '../src/replay/sql-policy.ts';
import { twoModelSweep } from '../src/replay/two-model-sweep.ts';
import { duckDbConnection } from '../src/traces/engines/duckdb-connection.ts';
import { readTraceWithEngine } from '../src/traces/engines/read-with-engine.ts';
import type { Trace } from '../src/traces/trace.ts';
import { writeEightColumnCsv } from './eight-column.ts';
import { ingest } from './ingest.ts';

const self = fileURLToPath(import.meta.url);
const cpuMs = (u: NodeJS.CpuUsage): number => (u.user + u.system) / 1000;
const PYTHON = ['python3', '/usr/bin/python3'].find((p) => spawnSync(p, ['-c', 'import pandas']).status === 0);

export interface Run {
  rows: number;
  cpuMs: number;
  wallMs: number;
  peakMb: number;
}

async function child(mode: string, path: string): Promise<void> {
  // DuckDB's module is loaded before the clock starts, as pandas is imported before its clock (~0.3 s CPU
  // once per process; printed apart).
  if (mode === 'duckdb' || mode === 'raw-duckdb') await duckDbConnection();
  const t = performance.now();
  const cpu = process.cpuUsage();
  let rows = 0;
  if (mode === 'idle') rows = 0;
  else if (mode === 'load-duckdb') await duckDbConnection();
  else if (mode === 'js' || mode === 'duckdb')
    rows = (await readTraceWithEngine(path, { engine: mode })).trace.rowCount;
  else if (mode === 'raw-duckdb') {
    const conn = await duckDbConnection();
    if (typeof conn === 'string') throw new Error(conn);
    const sql = `SELECT count(*), sum(quality::DOUBLE), count(DISTINCT request_id) FROM read_csv('${path}')`;
    rows = Number((await (await conn.run(sql)).getRows())[0]![0]);
  } else if (mode === 'sql-replay') {
    const policy = sqlPolicy('weighted:model-0=0.3,model-3=0.7', 'w', 0, 'duckdb') as SqlPolicy;
    rows = (await sqlReplay(policy, path, [])).requests * 10;
  } else if (mode === 'big-replay') rows = await bigReplay(Number(path));
  const used = process.cpuUsage(cpu);
  const run: Run = {
    rows,
    cpuMs: cpuMs(used),
    wallMs: performance.now() - t,
    peakMb: process.resourceUsage().maxRSS / 1024,
  };
  process.stdout.write(JSON.stringify(run));
}

function measure(mode: string, arg: string): Run {
  const r = spawnSync(process.execPath, ['--import', 'tsx', self, '--child', mode, arg], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${mode} failed:\n${r.stderr}`);
  return JSON.parse(r.stdout) as Run;
}

function python(code: string): string {
  if (!PYTHON) return 'skipped: no python3 with pandas (apt-get install python3-pandas)';
  const r = spawnSync(PYTHON, ['-c', code], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`python failed:\n${r.stderr}`);
  return r.stdout.trim();
}

/** A trace of `rows` rows built in process (no file), replayed with one policy, summarised with references. */
async function bigReplay(rows: number): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'routelab-big-'));
  try {
    const path = join(dir, 'big.csv');
    writeEightColumnCsv(path, rows);
    const { trace } = await readTraceWithEngine(path, { engine: 'duckdb' });
    rmSync(path);
    const runs = await replay(trace, [await resolvePolicy('weighted:model-0=0.3,model-3=0.7', builtinRegistry())], {
      seed: 0,
    });
    buildResults(trace, runs, { seed: 0, path, version: 'bench' });
    return trace.rowCount;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function table(rows: string[][]): void {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  for (const r of rows)
    console.log(r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  '));
}

function timeIt<T>(f: () => T, repeat = 3): { ms: number; value: T } {
  let best = Infinity;
  let value: T | undefined;
  for (let i = 0; i < repeat; i++) {
    const c = process.cpuUsage();
    value = f();
    best = Math.min(best, cpuMs(process.cpuUsage(c)));
  }
  return { ms: best, value: value! };
}

async function anchors(trace: Trace, dir: string): Promise<void> {
  console.log('\n2. hot paths vs NumPy running the same algorithm (best of 3, CPU ms; ratio = NumPy time / ours)');
  const R = trace.requestCount;
  const M = trace.modelNames.length;
  const f64 = (a: ArrayLike<number>, name: string): string => {
    const p = join(dir, `${name}.f64`);
    writeFileSync(p, Buffer.from(Float64Array.from(a).buffer));
    return p;
  };
  const score = Float64Array.from({ length: R }, (_, r) => ((r * 7919) % 1000) / 1000);
  const thresholds = Array.from({ length: 101 }, (_, k) => k / 100);
  const scores = { strong: trace.modelNames[9]!, weak: trace.modelNames[0]!, score };
  const sweep = timeIt(() => twoModelSweep(trace, scores, thresholds));
  // The same work as NumPy's side: the oracle's choices and every model's totals (bench/replay.ts has each
  // apart); references() adds summaries, CIs and percentiles that NumPy's side does not compute.
  const refs = timeIt(() => [oracleDecisions(trace), singleModelTotals(trace)]);
  const [q, c, s] = [f64(trace.quality, 'q'), f64(trace.costUsd, 'c'), f64(score, 's')];
  const py = python(`import time, numpy as np
R, M = ${R}, ${M}
q = np.fromfile(${JSON.stringify(q)}).reshape(R, M); c = np.fromfile(${JSON.stringify(c)}).reshape(R, M)
s = np.fromfile(${JSON.stringify(s)}); t = np.linspace(0, 1, 101)
def best(f):
    out = []
    for _ in range(3):
        a = time.process_time(); f(); out.append(time.process_time() - a)
    return min(out) * 1000
def sweep():
    b = np.searchsorted(t, s, side='right')
    dq = np.bincount(b, weights=q[:, 9] - q[:, 0], minlength=102)
    dc = np.bincount(b, weights=c[:, 9] - c[:, 0], minlength=102)
    n = np.bincount(b, minlength=102)
    quality = q[:, 0].sum() + np.cumsum(dq[::-1])[::-1]
    cost = c[:, 0].sum() + np.cumsum(dc[::-1])[::-1]
    return quality, cost, np.cumsum(n[::-1])[::-1]
def oracle_and_static():
    key = q * 1e6 - c
    m = np.argmax(key, axis=1); rows = np.arange(R)
    return q[rows, m].mean(), c[rows, m].sum(), q.mean(axis=0), c.sum(axis=0), np.bincount(m, minlength=M)
print(best(sweep), best(oracle_and_static))`);
  const [npSweep, npRefs] = py.split(/\s+/).map(Number);
  table([
    ['path', 'ours ms', 'NumPy ms', 'ratio'],
    [
      'threshold sweep, 101 thresholds',
      sweep.ms.toFixed(1),
      npSweep!.toFixed(1),
      `${(npSweep! / sweep.ms).toFixed(2)}×`,
    ],
    [
      'oracle + always-<model> totals, 10 models',
      refs.ms.toFixed(1),
      npRefs!.toFixed(1),
      `${(npRefs! / refs.ms).toFixed(2)}×`,
    ],
  ]);
}

async function shardOverhead(trace: Trace): Promise<void> {
  console.log('\n3. shard + merge (weighted policy, in process, CPU ms)');
  const spec = 'weighted:model-0=0.3,model-3=0.7';
  const whole = async (): Promise<void> => {
    const runs = await replay(trace, [await resolvePolicy(spec, builtinRegistry())], { seed: 0 });
    buildResults(trace, runs, { seed: 0, path: 'x', version: 'bench' });
  };
  const sharded = async (n: number): Promise<void> => {
    const files: ShardResults[] = [];
    for (let i = 1; i <= n; i++) {
      const part = shardTrace(trace, { index: i, count: n });
      const runs = await replay(part, [await resolvePolicy(spec, builtinRegistry())], { seed: 0 });
      const base = buildResults(part, runs, { seed: 0, path: 'x', version: 'bench' });
      files.push({
        ...base,
        shard: shardSummary(part, runs, { seed: 0, resamples: 1000, shard: { index: i, count: n } }),
      });
    }
    mergeShardResults(JSON.parse(JSON.stringify(files)) as ShardResults[]);
  };
  const t = async (f: () => Promise<void>): Promise<number> => {
    const c = process.cpuUsage();
    await f();
    return cpuMs(process.cpuUsage(c));
  };
  const w = await t(whole);
  const s = await t(() => sharded(4));
  console.log(
    `whole ${w.toFixed(0)} ms; 4 shards (sequential) + merge ${s.toFixed(0)} ms: overhead ${(s / w).toFixed(2)}×`,
  );
}

async function big(dir: string): Promise<void> {
  console.log('\n4. 10M rows (1M requests × 10 models)');
  const r = measure('big-replay', '10000000');
  console.log(
    `in process (write CSV, DuckDB read, replay, summary + references): ${(r.wallMs / 1000).toFixed(1)} s wall, ` +
      `${(r.cpuMs / 1000).toFixed(1)} s CPU, peak RSS ${r.peakMb.toFixed(0)} MB ` +
      `(${((r.peakMb * 2 ** 20) / r.rows).toFixed(0)} B/row)`,
  );
  const conn = await duckDbConnection();
  if (typeof conn === 'string') return console.log(`SQL replay skipped: ${conn}`);
  const parquet = join(dir, 'big.parquet');
  await conn.run(
    `COPY (SELECT 'req-' || (i // 10) AS request_id, 'model-' || (i % 10) AS model, (hash(i) % 100) / 100.0 AS quality,
       (i % 10 + 1) * 1e-5 AS cost_usd, 100 + hash(i * 3) % 9000 AS latency_ms FROM range(10000000) t(i))
     TO '${parquet}' (FORMAT parquet)`,
  );
  const s = measure('sql-replay', parquet);
  console.log(
    `as SQL in DuckDB over Parquet (out of core): ${(s.wallMs / 1000).toFixed(1)} s wall, ` +
      `${(s.cpuMs / 1000).toFixed(1)} s CPU, peak RSS ${s.peakMb.toFixed(0)} MB`,
  );
}

async function main(): Promise<void> {
  if (process.argv[2] === '--child') return child(process.argv[3]!, process.argv[4]!);
  const rows = Number(process.argv.find((a) => /^\d+$/.test(a)) ?? 1_000_000);
  const dir = mkdtempSync(join(tmpdir(), 'routelab-engine-'));
  try {
    const csv = join(dir, 'trace.csv');
    writeEightColumnCsv(csv, rows);
    console.log(`${rows.toLocaleString('en-US')} rows, 8 columns, 10 models; machine shared: CPU-time figures`);
    await ingest(csv, rows, { measure, python, table });
    const { trace } = await readTraceWithEngine(csv, { engine: 'duckdb' });
    await anchors(trace, dir);
    await shardOverhead(trace);
    if (process.argv.includes('--big')) await big(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
