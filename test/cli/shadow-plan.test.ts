import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readTrace } from '../../src/traces/read-trace.ts';
import type { Trace } from '../../src/traces/trace.ts';

const root = new URL('../..', import.meta.url).pathname;
const run = promisify(execFile);
const cli = (args: string[]) =>
  run(process.execPath, [join(root, 'bin/routelab.js'), ...args], { cwd: root, maxBuffer: 1 << 24 });
const CANDIDATES = ['gpt-4-0314', 'gpt-3.5-turbo-0613'];

let dir: string;
let truth: Trace;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'routelab-shadow-'));
  truth = await readTrace(join(root, 'datasets/llmdrift.csv.gz'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

/** The full-information truth for (request, model): quality and output tokens. */
function answer(id: string, model: string): { quality: number; outputTokens: number } {
  const r = truth.requestIds.indexOf(id);
  for (let i = truth.requestRowStart[r]!; i < truth.requestRowStart[r + 1]!; i++) {
    if (truth.modelNames[truth.rowModel[i]!] === model)
      return { quality: truth.quality[i]!, outputTokens: truth.outputTokens[i]! };
  }
  throw new Error(`no row for ${id} on ${model}`);
}

describe('shadow evaluation: plan → OpenAI batch → import-batch → replay', () => {
  it('samples per task, brings graded answers back and estimates each candidate for the whole log', async () => {
    await cli([
      'plan',
      'datasets/gateway-log/litellm-spend-logs.json.gz',
      '--candidates',
      CANDIDATES.join(','),
      '--precision',
      '0.03',
      '--by',
      'task',
      '--out',
      dir,
    ]);
    const plan = JSON.parse(await readFile(join(dir, 'plan.json'), 'utf8'));
    // Neyman allocation with the log's spread per task (≈ 0.5): 203 + 21 + 398 of 500 + 50 + 1,000.
    expect(plan.strata.map((s: { label: string; sampled: number }) => [s.label, s.sampled])).toEqual([
      ['counthappynumber', 203],
      ['leetcode_easy', 21],
      ['prime', 398],
    ]);
    const outputs: string[] = [];
    const scores = ['request_id,model,quality'];
    for (const model of CANDIDATES) {
      const lines = (await readFile(join(dir, `batch-${model}.jsonl`), 'utf8')).trim().split('\n');
      const out = lines.map((l, k) => {
        const req = JSON.parse(l);
        expect(req.body.model).toBe(model);
        const a = answer(req.custom_id, model);
        scores.push(`${req.custom_id},${model},${a.quality}`);
        const body = { model: `${model}-batch`, usage: { prompt_tokens: 20, completion_tokens: a.outputTokens } };
        return JSON.stringify({
          id: `batch_req_${k}`,
          custom_id: req.custom_id,
          response: { status_code: 200, body },
          error: null,
        });
      });
      const path = join(dir, `out-${model}.jsonl`);
      await writeFile(path, `${out.join('\n')}\n`);
      outputs.push(path);
    }
    await writeFile(join(dir, 'scores.csv'), `${scores.join('\n')}\n`);
    const shadow = join(dir, 'shadow.csv');
    await cli([
      'import-batch',
      ...outputs,
      '--plan',
      join(dir, 'plan.json'),
      '--scores',
      join(dir, 'scores.csv'),
      '--out',
      shadow,
    ]);
    const { stdout } = await cli([
      'replay',
      shadow,
      ...CANDIDATES.flatMap((m) => ['--policy', `always:${m}`]),
      '--json',
      '-',
    ]);
    const results = JSON.parse(stdout);
    for (const [k, model] of CANDIDATES.entries()) {
      const w = results.runs[k].weighted;
      expect(w.answered).toBe(622);
      expect(w.represents).toBeCloseTo(1550, 9);
      // The truth: the candidate's mean quality over all 1,550 requests of the full-information trace.
      let sum = 0;
      for (const id of truth.requestIds) sum += answer(id, model).quality;
      const t = sum / truth.requestCount;
      expect(t).toBeGreaterThanOrEqual(w.ci95[0]);
      expect(t).toBeLessThanOrEqual(w.ci95[1]);
      expect(w.ci95[1] - w.ci95[0]).toBeLessThan(2 * 0.031);
    }
  }, 120_000);

  it('refuses an answer for a request the plan did not sample, with its file and line', async () => {
    const path = join(dir, 'stray.jsonl');
    const stray = { custom_id: 'nope', response: { status_code: 200, body: { model: 'gpt-4' } }, error: null };
    await writeFile(path, `${JSON.stringify(stray)}\n`);
    const err = await cli(['import-batch', path, '--plan', join(dir, 'plan.json'), '--out', join(dir, 'x.csv')]).catch(
      (e: { code: number; stderr: string }) => e,
    );
    expect((err as { code: number }).code).toBe(1);
    expect((err as { stderr: string }).stderr).toContain(
      'stray.jsonl:1 (custom_id): expected a request id of the plan, got "nope"',
    );
  }, 60_000);
});
