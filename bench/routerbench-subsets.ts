/**
 * Unseen RouterBench-style traces for the learned-router benches: wide CSVs (one row per prompt, one score
 * column and one `<model>|total_cost` column per model, as RouterBench ships them) built from
 * /work/shared/datasets-raw, with many models and sub-cent costs. None is a bundled dataset as such:
 * - llmrouter-reasoning: LLMRouter's dcrouter questions of the math, gsm8k, mgsm, logic-grid and gpqa tasks;
 * - llmrouter-knowledge: the same 9 models on natural_qa, trivia_qa, mmlu, commonsense_qa, openbook_qa, arc;
 * - simpleqa: pricing-reversal's SimpleQA questions × its 6 models, with their recorded per-query costs.
 * LLMRouter records no output lengths: cost = NIM price × (prompt tokens ≈ characters / 4 + 128 output tokens),
 * so the models' cost ratios follow their prices. Written to `dir`; returns the file paths.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const RAW = process.env.ROUTELAB_RAW ?? '/work/shared/datasets-raw';
const OUTPUT_TOKENS = 128;

const cell = (s: string | number) => {
  const t = String(s);
  return /[",\n\r]/.test(t) ? `"${t.replace(/"/g, '""')}"` : t;
};

interface WideRow {
  readonly id: string;
  readonly prompt: string;
  readonly task: string;
  readonly scores: ReadonlyMap<string, { quality: number; costUsd: number }>;
}

function writeWide(path: string, models: readonly string[], rows: readonly WideRow[]): string {
  const head = ['sample_id', 'prompt', 'eval_name', ...models.flatMap((m) => [m, `${m}|total_cost`])];
  const lines = rows.map((r) =>
    [
      r.id as string | number,
      r.prompt,
      r.task,
      ...models.flatMap((m): (string | number)[] => {
        const s = r.scores.get(m);
        return s ? [s.quality, s.costUsd] : ['', ''];
      }),
    ]
      .map(cell)
      .join(','),
  );
  writeFileSync(path, `${[head.join(','), ...lines].join('\n')}\n`);
  return path;
}

const REASONING = new Set(['math', 'gsm8k', 'agentverse-mgsm', 'agentverse-logicgrid', 'gpqa']);
const KNOWLEDGE = new Set(['natural_qa', 'trivia_qa', 'mmlu', 'commonsense_qa', 'openbook_qa', 'arc_challenge']);

function llmrouter(dir: string): string[] {
  const base = join(RAW, 'LLMRouter/data');
  const train = JSON.parse(readFileSync(join(base, 'dcrouter_preprocessed/train.json'), 'utf8')) as {
    question: string;
    scores: Record<string, number>;
  }[];
  const taskOf = new Map<string, string>();
  for (const line of readFileSync(join(base, 'example_data/query_data/default_query_train.jsonl'), 'utf8').split('\n'))
    if (line.trim()) {
      const q = JSON.parse(line) as { task_name: string; query: string };
      taskOf.set(q.query, q.task_name);
    }
  const prices = JSON.parse(readFileSync(join(base, 'example_data/llm_candidates/default_llm.json'), 'utf8')) as Record<
    string,
    { input_price: number; output_price: number }
  >;
  const models = Object.keys(train[0]!.scores);
  const rowsOf = (keep: Set<string>) =>
    train.flatMap((q, i): WideRow[] => {
      const task = taskOf.get(q.question);
      if (task === undefined || !keep.has(task)) return [];
      const inTok = Math.ceil(q.question.length / 4);
      const scores = new Map(
        models.map((m) => {
          const p = prices[m]!;
          return [
            m,
            { quality: q.scores[m]!, costUsd: (inTok * p.input_price + OUTPUT_TOKENS * p.output_price) / 1e6 },
          ];
        }),
      );
      return [{ id: `llmrouter-${i}`, prompt: q.question, task, scores }];
    });
  return [
    writeWide(join(dir, 'llmrouter-reasoning.csv'), models, rowsOf(REASONING)),
    writeWide(join(dir, 'llmrouter-knowledge.csv'), models, rowsOf(KNOWLEDGE)),
  ];
}

/** Minimal RFC 4180 reader for the derived pricing-reversal files (quoted fields may hold newlines). */
function readCsv(path: string): Record<string, string>[] {
  const text = readFileSync(path, 'utf8');
  const rows: string[][] = [];
  let row: string[] = [],
    field = '',
    quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') [field, i] = [`${field}"`, i + 1];
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') [row, field] = [[...row, field], ''];
    else if (c === '\n') {
      rows.push([...row, field]);
      [row, field] = [[], ''];
    } else if (c !== '\r') field += c;
  }
  if (field !== '' || row.length) rows.push([...row, field]);
  const [head, ...body] = rows;
  return body.map((r) => Object.fromEntries(head!.map((h, j) => [h, r[j] ?? ''])));
}

function simpleqa(dir: string): string {
  const base = join(RAW, 'pricing-reversal/derived');
  const prompts = new Map(readCsv(join(base, 'prompts.csv')).map((r) => [r.qid!, r.prompt!]));
  const byQid = new Map<string, Map<string, { quality: number; costUsd: number }>>();
  const models = new Set<string>();
  for (const r of readCsv(join(base, 'pricing_reversal_long.csv'))) {
    if (r.dataset !== 'simpleqa') continue;
    models.add(r.model!);
    const m = byQid.get(r.qid!) ?? new Map();
    m.set(r.model!, { quality: Number(r.score), costUsd: Number(r.cost_usd) });
    byQid.set(r.qid!, m);
  }
  const rows = [...byQid].map(([id, scores]) => ({ id, prompt: prompts.get(id) ?? '', task: 'simpleqa', scores }));
  return writeWide(join(dir, 'simpleqa.csv'), [...models].sort(), rows);
}

/** Writes the three unseen subsets into `dir`; returns their paths. */
export function writeRouterbenchSubsets(dir: string): string[] {
  return [...llmrouter(dir), simpleqa(dir)];
}
