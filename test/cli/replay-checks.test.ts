import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtinRegistry } from '../../policies/index.ts';
import { learnedWarnings } from '../../src/cli/replay-checks.ts';
import { seenRequestsOf, writeSeenRequests } from '../../src/evaluate/seen-requests.ts';
import { trainRouter, type TrainResult } from '../../src/learn/train.ts';
import { buildResults } from '../../src/metrics/results.ts';
import { resolvePolicy } from '../../src/policy/resolve-policy.ts';
import { replay } from '../../src/replay/replay.ts';
import { subsetTrace } from '../../src/replay/subset-trace.ts';
import type { Trace } from '../../src/traces/trace.ts';
import { tmpFiles } from '../fixtures/traces/tmp-files.ts';
import { plantedTrace } from '../learn/synthetic.ts';

const root = new URL('../..', import.meta.url).pathname;
const run = promisify(execFile);
const files = tmpFiles();
// Unique prompts, so the overlap by prompt is the overlap by request.
const trace = plantedTrace(200, 1, (i, kind) =>
  kind === 'math' ? `Solve the integral equation number ${i}` : `Tell me a friendly story, number ${i}`,
);
let dir: string;
let trained: TrainResult;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'routelab-replay-checks-'));
  // weak costs $0.001, strong $0.01: a $0.004 target routes most chat prompts to weak on the calibration split.
  trained = await trainRouter(trace, {
    hashBits: 8,
    arch: 'logistic',
    epochs: 3,
    seed: 1,
    out: join(dir, 'm'),
    target: { type: 'target-cost', costUsd: 0.004 },
  });
  // As `routelab train` does after training.
  const seen = [...trained.split.train, ...trained.split.calibration];
  await writeSeenRequests(join(dir, 'm'), seenRequestsOf(trace, seen));
}, 120_000);
afterAll(async () => {
  files.cleanup();
  await rm(dir, { recursive: true, force: true });
});

async function warningsOn(test: Trace, spec: string) {
  const policy = await resolvePolicy(spec, builtinRegistry());
  const runs = await replay(test, [policy], { seed: 1 });
  const results = buildResults(test, runs, { seed: 1, resamples: 10, path: 'x', version: 'test' });
  return learnedWarnings([spec], results.runs, test);
}

describe('replay warnings about how far its numbers can be believed', () => {
  it('says when a learned router is replayed on requests it was trained on, with the overlap share', async () => {
    const spec = `learned:${join(dir, 'm')}`;
    const { train, calibration, test } = trained.split;
    // The whole training trace: train + calibration splits were seen, by id and by prompt.
    const share = ((train.length + calibration.length) / trace.requestCount) * 100;
    const all = await warningsOn(trace, spec);
    expect(all.find((w) => w.code === 'learned-overlap')).toEqual({
      code: 'learned-overlap',
      message: `${spec} was trained on ${share.toFixed(1)}% of the replayed requests (by request id ${share.toFixed(1)}%, by prompt ${share.toFixed(1)}%): its numbers here are inflated; replay traffic it has not seen`,
      count: train.length + calibration.length,
    });
    // The held-out test split: nothing seen.
    const held = await warningsOn(subsetTrace(trace, test), spec);
    expect(held.find((w) => w.code === 'learned-overlap')).toBeUndefined();
  }, 60_000);

  it('reports a cost target met on the calibration split but missed on the replayed traffic', async () => {
    expect(
      (trained.manifest.evaluation as { calibrationSplit: { targetMet: boolean } }).calibrationSplit.targetMet,
    ).toBe(true);
    // Only the math prompts, which only strong solves: the router sends them to strong at $0.01 > $0.004.
    const math = Uint32Array.from(trained.split.test.filter((r) => trace.prompts[r]!.includes('integral')));
    const spec = `learned:${join(dir, 'm')}`;
    const missed = (await warningsOn(subsetTrace(trace, math), spec)).find((w) => w.code === 'target-cost-missed');
    expect(missed?.message).toMatch(
      new RegExp(
        `^${spec.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} targets at most \\$0\\.004/request \\(met on its calibration split: \\$0\\.00[0-9]+/request\\) but costs \\$0\\.0[0-9]+/request on the replayed traffic \\(\\+[0-9.]+%\\)$`,
      ),
    );
  }, 60_000);

  it('says when --train shares requests with the replayed trace', async () => {
    const csv = 'request_id,model,prompt,quality,cost_usd\nq1,a,hi,1,1\nq1,b,hi,0,2\nq2,a,yo,0,1\nq2,b,yo,1,2\n';
    const path = files.write('same.csv', csv);
    const args = [join(root, 'bin/routelab.js'), 'replay', path, '--train', path, '--policy', 'best-prior'];
    const { stdout } = await run(process.execPath, [...args, '--json', '-'], { cwd: root });
    expect(JSON.parse(stdout).trace.warnings).toContainEqual({
      code: 'train-overlap',
      message: `100.0% of the replayed requests are also in --train ${path} (by request id 100.0%, by prompt 100.0%): policies that learn from it are scored on requests they have seen; replay traffic held out from training`,
      count: 2,
    });
  });
});
