import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { builtinRegistry } from '../../policies/index.ts';
import { replayQuery, type SqlResultRow, sqlRunResult } from '../../src/metrics/sql-replay.ts';
import { summarize } from '../../src/metrics/summarize.ts';
import type { RunResult } from '../../src/metrics/types.ts';
import { resolvePolicy } from '../../src/policy/resolve-policy.ts';
import { replay } from '../../src/replay/replay.ts';
import { SQL_DIALECTS } from '../../src/replay/sql-dialect.ts';
import { type SqlPolicy, sqlPolicy } from '../../src/replay/sql-policy.ts';
import { duckDbConnection } from '../../src/traces/engines/duckdb-connection.ts';
import { readTrace } from '../../src/traces/read-trace.ts';
import { tmpFiles } from '../fixtures/traces/tmp-files.ts';

const files = tmpFiles();
afterAll(() => files.cleanup());
const root = new URL('../..', import.meta.url).pathname;

// A table with every column the printed query reads (as text, as a warehouse table loaded from CSV would be).
const HEADER = 'request_id,model,quality,cost_usd,latency_ms,status,input_tokens,output_tokens,score\n';
const TRACE =
  'r1,m2,1,0.5,10,ok,10,2,0.9\nr1,m10,0.5,0.25,30,ok,10,4,0.9\nr1,m010,0,0.125,20,error,10,1,0.9\n' +
  'r2,m2,0,0.5,12,ok,20,2,0.2\nr2,m10,1,0.25,40,ok,20,4,0.2\nr2,m010,1,0.125,8,ok,20,1,0.2\n' +
  'r3,m2,1,0.5,11,ok,5,2,0.6\nr3,m10,,0.25,9,ok,5,4,0.6\n' +
  'r4,m2,0.5,,13,ok,8,2,0.4\nr4,m10,1,0.25,17,ok,8,4,0.4\nr4,m010,0,0.125,,ok,8,1,0.4\n';
const TRAIN = 'q1,m2,1,1,5,ok,1,1,0\nq1,m10,1,0.5,5,ok,1,1,0\nq1,m010,0,0.25,5,ok,1,1,0\n';
const tracePath = files.write('trace.csv', HEADER + TRACE);
const trainPath = files.write('train.csv', HEADER + TRAIN);

const SPECS = [
  'always:m10',
  'weighted:m2=0.5,m10=0.25,m010=0.25',
  'threshold:score?strong=m2&weak=m010&threshold=0.5',
  'cheapest',
  'best-prior',
];

/** The default engine's result of a spec on the trace (training rows from TRAIN). */
async function defaultEngine(spec: string, seed: number): Promise<RunResult> {
  const [trace, train] = [await readTrace(tracePath), await readTrace(trainPath)];
  const [run] = await replay(trace, [await resolvePolicy(spec, builtinRegistry())], { seed, train });
  return summarize(trace, run!, { seed, resamples: 10 });
}

async function duckDb() {
  const conn = await duckDbConnection();
  if (typeof conn === 'string') throw new Error(conn);
  const csv = (p: string) => `read_csv('${p}', all_varchar=true, header=true)`;
  await conn.run(`CREATE OR REPLACE VIEW trace AS SELECT * FROM ${csv(tracePath)}`);
  await conn.run(`CREATE OR REPLACE VIEW train AS SELECT * FROM ${csv(trainPath)}`);
  return conn;
}

const fields = (r: RunResult) => [
  r.policy,
  r.requests,
  r.quality.mean,
  r.modelShare,
  r.unsupported,
  r.errors,
  r.costUsd,
];

describe('the printed ANSI query', () => {
  it.each(SPECS)('of %s runs in DuckDB and gives the default engine numbers', async (spec) => {
    const seed = 7;
    const conn = await duckDb();
    const name = (await resolvePolicy(spec, builtinRegistry())).name;
    const policy = sqlPolicy(spec, name, seed, 'ansi', { train: true }) as SqlPolicy;
    const query = replayQuery(policy, 'trace', 'ansi', undefined, { source: 'train' });
    const rows = (await (await conn.run(query)).getRowObjects()) as SqlResultRow[];
    const js = await defaultEngine(spec, seed);
    const sql = sqlRunResult(policy, rows, ['m2', 'm010', 'm10']);
    expect(fields(sql)).toEqual(fields(js));
    expect(sql.latencyMs?.p95).toBeCloseTo(js.latencyMs!.p95, 12);
  });

  it('is what `routelab sql` prints, and that text runs in DuckDB', async () => {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [join(root, 'bin/routelab.js'), 'sql', '--policy', 'cheapest', '--table', 'trace', '--train-table', 'train'],
      { cwd: root },
    );
    const conn = await duckDb();
    const rows = (await (await conn.run(stdout.replace(/;\s*$/, ''))).getRowObjects()) as SqlResultRow[];
    const policy = sqlPolicy('cheapest', 'cheapest', 0, 'ansi', { train: true }) as SqlPolicy;
    expect(fields(sqlRunResult(policy, rows, ['m2', 'm010', 'm10']))).toEqual(
      fields(await defaultEngine('cheapest', 0)),
    );
  }, 60_000);

  it.each([
    ['trino', ['LOWER(TO_HEX(MD5(TO_UTF8(', 'APPROX_PERCENTILE(latency_ms, 0.5)', "'$1')", 'AS DOUBLE)', '"quality"']],
    ['spark', ['MD5(', 'PERCENTILE(latency_ms, 0.95)', 'MONOTONICALLY_INCREASING_ID()', 'AS STRING)', '`quality`']],
    [
      'bigquery',
      ['TO_HEX(MD5(', 'APPROX_QUANTILES(latency_ms, 100)[OFFSET(99)]', "'\\\\1')", 'AS FLOAT64)', '`cost_usd`'],
    ],
  ] as const)('for %s spells the engine-specific parts its way', (dialect, parts) => {
    expect(SQL_DIALECTS).toContain(dialect);
    const policy = sqlPolicy('weighted:a=1,b=1', 'w', 0, dialect, { train: true }) as SqlPolicy;
    const cheapest = sqlPolicy('cheapest', 'cheapest', 0, dialect) as SqlPolicy;
    const text = replayQuery(policy, 'trace', dialect) + replayQuery(cheapest, 'trace', dialect);
    for (const part of parts) expect(text).toContain(part);
    expect(text).not.toMatch(/FSUM|QUALIFY|NULLS (FIRST|LAST)|DOUBLE PRECISION/);
  });
});
