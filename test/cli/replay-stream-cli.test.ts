import { execFile } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
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

describe('streamed replay from the command line', () => {
  it('gives the in-memory numbers with --chunk-requests, references included', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'routelab-stream-cli-'));
    await cli(['replay', TRACE, ...POLICIES, '--json', join(dir, 'whole.json')]);
    const { stdout } = await cli([
      'replay',
      TRACE,
      ...POLICIES,
      '--chunk-requests',
      '300',
      '--json',
      join(dir, 's.json'),
    ]);
    expect(stdout).toMatch(/streamed in \d+ chunks of 300 requests/);
    type File = { runs: Run[]; references: { oracle: Run; bestSingle: Run } };
    const read = async (name: string) => JSON.parse(await readFile(join(dir, name), 'utf8')) as File;
    const pick = (r: Run) => [r.policy, r.requests, r.quality.mean, r.costUsd, r.modelShare];
    const [whole, streamed] = [await read('whole.json'), await read('s.json')];
    expect(streamed.runs.map(pick)).toEqual(whole.runs.map(pick));
    expect(pick(streamed.references.oracle)).toEqual(pick(whole.references.oracle));
    expect(pick(streamed.references.bestSingle)).toEqual(pick(whole.references.bestSingle));
  }, 120_000);

  it('reports a bad cell with the original file, its column and how to find its line', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'routelab-stream-cli-'));
    const bad = join(dir, 'bad.csv');
    await writeFile(bad, 'request_id,model,quality\nr1,a,1\nr2,a,x\n');
    const err = (await cli(['replay', bad, '--policy', 'always:a', '--chunk-requests', '1']).catch((e) => e)) as {
      stderr: string;
      code: number;
    };
    expect(err.stderr).toContain(`routelab: ${bad} (quality): expected a number in [0,1]`);
    expect(err.stderr).toContain(`got "x"`);
    expect(err.stderr).toContain(`run routelab validate ${bad} (chunks do not keep lines)`);
    expect(err.stderr).not.toContain('chunk-');
    expect(err.code).toBe(1);
    const empty = join(dir, 'empty.csv');
    await writeFile(empty, 'request_id,model,quality\n');
    const none = (await cli(['replay', empty, '--policy', 'random', '--chunk-requests', '5']).catch((e) => e)) as {
      stderr: string;
    };
    expect(none.stderr).toContain(`routelab: ${empty}: expected rows to replay, got none`);
  }, 60_000);

  it.each([
    [['--chunk-requests', '0'], '--chunk-requests: expected a whole number of requests ≥ 1, got "0"'],
    [['--chunk-requests', '100', '--by', 'task'], '--chunk-requests: runs without --by'],
    [['--chunk-requests', '100', '--workers', '2'], '--chunk-requests: runs without --workers'],
  ])(
    'refuses %j with a usage error',
    async (flags, message) => {
      const err = (await cli(['replay', TRACE, ...POLICIES, ...flags]).catch((e) => e)) as {
        stderr: string;
        code: number;
      };
      expect(err.stderr).toContain(message);
      expect(err.code).toBe(2);
    },
    60_000,
  );
});
