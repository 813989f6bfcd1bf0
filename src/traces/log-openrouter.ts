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

/** True when a record has the fields only an OpenRouter generation record has (REST snake_case or SDK camelCase). */
export function isOpenRouterRecord(r: Readonly<Record<string, unknown>>): boolean {
  const has = (k: string): boolean => k in r || camel(k) in r;
  return has('native_tokens_prompt') || (has('provider_name') && has('total_cost') && has('created_at'));
}

function camel(snake: string): string {
  return snake.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
}

/** The OpenRouter SDKs return the same record in camelCase (`nativeTokensPrompt`): read it as the REST one. */
function snakeKeys(r: Readonly<Record<string, unknown>>): Readonly<Record<string, unknown>> {
  if (!('nativeTokensPrompt' in r || 'providerName' in r || 'createdAt' in r)) return r;
  const out: Record<string, unknown> = {};
  for (const k in r) out[k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)] = r[k];
  return out;
}

/** One generation record → one call (status from `finish_reason: "error"` or `cancelled`). */
export function mapOpenRouter(record: Readonly<Record<string, unknown>>): MappedRecord {
  const r = snakeKeys(record);
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
