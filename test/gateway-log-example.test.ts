import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { builtinRegistry } from '../policies/index.ts';
import { buildResults } from '../src/metrics/results.ts';
import { resolvePolicy } from '../src/policy/resolve-policy.ts';
import { replay } from '../src/replay/replay.ts';
import { describeTrace } from '../src/traces/describe.ts';
import { readTrace } from '../src/traces/read-trace.ts';
import type { Trace } from '../src/traces/trace.ts';

const root = new URL('..', import.meta.url).pathname;
const dir = join(root, 'datasets/gateway-log');
const MODELS = ['gpt-3.5-turbo-0301', 'gpt-3.5-turbo-0613', 'gpt-4-0314', 'gpt-4-0613'];

let litellm: Trace;
let otel: Trace;
let truth: {
  counts: { requests: number; calls: number };
  logged: { quality: number; errorRate: number };
  always: Record<string, { quality: number }>;
};

beforeAll(async () => {
  litellm = await readTrace(join(dir, 'litellm-spend-logs.json.gz'));
  otel = await readTrace(join(dir, 'otel-genai-spans.jsonl.gz'));
  truth = JSON.parse(await readFile(join(dir, 'truth.json'), 'utf8'));
});

describe('the bundled production log (datasets/gateway-log)', () => {
  it('is rebuilt byte for byte by scripts/make-gateway-log.ts', async () => {
    const out = await mkdtemp(join(tmpdir(), 'routelab-gateway-log-'));
    try {
      await promisify(execFile)(process.execPath, ['--import', 'tsx', 'scripts/make-gateway-log.ts', '--out', out], {
        cwd: root,
      });
      for (const f of ['litellm-spend-logs.json.gz', 'otel-genai-spans.jsonl.gz', 'truth.json']) {
        expect((await readFile(join(out, f))).equals(await readFile(join(dir, f))), f).toBe(true);
      }
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  }, 60_000);

  it('reads to the same requests, calls, tokens and failures from both formats', () => {
    expect([litellm.requestCount, litellm.rowCount]).toEqual([truth.counts.requests, truth.counts.calls]);
    const pick = (t: Trace) =>
      describeTrace(t).models.map((m) => [m.model, m.rows, m.inputTokensTotal, m.outputTokensTotal, m.errorRows]);
    expect(pick(otel)).toEqual(pick(litellm));
    expect(otel.warnings.find((w) => w.code === 'ignored-span')?.count).toBe(truth.counts.requests);
  });

  it('answers from valid estimates: production as measured, and DR CIs that cover each true value', async () => {
    const registry = builtinRegistry();
    const policies = await Promise.all(MODELS.map((m) => resolvePolicy(`always:${m}`, registry)));
    const runs = await replay(litellm, policies, { seed: 0 });
    const res = buildResults(litellm, runs, { seed: 0, resamples: 500, path: 'log', version: 't' });
    expect(res.references).toEqual({});
    const advice = res.logged!;
    expect(advice.asLogged!.quality).toBeCloseTo(truth.logged.quality, 12);
    expect(advice.asLogged!.errorRate).toBeCloseTo(truth.logged.errorRate, 12);
    for (const e of advice.estimates) {
      expect(e.reliable, e.policy).toBe(true);
      const t = truth.always[e.policy]!.quality;
      expect(t, e.policy).toBeGreaterThanOrEqual(e.ci95![0]);
      expect(t, e.policy).toBeLessThanOrEqual(e.ci95![1]);
    }
  }, 60_000);
});
