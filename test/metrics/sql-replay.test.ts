import { afterAll, describe, expect, it } from 'vitest';
import { builtinRegistry } from '../../policies/index.ts';
import { replayQuery, sqlReplay } from '../../src/metrics/sql-replay.ts';
import { summarize } from '../../src/metrics/summarize.ts';
import type { RunResult } from '../../src/metrics/types.ts';
import { resolvePolicy } from '../../src/policy/resolve-policy.ts';
import { replay } from '../../src/replay/replay.ts';
import { type SqlPolicy, sqlPolicy } from '../../src/replay/sql-policy.ts';
import { readTrace } from '../../src/traces/read-trace.ts';
import { tmpFiles } from '../fixtures/traces/tmp-files.ts';

const files = tmpFiles();
afterAll(() => files.cleanup());

// 5 requests × models a, b (r4 has no b row: unsupported for b), a True/False quality, an error, a score.
const SMALL =
  'request_id,model,quality,cost_usd,latency_ms,status,score\n' +
  'r1,a,True,0.1,10,,0.9\nr1,b,0.25,0.3,40,ok,0.9\n' +
  'r2,a,0,0.1,12.5,error,0.2\nr2,b,1,0.3,,ok,0.2\n' +
  'r3,a,,0.1,11,,0.5\nr3,b,1,,30,,0.5\n' +
  'r4,a,1,0.2,9,,0.7\n' +
  'r5,b,0.5,0.4,50,,0.1\nr5,a,False,0.1,8,,0.1\n';

/** Both engines' result of one spec on one file; the CI is left out (bootstrap vs normal limit). */
async function both(path: string, spec: string, seed = 3): Promise<[RunResult, RunResult]> {
  const trace = await readTrace(path);
  const policy = await resolvePolicy(spec, builtinRegistry());
  const [run] = await replay(trace, [policy], { seed });
  const js = summarize(trace, run!, { seed, resamples: 10 });
  const sql = await sqlReplay(sqlPolicy(spec, policy.name, seed, 'duckdb') as SqlPolicy, path, trace.modelNames);
  return [js, sql];
}

function expectAgreement(js: RunResult, sql: RunResult): void {
  const exact = (r: RunResult) => [
    r.policy,
    r.requests,
    r.quality.mean,
    r.quality.unknown,
    r.modelShare,
    r.unsupported,
    r.errors,
    r.costUsd.unknown,
  ];
  expect(exact(sql)).toEqual(exact(js));
  const close = (a: number | undefined, b: number | undefined) =>
    a === undefined || b === undefined
      ? expect(a).toBe(b)
      : expect(Math.abs(a - b)).toBeLessThanOrEqual(1e-12 * Math.abs(b));
  close(sql.costUsd.total, js.costUsd.total);
  close(sql.costUsd.perRequest, js.costUsd.perRequest);
  for (const k of ['mean', 'p50', 'p95', 'p99'] as const) close(sql.latencyMs?.[k], js.latencyMs?.[k]);
}

describe('replay as SQL (--engine duckdb)', () => {
  const small = files.write('small.csv', SMALL);
  it.each([
    'always:a',
    'always:b',
    'weighted:a=0.3,b=0.7',
    'weighted:b=2,a=0',
    'threshold:score?strong=b&weak=a&threshold=0.5',
  ])('agrees with the default engine on %s', async (spec) => {
    const [js, sql] = await both(small, spec);
    expectAgreement(js, sql);
  });

  it.each(['datasets/llmdrift.csv.gz', 'datasets/pricing-reversal.csv.gz'])(
    'agrees with the default engine on bundled %s (always and weighted)',
    async (path) => {
      const trace = await readTrace(path);
      const [m0, m1] = trace.modelNames;
      for (const spec of [`always:${m0}`, `weighted:${m0}=0.25,${m1}=0.75`]) {
        const [js, sql] = await both(path, spec);
        expectAgreement(js, sql);
      }
    },
  );

  it('writes ANSI SQL without DuckDB-only functions, and says why a policy has no SQL form', () => {
    const p = sqlPolicy('weighted:a=0.7,b=0.3', 'weighted:a=0.7,b=0.3', 0, 'ansi') as SqlPolicy;
    const ansi = replayQuery(p, 'trace', 'ansi');
    // The draw compares the first 8 hex digits of the MD5 with a precomputed cut: no hex → integer conversion.
    expect(ansi).toMatch(/SUBSTRING\(MD5\('0:weighted:a=0\.7,b=0\.3:0:' \|\| request_id\), 1, 8\) < '[0-9a-f]{8}'/);
    expect(ansi).not.toMatch(/FSUM|'0x'|UBIGINT/);
    expect(sqlPolicy('random', 'random', 0, 'ansi')).toMatch(/not a function of the request row/);
    expect(sqlPolicy('best-prior', 'best-prior', 0, 'ansi')).toMatch(/needs a training trace/);
  });
});
