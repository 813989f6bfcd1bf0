/**
 * Published results reproduced through the same path a user takes: read the bundled dataset, replay
 * `always:<model>` policies, summarise by task.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtinRegistry } from '../../policies/index.ts';
import { buildResults } from '../../src/metrics/results.ts';
import { resolvePolicy } from '../../src/policy/resolve-policy.ts';
import { replay } from '../../src/replay/replay.ts';
import { readPriceTable } from '../../src/traces/price-table.ts';
import { priceTrace } from '../../src/traces/price-trace.ts';
import { readTrace } from '../../src/traces/read-trace.ts';

const datasets = new URL('../../datasets/', import.meta.url).pathname;

async function replayAlways(name: string, models: readonly string[]) {
  const prices = await readPriceTable(join(datasets, 'prices.json'));
  const { trace } = priceTrace(await readTrace(join(datasets, `${name}.csv.gz`)), prices);
  const registry = builtinRegistry();
  const policies = await Promise.all(models.map((m) => resolvePolicy(`always:${m}`, registry)));
  const runs = await replay(trace, policies, { seed: 0 });
  return buildResults(trace, runs, { seed: 0, resamples: 200, by: 'task', path: name, version: 'test' });
}

describe('known results from the bundled data', () => {
  it('LLMDrift (Chen, Zaharia, Zou 2023): GPT-4-0314 84.0% vs GPT-4-0613 50.2% on primes, with their recorded costs', async () => {
    const r = await replayAlways('llmdrift', ['gpt-4-0314', 'gpt-4-0613']);
    const [march, june] = r.runs.map((run) => run.slices!.prime!);
    expect(march!.quality.mean).toBeCloseTo(0.84, 12);
    expect(june!.quality.mean).toBeCloseTo(0.502, 12);
    expect(march!.costUsd.total).toBeCloseTo(13.82736, 9);
    expect(june!.costUsd.total).toBeCloseTo(1.07364, 9);
    expect(r.runs.map((run) => run.unsupported)).toEqual([0, 0]);
  });

  it('RouteLLM MMLU: Mixtral-8x7B 9,560 and GPT-4-1106 11,315 correct of 14,042 (counted with Python csv on the raw files)', async () => {
    const r = await replayAlways('routellm-mmlu', ['mistralai/Mixtral-8x7B-Instruct-v0.1', 'gpt-4-1106-preview']);
    expect(r.runs.map((run) => run.quality.mean)).toEqual([9560 / 14042, 11315 / 14042]);
    expect(r.runs.map((run) => run.costUsd.estimatedShare)).toEqual([1, 1]);
  });

  it('RouteLLM GSM8K: Mixtral-8x7B 842 and GPT-4-1106 1,130 correct of 1,319', async () => {
    const r = await replayAlways('routellm-gsm8k', ['mistralai/Mixtral-8x7B-Instruct-v0.1', 'gpt-4-1106-preview']);
    expect(r.runs.map((run) => run.quality.mean)).toEqual([842 / 1319, 1130 / 1319]);
    // The oracle is never worse than either model, and on these two it is right whenever either is.
    expect(r.references.oracle!.quality.mean!).toBeGreaterThanOrEqual(1130 / 1319);
  });
});
