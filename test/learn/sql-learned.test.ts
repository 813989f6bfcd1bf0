import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtinRegistry } from '../../policies/index.ts';
import { learnedSql } from '../../src/cli/sql-learned.ts';
import { loadModelDir } from '../../src/learn/index.ts';
import { predictionsCsv } from '../../src/learn/predictions.ts';
import { routeIndex } from '../../src/learn/route.ts';
import { learnedSqlPolicy } from '../../src/learn/sql-learned.ts';
import { trainRouter } from '../../src/learn/train.ts';
import { duckDbSource, sqlReplay } from '../../src/metrics/sql-replay.ts';
import { summarize } from '../../src/metrics/summarize.ts';
import type { RunResult } from '../../src/metrics/types.ts';
import { resolvePolicy } from '../../src/policy/resolve-policy.ts';
import { replay } from '../../src/replay/replay.ts';
import { readTrace } from '../../src/traces/read-trace.ts';
import { writeTrace } from '../../src/traces/write-trace.ts';
import { tmpFiles } from '../fixtures/traces/tmp-files.ts';
import { plantedTrace } from './synthetic.ts';

const files = tmpFiles();
let dir: string;
let tracePath: string;
let scoresPath: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'routelab-sql-learned-'));
  const trace = plantedTrace(160, 2);
  tracePath = join(dir, 'trace.csv');
  await writeTrace(trace, tracePath);
  await trainRouter(trace, { hashBits: 8, arch: 'logistic', epochs: 3, seed: 1, out: join(dir, 'm') });
  // Predictions of the trace as read back from its file, as `routelab score` writes them.
  const loaded = await loadModelDir(join(dir, 'm'));
  scoresPath = files.write('scores.csv', predictionsCsv(await readTrace(tracePath), loaded.predictor()));
}, 120_000);
afterAll(async () => {
  files.cleanup();
  await rm(dir, { recursive: true, force: true });
});

const root = new URL('../..', import.meta.url).pathname;
const cli = (args: string[]) =>
  promisify(execFile)(process.execPath, [join(root, 'bin/routelab.js'), ...args], { cwd: root, maxBuffer: 1 << 24 });

const fields = (r: RunResult) => [r.policy, r.requests, r.quality.mean, r.modelShare, r.unsupported, r.errors];

describe('the learned router as SQL over precomputed predictions', () => {
  it.each(['', '?lambda=0', '?lambda=40', '?target-cost=0.004', '?target-quality=0.6', '?models=weak'])(
    'decides as the default engine does (learned:<dir>%s)',
    async (options) => {
      const spec = `learned:${join(dir, 'm')}${options}`;
      const trace = await readTrace(tracePath);
      const policy = await resolvePolicy(spec, builtinRegistry());
      const [run] = await replay(trace, [policy], { seed: 0 });
      const js = summarize(trace, run!, { seed: 0, resamples: 10 });
      const sql = await learnedSql(spec, policy.name, 'duckdb', duckDbSource(scoresPath), trace.modelNames);
      const result = await sqlReplay(sql!, tracePath, trace.modelNames);
      expect(fields(result)).toEqual(fields(js));
    },
  );

  it('runs from the command line: score, then replay --engine duckdb --scores, as the default engine', async () => {
    const spec = `learned:${join(dir, 'm')}?lambda=20`;
    const out = join(dir, 'cli-scores.csv');
    await cli(['score', tracePath, '--policy', spec, '--out', out]);
    const args = ['replay', tracePath, '--policy', spec, '--json', '-'];
    const sql = await cli([...args, '--engine', 'duckdb', '--scores', out]);
    expect(sql.stderr).toContain('replayed as SQL in DuckDB');
    const runs = (text: string) => (JSON.parse(text) as { runs: RunResult[] }).runs.map(fields);
    expect(runs(sql.stdout)).toEqual(runs((await cli(args)).stdout));
    const printed = await cli(['sql', '--policy', spec, '--scores-table', 'scores']);
    expect(printed.stdout).toContain('FROM scores GROUP BY request_id');
  }, 120_000);

  it('decides as the default engine does on bundled llmdrift', async () => {
    const path = 'datasets/llmdrift.csv.gz';
    const trace = await readTrace(path);
    const out = join(dir, 'drift');
    await trainRouter(trace, { hashBits: 8, arch: 'logistic', epochs: 3, seed: 1, out });
    const scores = files.write('drift-scores.csv', predictionsCsv(trace, (await loadModelDir(out)).predictor()));
    for (const spec of [`learned:${out}`, `learned:${out}?lambda=30`]) {
      const policy = await resolvePolicy(spec, builtinRegistry());
      const [run] = await replay(trace, [policy], { seed: 0 });
      const js = summarize(trace, run!, { seed: 0, resamples: 10 });
      const sql = await learnedSql(spec, policy.name, 'duckdb', duckDbSource(scores), trace.modelNames);
      expect(fields(await sqlReplay(sql!, path, trace.modelNames))).toEqual(fields(js));
    }
  }, 120_000);

  it('refuses predictions that lack a request', async () => {
    const partial = files.write('partial.csv', 'request_id,model,predicted_quality\nq0,weak,0.5\nq0,strong,0.5\n');
    const spec = `learned:${join(dir, 'm')}`;
    const trace = await readTrace(tracePath);
    const sql = await learnedSql(spec, 'learned', 'duckdb', duckDbSource(partial), trace.modelNames);
    await expect(sqlReplay(sql!, tracePath, trace.modelNames)).rejects.toThrow(/routelab score/);
  });

  // routeIndex's 1e-12 tolerance and cheaper-model tie-break on near-ties, one request at a time.
  it('unrolls routeIndex exactly, tolerance and tie-breaks included', async () => {
    const models = ['a', 'b', 'c'];
    const q = fc.constantFrom(0.5, 0.5 + 4e-13, 0.5 + 9e-13, 0.5 + 2e-12, 0.5 - 6e-13, 0.7);
    await fc.assert(
      fc.asyncProperty(
        fc.tuple(q, q, q),
        fc.tuple(fc.constantFrom(1, 2), fc.constantFrom(1, 2), fc.constantFrom(1, 2)),
        fc.constantFrom(0, 1e-13, 0.05),
        fc.subarray([0, 1, 2], { maxLength: 2 }),
        async (probs, costUsd, lambda, excluded) => {
          const trace = files.write('one.csv', 'request_id,model,quality\nr,a,0\nr,b,0\nr,c,0\n');
          const lines = probs.map((p, m) => `r,${models[m]},${p}`).join('\n');
          const scores = files.write('one-scores.csv', `request_id,model,predicted_quality\n${lines}\n`);
          const rule = { models, lambda, costUsd, excluded };
          const sql = learnedSqlPolicy('learned', rule, duckDbSource(scores), 'duckdb');
          const result = await sqlReplay(sql, trace, models);
          const p = Float64Array.from(probs, (v, m) => (excluded.includes(m) ? -Infinity : v));
          expect(Object.keys(result.modelShare)).toEqual([models[routeIndex(p, 0, costUsd, lambda)]]);
        },
      ),
      { numRuns: 60, seed: 4 },
    );
  });
});
