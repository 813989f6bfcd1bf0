/**
 * OpenRouter generation records: the `data` object of `GET /api/v1/generation` (one per request; OpenRouter
 * resolves its own provider fallbacks inside one generation). Billed tokens are the `native_*` counts (the
 * provider's tokenizer); `tokens_prompt` / `tokens_completion` are normalised counts and stay tags.
 */
import type { MappedRecord } from './log-call.ts';
import { callRow, extraTags, FieldReader, failureStatus, text } from './log-call.ts';

const MAPPED = new Set([
  'id',
  'model',
  'created_at',
  'provider_name',
  'native_tokens_prompt',
  'native_tokens_completion',
  'native_tokens_reasoning',
  'native_tokens_cached',
  'total_cost',
  'latency',
  'finish_reason',
  'cancelled',
]);

/** True when a record has the fields only an OpenRouter generation record has. */
export function isOpenRouterRecord(r: Readonly<Record<string, unknown>>): boolean {
  return 'native_tokens_prompt' in r || ('provider_name' in r && 'total_cost' in r && 'created_at' in r);
}

/** One generation record → one call (status from `finish_reason: "error"` or `cancelled`). */
export function mapOpenRouter(r: Readonly<Record<string, unknown>>): MappedRecord {
  const f = new FieldReader();
  const id = text(r.id);
  const model = text(r.model);
  if (id === '') f.problems.push({ field: 'id', expected: 'a generation id', got: r.id });
  if (model === '') f.problems.push({ field: 'model', expected: 'a model id', got: r.model });
  const row = callRow(id, model);
  row.timestampMs = f.time('created_at', r.created_at);
  row.inputTokens = f.amount('native_tokens_prompt', r.native_tokens_prompt, true);
  row.outputTokens = f.amount('native_tokens_completion', r.native_tokens_completion, true);
  row.reasoningTokens = f.amount('native_tokens_reasoning', r.native_tokens_reasoning, true);
  row.cachedInputTokens = f.amount('native_tokens_cached', r.native_tokens_cached, true);
  row.costUsd = f.amount('total_cost', r.total_cost);
  row.latencyMs = f.amount('latency', r.latency);
  const finish = text(r.finish_reason);
  if (finish === 'error') row.status = failureStatus(r.native_finish_reason, r.provider_responses);
  else if (r.cancelled === true) row.status = 'error';
  const provider = text(r.provider_name);
  if (provider) row.tags!.provider = provider;
  extraTags(row, r, MAPPED);
  return f.done([row]);
}
