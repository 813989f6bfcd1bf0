import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const root = new URL('../..', import.meta.url).pathname;
const run = promisify(execFile);

describe('routelab replay on a logged trace', () => {
  it('writes off-policy estimates for each run to the JSON and prints their table', async () => {
    const args = ['replay', 'test/fixtures/traces/logged.csv', '--policy', 'always:b', '--json', '-'];
    const { stdout, stderr } = await run(process.execPath, [join(root, 'bin/routelab.js'), ...args], { cwd: root });
    const results = JSON.parse(stdout);
    // Same arithmetic as ope.test.ts: w = 0, 4, 0, 2, 4 on quality 1, 1, 0, 1, 0.
    expect(results.runs[0].ope).toMatchObject({
      ips: { quality: 1.2 },
      snips: { quality: 0.6 },
      maxWeight: 4,
      matchShare: 0.6,
      requests: 5,
    });
    expect(stderr).toContain('off-policy estimates (logged trace');
  });
});
