import { execFile } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const root = new URL('../..', import.meta.url).pathname;
const run = promisify(execFile);
const cli = (args: string[], cwd = root) =>
  run(process.execPath, [join(root, 'bin/routelab.js'), ...args], { cwd, maxBuffer: 1 << 24 });

/** The README's policy example, exactly as a user would copy it. */
async function readmePolicy(): Promise<string> {
  const readme = await readFile(join(root, 'README.md'), 'utf8');
  const block = /```ts\n(\/\/ my-policy\.ts[\s\S]*?)```/.exec(readme);
  if (!block) throw new Error('README.md: the "my-policy.ts" example is gone');
  return block[1]!;
}

describe('the README, followed by a new user', () => {
  it('runs the user policy written from the README through `routelab replay`', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'routelab-readme-'));
    await writeFile(join(dir, 'my-policy.ts'), await readmePolicy());
    const { stdout } = await cli(
      [
        'replay',
        join(root, 'datasets/llmdrift.csv.gz'),
        '--split',
        '0.5',
        '--policy',
        './my-policy.ts?maxChars=200',
        '--json',
        '-',
      ],
      dir,
    );
    const results = JSON.parse(stdout);
    const run = results.runs[0];
    expect(run.policy).toBe('short-first(200)');
    expect(run.error).toBeUndefined();
    expect(run.requests).toBe(775);
    // Every request is decided: the shares of the two models it uses add up to one.
    expect(Object.values(run.modelShare as Record<string, number>).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
  });

  it('validates a bundled dataset with `npx routelab validate` and reports JSON counts', async () => {
    const { stdout } = await cli(['validate', 'datasets/llmdrift.csv.gz', '--json', '-']);
    const summary = JSON.parse(stdout);
    expect(summary.requests).toBe(1550);
    expect(summary.rows).toBe(6200);
    expect(summary.models.map((m: { model: string; rows: number }) => [m.model, m.rows])).toEqual([
      ['gpt-3.5-turbo-0301', 1550],
      ['gpt-3.5-turbo-0613', 1550],
      ['gpt-4-0314', 1550],
      ['gpt-4-0613', 1550],
    ]);
  });

  it('validates every dataset of `datasets/*`, the price table too, and passes over docs and folders', async () => {
    const { readdir } = await import('node:fs/promises');
    const all = (await readdir(join(root, 'datasets'))).map((f) => `datasets/${f}`);
    const { stdout } = await cli(['validate', ...all, '--json', '-']);
    const summary = JSON.parse(stdout);
    expect(summary.traces.map((t: { requests: number }) => t.requests).sort((a: number, b: number) => a - b)).toEqual([
      1319, 1550, 4705, 5608, 14042,
    ]);
    expect(summary.priceTables).toHaveLength(1);
    expect(summary.skipped.map((s: { path: string }) => s.path).sort()).toEqual([
      'datasets/README.md',
      'datasets/arrivals',
      'datasets/deployments',
      'datasets/gateway-log',
      'datasets/licenses',
      'datasets/profiles',
    ]);
    expect(summary.errors).toEqual([]);
  });

  it('goes on past a bad file among several, reports it with its line and exits 1', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'routelab-validate-'));
    await writeFile(join(dir, 'bad.csv'), 'request_id,model,quality\nq1,a,1\nq2,a,7\n');
    const err = await cli([
      'validate',
      join(dir, 'bad.csv'),
      'datasets/llmdrift.csv.gz',
      '--json',
      join(dir, 'out.json'),
    ]).then(
      () => undefined,
      (e: { code: number; stderr: string }) => e,
    );
    expect(err?.code).toBe(1);
    expect(err?.stderr).toContain('bad.csv:3 (quality)');
    const summary = JSON.parse(await readFile(join(dir, 'out.json'), 'utf8'));
    expect(summary.traces.map((t: { requests: number }) => t.requests)).toEqual([1550]);
    expect(summary.errors).toHaveLength(1);
  });

  it.each([
    [['validate', 'no-such-file.csv'], 1, /no-such-file\.csv/],
    [['validate', 'README.md'], 2, /expected a trace or price table/],
    [['replay', 'datasets/llmdrift.csv.gz', '--policy', 'always:nope'], 1, /always:nope/],
    [['replay', 'datasets/llmdrift.csv.gz', '--policy', 'random', '--seed', '-3'], 2, /--seed/],
    [['replay', 'datasets/llmdrift.csv.gz', '--policy', 'no-such-policy'], 2, /unknown policy "no-such-policy"/],
    [['frobnicate'], 2, /unknown command/],
    [
      ['train', 'datasets/llmdrift.csv.gz', '--out', 'out/x', '--target-quality', '5'],
      2,
      /--target-quality: .*\[0, 1\]/,
    ],
    [['train', 'datasets/llmdrift.csv.gz', '--out', 'out/x', '--target-cost', '-1'], 2, /--target-cost: .*≥ 0/],
    [['sweep', 'datasets/llmdrift.csv.gz', '--policy', 'knn', '--param', 'k', '--points', '2'], 2, /--points/],
    [['demo', '--seed', 'x'], 2, /--seed: expected a number/],
  ])('`routelab %j` exits %i with a clear message and no stack trace', async (args, code, message) => {
    const err = await cli(args as string[]).then(
      () => undefined,
      (e: { code: number; stderr: string }) => e,
    );
    expect(err?.code).toBe(code);
    expect(err?.stderr).toMatch(message as RegExp);
    expect(err?.stderr).not.toMatch(/\n\s+at /);
  });
});
