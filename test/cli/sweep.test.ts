import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { tmpFiles } from '../fixtures/traces/tmp-files.ts';
import { costOf, KINDS, kindOf, MODELS, qualityOf } from '../evaluate/many-model-trace.ts';

const root = new URL('../..', import.meta.url).pathname;
const run = promisify(execFile);
/** The CLI as a user runs it (stderr is a pipe, not a TTY), with its exit code instead of a rejection. */
async function cli(args: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [join(root, 'bin/routelab.js'), ...args], { cwd });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

const files = tmpFiles();
afterAll(() => files.cleanup());

function csv(n: number, prefix: string): string {
  const lines = ['request_id,model,prompt,quality,cost_usd'];
  for (let i = 0; i < n; i++)
    MODELS.forEach((model, m) =>
      lines.push(`${prefix}${i},${model},${KINDS[kindOf(i)]} request ${i},${qualityOf(m, kindOf(i))},${costOf(m)}`),
    );
  return `${lines.join('\n')}\n`;
}

describe('routelab sweep', () => {
  const test = files.write('test.csv', csv(20, 't'));
  const train = files.write('train.csv', csv(40, 'r'));
  files.write(
    'flaky.ts',
    `export default (options) => ({
  name: 'flaky?x=' + options.x,
  decide: () => {
    if (options.x === '2') throw new Error('x = 2 is not supported');
    return { type: 'model', model: 'm00' };
  },
});
`,
  );

  it('prints the auto λ grid without float noise, a CI per point, and no progress bar off a TTY', async () => {
    const out = join(files.dir, 'auto.json');
    const r = await cli(
      ['sweep', test, '--train', train, '--policy', 'knn?k=3', '--param', 'lambda', '--points', '7', '--json', out],
      files.dir,
    );
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const json = JSON.parse(readFileSync(out, 'utf8'));
    for (const p of json.points) {
      expect(Number(p.value.toPrecision(6))).toBe(p.value);
      expect(p.ci95).toHaveLength(2);
    }
    const rows = r.stdout.split('\n').filter((l) => /^\d/.test(l));
    expect(rows.map((l) => l.split(/\s+/)[0])).toEqual(json.points.map((p: { value: number }) => String(p.value)));
    expect(r.stdout).toContain('95% CI');
  });

  it('keeps going past a failing point, writes the rest and exits 1', async () => {
    const out = join(files.dir, 'flaky.json');
    const r = await cli(
      ['sweep', test, '--policy', './flaky.ts', '--param', 'x', '--values', '0.0256,2,3', '--json', out],
      files.dir,
    );
    expect(r.code).toBe(1);
    const json = JSON.parse(readFileSync(out, 'utf8'));
    expect(json.points.map((p: { value: number }) => p.value)).toEqual([0.0256, 3]);
    expect(json.failures).toHaveLength(1);
    expect(json.failures[0].value).toBe(2);
    expect(json.failures[0].error).toContain('x = 2 is not supported');
    expect(r.stdout).toMatch(/^0\.0256 /m);
    expect(r.stdout).toContain('x = 2 failed:');
  });
});
