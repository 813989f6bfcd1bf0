/**
 * Policies with per-model statistics as SQL, and the merge that carries references, on one generated 8-column
 * trace (10 models per request):
 *   1. cheapest, best-prior (statistics from the same file as training rows) and weighted: the default engine
 *      (read + replay + summary, in process) against the SQL replay in DuckDB over the CSV; each in a child
 *      process, so peak RSS is the run's own;
 *   2. shard + merge with references and per-slice states: 4 shards' states and their merge against the whole
 *      run's buildResults (references included), in process.
 *
 *   npx tsx bench/sql-policies.ts [rows]   (default 1,000,000)
 *
 * Figures are per CPU second (user + system) and wall: the machine is shared with other work. Nothing is asserted.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { builtinRegistry } from '../policies/index.ts';
import { mergeShardResults, type ShardResults } from '../src/metrics/merge-results.ts';
import { buildResults } from '../src/metrics/results.ts';
import { shardSummary } from '../src/metrics/shard-summary.ts';
import { sqlReplay, sqlTraceModels } from '../src/metrics/sql-replay.ts';
import { summarize } from '../src/metrics/summarize.ts';
import { resolvePolicy } from '../src/policy/resolve-policy.ts';
import { replay } from '../src/replay/replay.ts';
import { shardTrace } from '../src/replay/shard.ts';
import { type SqlPolicy, sqlPolicy } from '../src/replay/sql-policy.ts';
import { readTrace } from '../src/traces/read-trace.ts';
import { writeEightColumnCsv } from './eight-column.ts';

const self = fileURLToPath(import.meta.url);
const cpuMs = (u: NodeJS.CpuUsage): number => (u.user + u.system) / 1000;
const SPECS = ['cheapest', 'best-prior', 'weighted:model-0=0.3,model-3=0.7'];

interface Run {
  cpuMs: number;
  wallMs: number;
  peakMb: number;
  quality: number | null;
}

async function child(engine: string, spec: string, path: string): Promise<void> {
  const t = performance.now();
  const cpu = process.cpuUsage();
  let quality: number | null;
  if (engine === 'sql') {
    const sql = sqlPolicy(spec, spec, 0, 'duckdb', { train: true }) as SqlPolicy;
    quality = (await sqlReplay(sql, path, await sqlTraceModels(path), path)).quality.mean;
  } else {
    const trace = await readTrace(path);
    const [run] = await replay(trace, [await resolvePolicy(spec, builtinRegistry())], { seed: 0, train: trace });
    quality = summarize(trace, run!, { seed: 0, resamples: 1000 }).quality.mean;
  }
  const run: Run = {
    cpuMs: cpuMs(process.cpuUsage(cpu)),
    wallMs: performance.now() - t,
    peakMb: process.resourceUsage().maxRSS / 1024,
    quality,
  };
  process.stdout.write(JSON.stringify(run));
}

function measure(engine: string, spec: string, path: string): Run {
  const r = spawnSync(process.execPath, ['--import', 'tsx', self, '--child', engine, spec, path], {
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`${engine} ${spec} failed:\n${r.stderr}`);
  return JSON.parse(r.stdout) as Run;
}

/** Best of three by CPU time (a shared machine only ever adds time). */
const best = (f: () => Run): Run => [f(), f(), f()].sort((a, b) => a.cpuMs - b.cpuMs)[0]!;

async function mergeOverhead(path: string): Promise<string> {
  const trace = await readTrace(path);
  const policies = await Promise.all(SPECS.map((s) => resolvePolicy(s, builtinRegistry())));
  const options = { seed: 0, resamples: 200, path, version: 'bench' };
  let cpu = process.cpuUsage();
  const runs = await replay(trace, policies, { seed: 0, train: trace });
  buildResults(trace, runs, options);
  const wholeMs = cpuMs(process.cpuUsage(cpu));
  cpu = process.cpuUsage();
  const shards: ShardResults[] = [];
  for (let i = 1; i <= 4; i++) {
    const shard = { index: i, count: 4 };
    const part = shardTrace(trace, shard);
    const partRuns = await replay(part, policies, { seed: 0, train: trace });
    const base = buildResults(part, partRuns, options);
    shards.push({ ...base, shard: shardSummary(part, partRuns, { seed: 0, resamples: 200, shard }) });
  }
  const shardMs = cpuMs(process.cpuUsage(cpu));
  cpu = process.cpuUsage();
  const merged = mergeShardResults(shards);
  const mergeMs = cpuMs(process.cpuUsage(cpu));
  return (
    `whole replay + results (references included) ${wholeMs.toFixed(0)} ms CPU; 4 shards with their states ` +
    `${shardMs.toFixed(0)} ms (×${(shardMs / wholeMs).toFixed(2)}); merge ${mergeMs.toFixed(0)} ms ` +
    `(×${(mergeMs / wholeMs).toFixed(3)}); merged best single ${merged.references.bestSingle?.policy}`
  );
}

async function main(): Promise<void> {
  const rows = Number(process.argv[2] ?? 1_000_000);
  const dir = mkdtempSync(join(tmpdir(), 'routelab-sql-bench-'));
  try {
    const path = join(dir, 'trace.csv');
    writeEightColumnCsv(path, rows);
    console.log(`${rows} rows (${rows / 10} requests × 10 models); CPU = user + system; shared machine, best of 3`);
    for (const spec of SPECS) {
      const js = best(() => measure('js', spec, path));
      const sql = best(() => measure('sql', spec, path));
      const figures = (r: Run) =>
        `${r.cpuMs.toFixed(0)} ms CPU / ${r.wallMs.toFixed(0)} ms wall / ${r.peakMb.toFixed(0)} MB`;
      console.log(
        `${spec}: default ${figures(js)}; SQL ${figures(sql)}; ` +
          `SQL/default CPU ×${(sql.cpuMs / js.cpuMs).toFixed(2)}, wall ×${(sql.wallMs / js.wallMs).toFixed(2)}; ` +
          `quality mean ${js.quality} vs ${sql.quality}`,
      );
    }
    console.log(await mergeOverhead(path));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[2] === '--child') await child(process.argv[3]!, process.argv[4]!, process.argv[5]!);
else await main();
