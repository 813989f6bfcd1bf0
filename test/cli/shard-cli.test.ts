import { execFile } from 'node:child_process';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const root = new URL('../..', import.meta.url).pathname;
const run = promisify(execFile);
const cli = (args: string[]) =>
  run(process.execPath, [join(root, 'bin/routelab.js'), ...args], { cwd: root, maxBuffer: 1 << 24 });

const TRACE = 'datasets/routellm-gsm8k.csv.gz';
const POLICIES = ['--policy', 'random', '--policy', 'cheapest'];
type Run = { policy: string; quality: { mean: number }; costUsd: unknown; modelShare: unknown; requests: number };

describe('sharded replay from the command line', () => {
  it('merges `replay --shard i/2` files, and `--workers 2`, into the whole run', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'routelab-shards-'));
    const json = (name: string) => join(dir, name);
    await cli(['replay', TRACE, ...POLICIES, '--json', json('whole.json')]);
    await cli(['replay', TRACE, ...POLICIES, '--shard', '1/2', '--json', json('s1.json')]);
    await cli(['replay', TRACE, ...POLICIES, '--shard', '2/2', '--json', json('s2.json')]);
    await cli(['merge', json('s2.json'), json('s1.json'), '--json', json('merged.json')]);
    await cli(['replay', TRACE, ...POLICIES, '--workers', '2', '--json', json('workers.json')]);
    const read = async (name: string) => JSON.parse(await readFile(json(name), 'utf8')) as { runs: Run[] };
    const pick = (r: Run) => [r.policy, r.requests, r.quality.mean, r.costUsd, r.modelShare];
    const whole = (await read('whole.json')).runs.map(pick);
    expect((await read('merged.json')).runs.map(pick)).toEqual(whole);
    expect((await read('workers.json')).runs.map(pick)).toEqual(whole);
  }, 120_000);

  it('refuses a malformed --shard', async () => {
    const err = await cli(['replay', TRACE, ...POLICIES, '--shard', '3/2']).catch((e: { stderr: string }) => e);
    expect((err as { stderr: string }).stderr).toContain('--shard: expected i/n with 1 <= i <= n');
  }, 60_000);
});
