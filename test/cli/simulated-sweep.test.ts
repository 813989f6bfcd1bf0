import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { tmpFiles } from '../fixtures/traces/tmp-files.ts';

const root = new URL('../..', import.meta.url).pathname;
const run = promisify(execFile);
const files = tmpFiles();
afterAll(() => files.cleanup());

const CSV = 'request_id,model,quality,cost_usd\nq1,a,1,1\nq1,b,1,4\nq2,a,0,1\nq2,b,1,4\n';

describe('sweep of a cascade with the simulated judge', () => {
  it.each([
    ['threshold', '0.5,1', 0.1, 'simulated judge (ε=0.1)'],
    ['epsilon', '0,0.5', null, 'simulated judge (each point’s ε)'],
  ])('labels the curve when sweeping %s', async (param, values, judgeErrorRate, note) => {
    const path = files.write('two.csv', CSV);
    const spec = 'cascade:a>b?accept=judge&epsilon=0.1';
    const args = ['sweep', path, '--policy', spec, '--param', param, '--values', values, '--json', '-'];
    const { stdout, stderr } = await run(process.execPath, [join(root, 'bin/routelab.js'), ...args], { cwd: root });
    expect(JSON.parse(stdout).simulated).toEqual({ judgeErrorRate });
    expect(stderr).toContain(`${note}: the cascade accepts by the recorded quality — a what-if curve`);
  });
});
