import { execFile } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const root = new URL('../..', import.meta.url).pathname;
const run = promisify(execFile);
const cli = (args: string[], cwd: string) =>
  run(process.execPath, [join(root, 'bin/routelab.js'), ...args], { cwd, maxBuffer: 1 << 24 });

/**
 * 4 requests 100 ms apart on a (latency 250 ms, cost 1) and b (latency 50 ms, cost 0.1); provider pa has
 * one slot and rpm 3, so with always:a r1 and r2 queue (waits 150 and 300 ms) and r3 is refused (429)
 * and falls back to b. Latencies: r0 250, r1 400, r2 550, r3 50.
 */
const trace = [
  'request_id,model,timestamp,latency_ms,cost_usd,quality,input_tokens,output_tokens',
  ...[0, 1, 2, 3].flatMap((i) => [
    `r${i},a,${1_700_000_000_000 + 100 * i},250,1,1,10,10`,
    `r${i},b,${1_700_000_000_000 + 100 * i},50,0.1,0,10,10`,
  ]),
].join('\n');

const deployment = {
  providers: [
    { name: 'pa', model: 'a', concurrency: 1, rpm: 3 },
    { name: 'pb', model: 'b' },
  ],
  gateway: { fallbacks: { a: ['b'] } },
};

async function setup(dep: unknown = deployment): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'routelab-sim-'));
  await writeFile(join(dir, 't.csv'), `${trace}\n`);
  await writeFile(join(dir, 'd.json'), JSON.stringify(dep));
  return dir;
}

const args = ['simulate', 't.csv', '--deployment', 'd.json', '--policy', 'always:a', '--policy', 'always:b'];

describe('routelab simulate', () => {
  it('writes the results JSON and one CSV row per request and policy, byte-identical on a rerun', async () => {
    const dir = await setup();
    const out = ['--slo', '300', '--json', 'out.json', '--requests-csv', 'req.csv', '--prices', 'none'];
    await cli([...args, ...out], dir);
    const [json, csv] = await Promise.all([readFile(join(dir, 'out.json')), readFile(join(dir, 'req.csv'))]);
    await cli([...args, ...out], dir);
    expect(await readFile(join(dir, 'out.json'))).toEqual(json);
    expect(await readFile(join(dir, 'req.csv'))).toEqual(csv);
    const a = JSON.parse(json.toString()).runs[0];
    expect(a.policy).toBe('always:a');
    expect(a.statuses).toEqual({ ok: 4, error: 0, timeout: 0, rate_limited: 0, unsupported: 0 });
    expect(a.latencyMs.p50).toBe(325); // of 50, 250, 400, 550
    expect(a.sloAttainment).toBe(0.5); // 250 and 50 are ≤ 300
    expect(a.calls).toMatchObject({ total: 5, ok: 4, rate_limited: 1 });
    expect([a.fallbacks, a.retries, a.costUsd.total]).toEqual([1, 0, 3.1]);
    expect(a.providerShare).toEqual({ pa: 0.75, pb: 0.25 });
    const lines = csv.toString().trimEnd().split('\n');
    expect(lines).toHaveLength(1 + 2 * 4);
    expect(lines[4]).toBe('r3,always:a,b,pb,1700000000300,1700000000300,1700000000350,0,50,ok,2,0,1,0.1,0');
    expect(lines[2]).toBe('r1,always:a,a,pa,1700000000100,1700000000250,1700000000500,150,400,ok,1,0,0,1,1');
  });

  it('refuses a bad deployment with the JSON path and exit code 1', async () => {
    const dir = await setup({ providers: [{ name: 'pa', model: 'a', rpm: -3 }] });
    const err = await cli(args, dir).catch((e: { code: number; stderr: string }) => e);
    expect((err as { code: number }).code).toBe(1);
    expect((err as { stderr: string }).stderr).toBe(
      'routelab: d.json (providers[0].rpm): expected number to be >=1, got -3\n',
    );
  });
});
