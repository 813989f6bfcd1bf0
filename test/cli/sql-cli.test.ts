import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const root = new URL('../..', import.meta.url).pathname;
const run = promisify(execFile);
const cli = (args: string[]) =>
  run(process.execPath, [join(root, 'bin/routelab.js'), ...args], { cwd: root, maxBuffer: 1 << 24 });

type Run = { policy: string; requests: number; quality: { mean: number }; modelShare: Record<string, number> };

describe('policies as SQL from the command line', () => {
  it('replays with --engine duckdb as SQL, agreeing with the default engine', async () => {
    const args = ['replay', 'datasets/llmdrift.csv.gz', '--policy', 'weighted:gpt-4-0314=0.3,gpt-3.5-turbo-0301=0.7'];
    const sql = await cli([...args, '--engine', 'duckdb', '--json', '-']);
    expect(sql.stderr).toContain('replayed as SQL in DuckDB');
    const whole = await cli([...args, '--json', '-']);
    const pick = (r: Run) => [r.policy, r.requests, r.quality.mean, r.modelShare];
    const runs = (out: string) => (JSON.parse(out) as { runs: Run[] }).runs.map(pick);
    expect(runs(sql.stdout)).toEqual(runs(whole.stdout));
  }, 60_000);

  it('replays cheapest and best-prior (statistics from --train) as SQL, agreeing with the default engine', async () => {
    const trace = 'datasets/pricing-reversal.csv.gz';
    const args = ['replay', trace, '--policy', 'cheapest', '--policy', 'best-prior', '--train', trace, '--json', '-'];
    const sql = await cli([...args, '--engine', 'duckdb']);
    expect(sql.stderr).toContain('replayed as SQL in DuckDB');
    const whole = await cli(args);
    const pick = (r: Run) => [r.policy, r.requests, r.quality.mean, r.modelShare];
    const runs = (out: string) => (JSON.parse(out) as { runs: Run[] }).runs.map(pick);
    expect(runs(sql.stdout)).toEqual(runs(whole.stdout));
  }, 120_000);

  it.each([
    [['sql', '--policy', 'always:a', '--dialect', 'oracle'], /--dialect: expected one of ansi, trino, spark, bigquery/],
    [['sql', '--policy', 'best-prior'], /needs a training trace/],
    [['score', 'datasets/llmdrift.csv.gz', '--policy', 'cheapest', '--out', 'x.csv'], /expected learned:<model dir>/],
    [['replay', 'datasets/llmdrift.csv.gz', '--policy', 'cheapest', '--scores', 'x.csv'], /add --engine duckdb/],
  ])(
    'refuses %j with a clear error',
    async (args, message) => {
      const err = (await cli(args).catch((e: unknown) => e)) as { stderr: string; code: number };
      expect(err.stderr).toMatch(message);
      expect(err.stderr).not.toMatch(/\n\s+at /);
      expect(err.code).toBeGreaterThan(0);
    },
    60_000,
  );

  it('prints a policy as ANSI SQL, and refuses one that is not a row function', async () => {
    const { stdout } = await cli(['sql', '--policy', 'always:gpt-4o', '--table', 'logs']);
    expect(stdout).toContain("'gpt-4o' AS chosen");
    expect(stdout).toContain('FROM logs');
    const err = await cli(['sql', '--policy', 'random']).catch((e: { stderr: string }) => e);
    expect((err as { stderr: string }).stderr).toContain('not a function of the request row');
  }, 60_000);
});
