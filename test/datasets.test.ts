import { execFile } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { readPriceTable, resolvePrice } from '../src/traces/price-table.ts';
import type { PriceTable } from '../src/traces/price-types.ts';
import { priceTrace } from '../src/traces/price-trace.ts';
import { readTrace } from '../src/traces/read-trace.ts';
import type { Trace } from '../src/traces/trace.ts';
import { describeWithRawData, RAW } from './shared-data.ts';

const root = new URL('..', import.meta.url).pathname;
const dataset = (name: string): string => join(root, 'datasets', name);

// The counts datasets/README.md documents.
const EXPECTED = [
  { name: 'llmdrift', rows: 6200, requests: 1550, models: 4, tasks: 3, tokensEstimated: 0 },
  { name: 'pricing-reversal', rows: 28971, requests: 4705, models: 8, tasks: 4, tokensEstimated: 0 },
  { name: 'routellm-gsm8k', rows: 2638, requests: 1319, models: 2, tasks: 1, tokensEstimated: 2638 },
  { name: 'routellm-mmlu', rows: 28084, requests: 14042, models: 2, tasks: 57, tokensEstimated: 28084 },
  { name: 'llmrouter', rows: 50472, requests: 5608, models: 9, tasks: 14, tokensEstimated: 50472 },
];

const traces = new Map<string, Trace>();
let prices: PriceTable;

beforeAll(async () => {
  prices = await readPriceTable(dataset('prices.json'));
  for (const { name } of EXPECTED) traces.set(name, await readTrace(dataset(`${name}.csv.gz`)));
});

const sum = (xs: Iterable<number>): number => [...xs].reduce((a, b) => a + b, 0);

/** Mean quality and total recorded cost of `model` over the rows of `task`. */
function slice(t: Trace, task: string | undefined, model: string): { rows: number; quality: number; costUsd: number } {
  let rows = 0,
    q = 0,
    c = 0;
  for (let i = 0; i < t.rowCount; i++) {
    if (t.modelNames[t.rowModel[i]!] !== model) continue;
    if (task !== undefined && t.taskNames[t.requestTask[t.rowRequest[i]!]!] !== task) continue;
    rows++;
    q += t.quality[i]!;
    c += t.costUsd[i]!;
  }
  return { rows, quality: q / rows, costUsd: c };
}

describe('bundled datasets', () => {
  it.each(EXPECTED)(
    '$name reads strictly with the documented counts',
    ({ name, rows, requests, models, tasks, tokensEstimated }) => {
      const t = traces.get(name)!;
      expect([t.rowCount, t.requestCount, t.modelNames.length, t.taskNames.length]).toEqual([
        rows,
        requests,
        models,
        tasks,
      ]);
      expect(sum(t.tokensEstimated)).toBe(tokensEstimated);
      expect(t.warnings).toEqual([]);
    },
  );

  it('prices.json prices every bundled model by its exact id', () => {
    const models = [...traces.values()].flatMap((t) => t.modelNames);
    expect(models).toHaveLength(25);
    for (const m of models)
      expect(
        prices.entries.some((e) => e.model === m),
        m,
      ).toBe(true);
    expect(prices.entries.every((e) => e.source !== undefined)).toBe(true);
  });

  it('LLMDrift reproduces the paper: GPT-4-0314 84.0% vs GPT-4-0613 50.2% on primes', () => {
    const t = traces.get('llmdrift')!;
    const march = slice(t, 'prime', 'gpt-4-0314');
    const june = slice(t, 'prime', 'gpt-4-0613');
    expect([march.rows, june.rows]).toEqual([1000, 1000]);
    expect(march.quality).toBe(0.84);
    expect(june.quality).toBe(0.502);
    // Recorded costs (sums of the upstream cost_usd column): the March model wrote far longer answers.
    expect(march.costUsd).toBeCloseTo(13.82736, 9);
    expect(june.costUsd).toBeCloseTo(1.07364, 9);
  });

  it('LLMDrift and pricing-reversal carry real costs, so pricing leaves them alone', () => {
    for (const name of ['llmdrift', 'pricing-reversal']) {
      const { report } = priceTrace(traces.get(name)!, prices);
      expect(report).toEqual({ estimatedRows: 0, unknownModels: [], unpricedRows: 0 });
    }
  });

  it('repricing pricing-reversal with prices.json reproduces the recorded per-query costs', () => {
    const t = traces.get('pricing-reversal')!;
    const repriced = priceTrace(t, prices, { reprice: true }).trace;
    const off: string[] = [];
    for (let i = 0; i < t.rowCount; i++) {
      if (Math.abs(repriced.costUsd[i]! - t.costUsd[i]!) > 1e-9 * Math.max(1, repriced.costUsd[i]!)) {
        off.push(`${t.requestIds[t.rowRequest[i]!]} ${t.modelNames[t.rowModel[i]!]} ${t.costUsd[i]}`);
      }
    }
    // Upstream billed prompt·in + completion·out, thinking tokens inside completion: the table's cached and
    // reasoning prices never apply here, and every one of the 28,971 rows agrees.
    expect(off).toEqual([]);
  });

  it('RouteLLM GSM8K costs are estimated from tokens and prices.json', () => {
    const { trace: t, report } = priceTrace(traces.get('routellm-gsm8k')!, prices);
    expect(report).toEqual({ estimatedRows: 2638, unknownModels: [], unpricedRows: 0 });
    expect(sum(t.costEstimated)).toBe(2638);
    const mixtral = slice(t, 'gsm8k', 'mistralai/Mixtral-8x7B-Instruct-v0.1');
    const gpt4 = slice(t, 'gsm8k', 'gpt-4-1106-preview');
    expect(mixtral.quality).toBeCloseTo(842 / 1319, 12);
    expect(gpt4.quality).toBeCloseTo(1130 / 1319, 12);
    expect(gpt4.costUsd).toBeCloseTo(5.68192, 9);
    expect(mixtral.costUsd).toBeCloseTo(0.1284522, 9);
  });

  it('MMLU costs are estimated from prompt tokens and a one-token answer', () => {
    const { trace: t, report } = priceTrace(traces.get('routellm-mmlu')!, prices);
    expect(report.estimatedRows).toBe(28084);
    expect(sum(t.outputTokens)).toBe(28084);
    expect(slice(t, undefined, 'gpt-4-1106-preview').costUsd).toBeCloseTo(15.12, 1);
    expect(slice(t, undefined, 'mistralai/Mixtral-8x7B-Instruct-v0.1').costUsd).toBeCloseTo(0.89, 2);
  });

  it('llmrouter has no output tokens, so its cost stays unknown rather than guessed', () => {
    const { trace: t, report } = priceTrace(traces.get('llmrouter')!, prices);
    expect(report.estimatedRows).toBe(0);
    expect(report.unpricedRows).toBe(t.rowCount);
    expect(t.warnings.map((w) => w.code)).toEqual(['missing-tokens']);
  });

  it('every dataset ships its upstream license', async () => {
    expect((await readdir(dataset('licenses'))).sort()).toEqual([
      'AzurePublicDataset-LICENSE',
      'LLMDrift-LICENSE',
      'LLMRouter-LICENSE',
      'RouteLLM-LICENSE',
      'llmperf-leaderboard-LICENSE',
      'pricing-reversal-LICENSE',
      'thefastest.ai-LICENSE',
      'tokencost-LICENSE',
    ]);
    expect(resolvePrice(prices, 'openai/gpt-4-0314')?.inputUsdPerMTok).toBe(30);
  });
});

describeWithRawData('scripts/build-datasets.ts', () => {
  it('rebuilds datasets/ byte for byte from datasets-raw', async () => {
    const out = await mkdtemp(join(tmpdir(), 'routelab-datasets-'));
    try {
      await promisify(execFile)('npx', ['tsx', 'scripts/build-datasets.ts', '--raw', RAW, '--out', out], { cwd: root });
      for (const f of [...EXPECTED.map((e) => `${e.name}.csv.gz`), 'prices.json', 'licenses/LLMDrift-LICENSE']) {
        expect((await readFile(join(out, f))).equals(await readFile(dataset(f))), f).toBe(true);
      }
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  });
});
