import { execFile } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const root = new URL('../..', import.meta.url).pathname;
const run = promisify(execFile);

describe('the README section "Simulating load and failures", followed by a new user', () => {
  it('runs its deployment example through `routelab simulate` on the bundled trace', async () => {
    const readme = await readFile(join(root, 'README.md'), 'utf8');
    const block = /A deployment file \(`my-gateway\.json`[^\n]*\n\n```json\n([\s\S]*?)```/.exec(readme);
    if (!block) throw new Error('README.md: the my-gateway.json example is gone');
    const dir = await mkdtemp(join(tmpdir(), 'routelab-readme-sim-'));
    await writeFile(join(dir, 'my-gateway.json'), block[1]!);
    const args = ['simulate', join(root, 'datasets/llmdrift.csv.gz'), '--deployment', 'my-gateway.json'];
    const policies = ['--policy', 'always:gpt-4-0613', '--policy', 'least-busy', '--policy', 'latency-slo:20000'];
    const { stdout } = await run(
      process.execPath,
      [
        join(root, 'bin/routelab.js'),
        ...args,
        ...policies,
        '--arrivals',
        'azure:code',
        '--slo',
        '30000',
        '--json',
        '-',
      ],
      { cwd: dir, maxBuffer: 1 << 24 },
    );
    const results = JSON.parse(stdout);
    expect(results.runs.map((r: { policy: string }) => r.policy)).toEqual([
      'always:gpt-4-0613',
      'least-busy',
      'latency-slo:20000',
    ]);
    for (const r of results.runs) {
      expect(Object.values(r.statuses as Record<string, number>).reduce((a, b) => a + b, 0)).toBe(1550);
      // The outage on openai/gpt-4-0613 and the limits show up as failed calls.
      expect(r.calls.total).toBeGreaterThan(r.statuses.ok);
    }
  });
});
