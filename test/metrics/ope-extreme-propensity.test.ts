import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { tmpFiles } from '../fixtures/traces/tmp-files.ts';

const root = new URL('../..', import.meta.url).pathname;
const run = promisify(execFile);
const files = tmpFiles();
afterAll(() => files.cleanup());

// r2 and r4 were logged with absurd propensities (1e-300 and a subnormal, whose inverse is Infinity).
const LOG = `request_id,model,task,quality,cost_usd,propensity
r1,a,math,1,1,0.5
r2,b,math,1,4,1e-300
r3,a,code,0,1,0.5
r4,b,code,1,4,5e-324
r5,b,code,0,4,0.5
`;

describe('off-policy estimates with extreme propensities', () => {
  it('warns, clips the weights at the floor, counts them and flags estimates outside quality’s range', async () => {
    const path = files.write('extreme.csv', LOG);
    const args = [join(root, 'bin/routelab.js'), 'replay', path, '--policy', 'always:b', '--json', '-'];
    const { stdout, stderr } = await run(process.execPath, args, { cwd: root });
    const results = JSON.parse(stdout);
    expect(results.trace.warnings).toContainEqual({
      code: 'tiny-propensity',
      message: 'propensity below 0.0001: off-policy weights clipped at its inverse',
      count: 2,
    });
    // always:b agrees with the log on r2, r4 (weights clipped to 1e4) and r5 (weight 2).
    // IPS = (1e4·1 + 1e4·1 + 2·0) / 5 = 4000: the estimator's value, outside [0, 1], so flagged.
    // SNIPS = 2e4 / (2e4 + 2) stays in range.
    const ope = results.runs[0].ope;
    expect(ope).toMatchObject({ maxWeight: 1e4, propensityFloor: 1e-4, clipped: 2 });
    expect(ope.ips).toMatchObject({ quality: 4000, outOfRange: true });
    expect(ope.snips.quality).toBeCloseTo(2e4 / (2e4 + 2), 12);
    expect(ope.snips.outOfRange).toBeUndefined();
    // Unknown latency may be null elsewhere; the estimates themselves are never null or infinite.
    expect(JSON.stringify(results.runs.map((r: { ope: unknown }) => r.ope))).not.toMatch(/null|Infinity/);
    expect(stdout).not.toMatch(/Infinity/);
    expect(stderr).toContain('400000.0%!');
    expect(stderr).toContain("! outside quality's range [0%, 100%]");
    expect(stderr).toContain(
      'weights clipped at 1/0.0001 where a logged propensity was below 0.0001 (requests): always:b 2',
    );
    expect(stderr).not.toMatch(/Infinity|e\+/);
  });
});
