import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { builtinRegistry } from '../../policies/index.ts';
import { ConfigError } from '../../src/core/errors.ts';
import { streamReplay } from '../../src/evaluate/stream-replay.ts';
import { buildResults } from '../../src/metrics/results.ts';
import type { ReplayResults, RunResult } from '../../src/metrics/types.ts';
import type { Policy } from '../../src/policy/types.ts';
import { resolvePolicy } from '../../src/policy/resolve-policy.ts';
import { replay } from '../../src/replay/replay.ts';
import { spillRequestChunks } from '../../src/traces/engines/duckdb-spill.ts';
import { readTrace } from '../../src/traces/read-trace.ts';

const dir = mkdtempSync(join(tmpdir(), 'routelab-stream-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;

const SPECS = ['always:a', 'weighted:a=0.3,b=0.7', 'random', 'cheapest', 'cascade:a>c?accept=judge&epsilon=0.2'];
const policies = (): Promise<Policy[]> => Promise.all(SPECS.map((s) => resolvePolicy(s, builtinRegistry())));

interface Cell {
  r: number;
  m: 'a' | 'b' | 'c';
  q: string;
  c: number;
  l: number;
  s: 'ok' | 'error';
}

/** A CSV of the cells, one row per (request, model) (later duplicates dropped), ids q0, q1, … q40. */
function writeCsv(cells: readonly Cell[]): string {
  const seen = new Set<string>();
  const lines = ['request_id,model,quality,cost_usd,latency_ms,status'];
  for (const { r, m, q, c, l, s } of cells) {
    if (seen.has(`${r} ${m}`)) continue;
    seen.add(`${r} ${m}`);
    lines.push(`q${r},${m},${q},${c / 1e4},${l},${s}`);
  }
  const path = join(dir, `t${files++}.csv`);
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

const cell = fc.record({
  r: fc.integer({ min: 0, max: 40 }),
  m: fc.constantFrom('a' as const, 'b' as const, 'c' as const),
  q: fc.oneof(
    fc.constant(''),
    fc.integer({ min: 0, max: 10 }).map((x) => String(x / 10)),
  ),
  c: fc.integer({ min: 1, max: 999 }),
  l: fc.integer({ min: 1, max: 99_999 }),
  s: fc.constantFrom('ok' as const, 'ok' as const, 'error' as const),
});

async function inMemory(path: string): Promise<ReplayResults> {
  const trace = await readTrace(path);
  return buildResults(trace, await replay(trace, await policies(), { seed: 5 }), { seed: 5, path, version: 't' });
}

async function streamed(
  path: string,
  chunkRequests: number,
): Promise<ReplayResults & { streamed: { chunks: number } }> {
  const out = mkdtempSync(join(dir, 'chunks-'));
  const chunks = await spillRequestChunks([path], chunkRequests, out);
  return streamReplay(await policies(), {
    seed: 5,
    resamples: 1000,
    path,
    version: 't',
    chunks: chunks.files.length,
    readChunk: (k) => readTrace(chunks.files[k]!),
  });
}

/** Exact: counts, sums, means, shares; percentiles within the sketch's 1% of the exact ones. */
function expectSameRun(a: RunResult, b: RunResult): void {
  expect(b.policy).toBe(a.policy);
  expect([b.requests, b.quality.mean, b.quality.unknown]).toEqual([a.requests, a.quality.mean, a.quality.unknown]);
  expect(b.costUsd).toEqual(a.costUsd);
  expect(b.modelShare).toEqual(a.modelShare);
  expect([b.unsupported, b.errors, b.errorRate, b.error]).toEqual([a.unsupported, a.errors, a.errorRate, a.error]);
  expect(b.latencyMs === undefined).toBe(a.latencyMs === undefined);
  if (!a.latencyMs || !b.latencyMs) return;
  expect(b.latencyMs.mean).toBe(a.latencyMs.mean);
  for (const p of ['p50', 'p95', 'p99'] as const)
    expect(Math.abs(b.latencyMs[p] - a.latencyMs[p])).toBeLessThanOrEqual(0.01 * a.latencyMs[p] + 1e-9);
}

describe('streamReplay', () => {
  it('equals the in-memory replay for any chunk size: exact sums and shares, percentiles within 1%', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(cell, { minLength: 1, maxLength: 60 }),
        fc.integer({ min: 1, max: 45 }),
        async (cells, n) => {
          const path = writeCsv(cells);
          const [a, b] = [await inMemory(path), await streamed(path, n)];
          expect(b.streamed.chunks).toBe(Math.max(1, Math.ceil(a.trace.requests / n)));
          expect([b.trace.requests, b.trace.models]).toEqual([a.trace.requests, a.trace.models]);
          a.runs.forEach((run, i) => expectSameRun(run, b.runs[i]!));
          expect(b.frontier).toEqual(a.frontier);
        },
      ),
      { numRuns: 15 },
    );
  });

  it('gives the references of a full matrix, and with one chunk the in-memory bootstrap CI', async () => {
    const cells: Cell[] = [];
    for (let r = 0; r < 30; r++)
      for (const m of ['a', 'b', 'c'] as const)
        cells.push({ r, m, q: String(((r * 7 + m.charCodeAt(0)) % 11) / 10), c: r + 1, l: 100 + r * 13, s: 'ok' });
    const path = writeCsv(cells);
    const a = await inMemory(path);
    for (const n of [7, 30]) {
      const b = await streamed(path, n);
      expect(b.references.bestSingle?.policy).toBe(a.references.bestSingle?.policy);
      expectSameRun(a.references.oracle!, b.references.oracle!);
      a.references.singles!.forEach((s, i) => expectSameRun(s, b.references.singles![i]!));
      // One chunk: the chunk's bootstrap is the whole run's (same rng, same requests).
      if (n === 30) a.runs.forEach((run, i) => expect(b.runs[i]!.quality.ci95).toEqual(run.quality.ci95));
    }
  });

  it('decides every chunk with the whole trace’s catalog means and scores failures as the whole trace does', async () => {
    // Chunks of 2: [q0 q1] [q2 q3]. Mean cost of a: (1 + 1 + 10 + 10) / 4 = 5.5, of b: 5, so cheapest picks b
    // everywhere (chunk 1 alone would pick a). The second chunk has no quality at all, but the trace has one, so
    // its failed call scores 0 there too.
    const cells: Cell[] = [
      { r: 0, m: 'a', q: '1', c: 1e4, l: 10, s: 'ok' },
      { r: 0, m: 'b', q: '0.5', c: 5e4, l: 10, s: 'ok' },
      { r: 1, m: 'a', q: '1', c: 1e4, l: 10, s: 'ok' },
      { r: 1, m: 'b', q: '0.5', c: 5e4, l: 10, s: 'ok' },
      { r: 2, m: 'a', q: '', c: 10e4, l: 10, s: 'error' },
      { r: 2, m: 'b', q: '', c: 5e4, l: 10, s: 'error' },
      { r: 3, m: 'a', q: '', c: 10e4, l: 10, s: 'ok' },
      { r: 3, m: 'b', q: '', c: 5e4, l: 10, s: 'ok' },
    ];
    const path = writeCsv(cells);
    const [a, b] = [await inMemory(path), await streamed(path, 2)];
    const cheapest = SPECS.indexOf('cheapest');
    expect(a.runs[cheapest]!.modelShare).toEqual({ b: 1 });
    // always:a: qualities 1, 1, 0 (failed), unknown → mean 2/3.
    expect(a.runs[0]!.quality).toMatchObject({ mean: 2 / 3, unknown: 1 });
    a.runs.forEach((run, i) => expectSameRun(run, b.runs[i]!));
  });

  it('refuses a policy that learns from feedback, whose arrival order chunks do not keep', async () => {
    const learner: Policy = { name: 'learner', decide: () => ({ type: 'model', model: 'a' }), observe: () => {} };
    const run = streamReplay([learner], {
      seed: 0,
      resamples: 10,
      path: 'x',
      version: 't',
      chunks: 0,
      readChunk: () => readTrace([]),
    });
    await expect(run).rejects.toThrow(ConfigError);
    await expect(run).rejects.toThrow(/learner learns from feedback \(observe\)/);
  });

  it('fails a run whose policy throws, and keeps failing it in later chunks', async () => {
    const cells: Cell[] = Array.from({ length: 12 }, (_, r) => ({ r, m: 'a', q: '1', c: 1, l: 10, s: 'ok' }));
    const path = writeCsv(cells);
    const out = mkdtempSync(join(dir, 'chunks-'));
    const chunks = await spillRequestChunks([path], 4, out);
    let calls = 0;
    const thrower: Policy = {
      name: 'thrower',
      decide: (req) => {
        calls++;
        if (req.id === 'q10') throw new Error('boom');
        return { type: 'model', model: 'a' };
      },
    };
    const res = await streamReplay([thrower], {
      seed: 0,
      resamples: 10,
      path,
      version: 't',
      chunks: chunks.files.length,
      readChunk: (k) => readTrace(chunks.files[k]!),
    });
    // Chunks by id bytes: [q0 q1 q10 q11] [q2 q3 q4 q5] [q6 q7 q8 q9]; it fails at q10, the third request.
    expect(calls).toBe(3);
    expect(res.runs[0]!.error).toMatchObject({ policy: 'thrower', requestId: 'q10', phase: 'decide' });
    expect(res.runs[0]!.requests).toBe(12);
    expect(res.runs[0]!.quality.unknown).toBe(12);
  });
});
