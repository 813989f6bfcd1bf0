/**
 * Rebuilds `datasets/` from the raw upstream copies (datasets-raw, described in its SOURCES.md):
 *
 *   npx tsx scripts/build-datasets.ts [--raw <datasets-raw dir>] [--out <dir>]
 *
 * The raw dir defaults to $ROUTELAB_DATASETS_RAW, else ../shared/datasets-raw next to the repo. Output is
 * deterministic: rows in request-id order (the order the reader keeps, see src/traces/sorted-codes.ts), gzip level 9
 * with no timestamp in the header, no wall clock.
 * What each conversion changes is written down in datasets/README.md; the comments here say why.
 */
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { countTokens } from 'gpt-tokenizer/encoding/cl100k_base';
import { toJson, writeFileAtomic } from '../src/core/atomic-write.ts';
import { toPerMTok } from '../src/traces/import-litellm.ts';
import { parsePriceTable, priceTableJson, readPriceTable, resolvePrice } from '../src/traces/price-table.ts';
import type { PriceEntry } from '../src/traces/price-types.ts';
import type { Trace } from '../src/traces/trace.ts';
import { writeTrace } from '../src/traces/write-trace.ts';
import { OUT, bool01, build, num, raw, readCsv, readJson } from './dataset-sources.ts';

// ---- LLMDrift: the graded tasks (prime, counthappynumber, leetcode_easy) ---------------------------------
/** "07/02/2023, 21:28:40" (month/day/year; the zone is not recorded upstream) → epoch ms, read as UTC. */
function driftTime(s: string, where: string): number {
  const m = /^(\d{2})\/(\d{2})\/(\d{4}), (\d{2}):(\d{2}):(\d{2})$/.exec(s);
  if (!m) throw new Error(`${where}: expected "MM/DD/YYYY, hh:mm:ss", got ${JSON.stringify(s)}`);
  return Date.UTC(+m[3]!, +m[1]! - 1, +m[2]!, +m[4]!, +m[5]!, +m[6]!);
}

async function llmdrift(): Promise<{ trace: Trace; prices: PriceEntry[] }> {
  const service = (await readJson('LLMDrift/config/serviceinfo.json')) as Record<
    string,
    Record<string, { cost_input: number; cost_output: number }>
  >;
  const rows = (await readCsv('LLMDrift/derived/llmdrift_traces_long.csv')).filter((r) => r.grading_rule !== '');
  const models = [...new Set(rows.map((r) => r.model!))];
  const prices = models.map((model): PriceEntry => {
    const p = service.openaichat?.[model];
    if (!p) throw new Error(`LLMDrift/config/serviceinfo.json: no openaichat price for ${model}`);
    return {
      model,
      inputUsdPerMTok: toPerMTok(p.cost_input),
      outputUsdPerMTok: toPerMTok(p.cost_output),
      source: 'lchen001/LLMDrift config/serviceinfo.json @4938eb720aed: the prices its July 2023 runs were billed at',
    };
  });
  const trace = build('llmdrift', (add) =>
    rows.forEach((r, i) => {
      const where = `LLMDrift/derived/llmdrift_traces_long.csv:${i + 2}`;
      // No input-token count: upstream logs none, and it cannot be recovered from the cost because in a few
      // rows the logged completion_tokens exceed what was billed (a re-tokenisation, not the API's usage).
      add({
        requestId: `${r.task}-${r.item_id}`,
        model: r.model!,
        prompt: r.prompt!,
        task: r.task!,
        timestampMs: driftTime(r.timestamp!, where),
        quality: num(r.correct, where),
        costUsd: num(r.cost_usd, where),
        latencyMs: Number((num(r.latency_s, where) * 1000).toPrecision(12)),
        outputTokens: num(r.completion_tokens, where),
        tags: { subset: r.subset! },
      });
    }),
  );
  return { trace, prices };
}

// ---- pricing-reversal: 8 reasoning models on AIME / GPQA / LiveMathBench / SimpleQA ----------------------
async function pricingReversal(): Promise<{ trace: Trace; prices: PriceEntry[] }> {
  const info = (await readJson('pricing-reversal/constant/model_info.json')) as {
    models: Record<string, number | string | null>[];
  };
  const prices = info.models.map((m): PriceEntry => {
    const cached = m.cached_input_price_per_MTok ?? m.cached_input_read_price_per_MTok;
    return {
      model: m.model_name as string,
      inputUsdPerMTok: m.input_price_per_MTok as number,
      outputUsdPerMTok: m.output_price_per_MTok as number,
      ...(typeof cached === 'number' ? { cachedInputUsdPerMTok: cached } : {}),
      source:
        `lchen001/pricing-reversal constant/model_info.json @69f5f1a0e89e (last_updated 2026-02-28; API ` +
        `id ${m.api_model_id}; prompts ≤ 200k tokens)`,
    };
  });
  const prompts = new Map((await readCsv('pricing-reversal/derived/prompts.csv')).map((p) => [p.qid!, p.prompt!]));
  // ARC-AGI was run on MiniMax only: no routing choice there, so it is left out.
  const rows = (await readCsv('pricing-reversal/derived/pricing_reversal_long.csv')).filter(
    (r) => r.dataset !== 'arc-agi',
  );
  const trace = build('pricing-reversal', (add) =>
    rows.forEach((r, i) => {
      const where = `pricing-reversal/derived/pricing_reversal_long.csv:${i + 2}`;
      const prompt = prompts.get(r.qid!);
      if (prompt === undefined) throw new Error(`${where}: qid ${r.qid} has no prompt in derived/prompts.csv`);
      add({
        requestId: r.qid!,
        model: r.model!,
        prompt,
        task: r.dataset!,
        quality: num(r.score, where),
        inputTokens: num(r.prompt_tokens, where),
        outputTokens: num(r.completion_tokens, where),
        reasoningTokens: num(r.thinking_tokens, where),
        costUsd: num(r.cost_usd, where),
      });
    }),
  );
  return { trace, prices };
}

// ---- RouteLLM: Mixtral-8x7B vs GPT-4-1106 on GSM8K and MMLU ---------------------------------------------
const MIXTRAL = 'mistralai/Mixtral-8x7B-Instruct-v0.1';
const GPT4 = 'gpt-4-1106-preview';

async function routellmGsm8k(): Promise<Trace> {
  const file = 'RouteLLM/routellm/evals/gsm8k/gsm8k_responses.csv';
  const rows = await readCsv(file);
  return build(
    'routellm-gsm8k',
    (add) =>
      rows.forEach((r, i) => {
        const where = `${file}:${i + 2}`;
        for (const model of [MIXTRAL, GPT4]) {
          add({
            requestId: `gsm8k-${i}`,
            model,
            prompt: r.prompt!,
            task: 'gsm8k',
            quality: bool01(r[model], where),
            inputTokens: countTokens(r.prompt!),
            outputTokens: countTokens(r[`${model}_response`] ?? ''),
          });
        }
      }),
    true,
  );
}

async function routellmMmlu(): Promise<Trace> {
  const dir = 'RouteLLM/routellm/evals/mmlu/responses';
  const files = (await readdir(raw(dir))).filter((f) => /^mmlu_.+\.csv$/.test(f)).sort();
  const subjects = await Promise.all(
    files.map(async (f) => ({ subject: f.slice(5, -4), rows: await readCsv(`${dir}/${f}`) })),
  );
  return build(
    'routellm-mmlu',
    (add) => {
      for (const { subject, rows } of subjects)
        rows.forEach((r, i) => {
          const where = `${dir}/mmlu_${subject}.csv:${i + 2}`;
          // No response text upstream. Every prompt ends in "Answer:" and is graded on the answer letter, so
          // the completion is taken as one token — a documented, estimated assumption (input tokens, counted
          // from the prompt, are >95% of the cost either way); both counts are marked tokens_estimated.
          const inputTokens = countTokens(r.prompt!);
          for (const model of [MIXTRAL, GPT4])
            add({
              requestId: `${subject}-${i}`,
              model,
              prompt: r.prompt!,
              task: subject,
              quality: bool01(r[model], where),
              inputTokens,
              outputTokens: 1,
            });
        });
    },
    true,
  );
}

async function routellmPrices(): Promise<PriceEntry[]> {
  const litellm = await readPriceTable(raw('tokencost/tokencost/model_prices.json'));
  const from = (model: string, key: string): PriceEntry => {
    const p = resolvePrice(litellm, key);
    if (!p) throw new Error(`tokencost/tokencost/model_prices.json: no price for ${key}`);
    return {
      model,
      inputUsdPerMTok: p.inputUsdPerMTok,
      outputUsdPerMTok: p.outputUsdPerMTok,
      source: `litellm prices via AgentOps-AI/tokencost model_prices.json @e7f7c1928084 (2025-09), key "${key}"`,
    };
  };
  // litellm has no first-party Mixtral price (Mistral's own API sells it as open-mixtral-8x7b at other
  // rates); Together's hosted price is the usual reference for the open weights.
  return [from(MIXTRAL, 'together_ai/mistralai/Mixtral-8x7B-Instruct-v0.1'), from(GPT4, GPT4)];
}

// ---- LLMRouter: 9 open models on 5,608 training queries -------------------------------------------------
async function llmrouter(): Promise<{ trace: Trace; prices: PriceEntry[] }> {
  const train = (await readJson('LLMRouter/data/dcrouter_preprocessed/train.json')) as {
    question: string;
    scores: Record<string, number>;
    cluster_id?: number;
  }[];
  const queries = (await readFile(raw('LLMRouter/data/example_data/query_data/default_query_train.jsonl'), 'utf8'))
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as { task_name: string; query: string });
  const tasksOf = new Map<string, Set<string>>();
  for (const q of queries) tasksOf.set(q.query, (tasksOf.get(q.query) ?? new Set()).add(q.task_name));
  const candidates = (await readJson('LLMRouter/data/example_data/llm_candidates/default_llm.json')) as Record<
    string,
    { input_price: number; output_price: number; model: string }
  >;
  const models = Object.keys(train[0]!.scores);
  const prices = models.map((model): PriceEntry => {
    const c = candidates[model];
    if (!c) throw new Error(`LLMRouter default_llm.json: no price for ${model}`);
    return {
      model,
      inputUsdPerMTok: c.input_price,
      outputUsdPerMTok: c.output_price,
      source:
        `ulab-uiuc/LLMRouter data/example_data/llm_candidates/default_llm.json @4e7a796942ce (NVIDIA NIM, ` +
        `"${c.model}")`,
    };
  });
  const trace = build(
    'llmrouter',
    (add) =>
      train.forEach((q, i) => {
        // A task label only where the question text names exactly one task of the query file.
        const tasks = tasksOf.get(q.question);
        const task = tasks?.size === 1 ? [...tasks][0] : undefined;
        const inputTokens = countTokens(q.question);
        for (const model of models) {
          const score = q.scores[model];
          if (score === undefined) throw new Error(`LLMRouter train.json[${i}]: no score for ${model}`);
          add({
            requestId: `llmrouter-${i}`,
            model,
            prompt: q.question,
            task,
            quality: score,
            inputTokens,
            tags: { cluster_id: q.cluster_id === undefined ? '' : String(q.cluster_id) },
          });
        }
      }),
    true,
  );
  return { trace, prices };
}

// ---- licenses ---------------------------------------------------------------------------------------------
const LICENSES: [string, string][] = [
  ['LLMDrift/LICENSE', 'LLMDrift-LICENSE'],
  ['pricing-reversal/LICENSE', 'pricing-reversal-LICENSE'],
  ['RouteLLM/LICENSE', 'RouteLLM-LICENSE'],
  ['LLMRouter/LICENSE', 'LLMRouter-LICENSE'],
  ['tokencost/LICENSE', 'tokencost-LICENSE'],
];

async function main(): Promise<void> {
  const drift = await llmdrift();
  const reversal = await pricingReversal();
  const router = await llmrouter();
  const traces: [string, Trace][] = [
    ['llmdrift', drift.trace],
    ['pricing-reversal', reversal.trace],
    ['routellm-gsm8k', await routellmGsm8k()],
    ['routellm-mmlu', await routellmMmlu()],
    ['llmrouter', router.trace],
  ];
  const table = parsePriceTable(
    {
      routelab_price_table: 1,
      version: 'routelab bundled datasets 1',
      source:
        'merged from the price tables shipped with each bundled dataset (and litellm for RouteLLM); each entry ' +
        'names its source and date',
      entries: [...drift.prices, ...reversal.prices, ...(await routellmPrices()), ...router.prices],
    },
    'datasets/prices.json',
  );
  await writeFileAtomic(join(OUT, 'prices.json'), toJson(priceTableJson(table)));
  for (const [name, trace] of traces) {
    await writeTrace(trace, join(OUT, `${name}.csv.gz`));
    console.log(
      `${name}: ${trace.rowCount} rows, ${trace.requestCount} requests, ${trace.modelNames.length} models, ` +
        `${trace.taskNames.length} tasks`,
    );
  }
  // Copied as bytes (not with copyFile) so the upstream files' read-only mode does not follow them.
  for (const [from, to] of LICENSES) await writeFileAtomic(join(OUT, 'licenses', to), await readFile(raw(from)));
  console.log(`prices.json: ${table.entries.length} models; written to ${OUT}`);
}

await main();
