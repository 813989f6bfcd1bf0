/**
 * LiteLLM proxy SpendLogs (`GET /spend/logs`, or a CSV export of the LiteLLM_SpendLogs table): one row per
 * deployment call. Calls that share `metadata.litellm_trace_id` (or `trace_id`: LiteLLM's id for every
 * call of one incoming request, across retries and fallbacks) form one request; otherwise each call is one.
 * `startTime` / `endTime` / `completionStartTime` give the timestamp, latency and time to first token.
 */
import type { MappedRecord } from './log-call.ts';
import {
  callRow,
  extraTags,
  FieldReader,
  failureStatus,
  promptOf,
  text,
  userFields,
  setCallTimes,
} from './log-call.ts';

const MAPPED = new Set([
  'request_id',
  'model',
  'startTime',
  'endTime',
  'completionStartTime',
  'prompt_tokens',
  'completion_tokens',
  'total_tokens',
  'spend',
  'status',
  'metadata',
  'request_tags',
  'messages',
  'response',
  'custom_llm_provider',
  'api_key',
  'proxy_server_request',
]);

/** True when a record (or a CSV header's names) has the SpendLogs fields. */
export function isLiteLlmRecord(r: Readonly<Record<string, unknown>>): boolean {
  return 'request_id' in r && 'spend' in r && 'startTime' in r;
}

/** A JSON column of the CSV export arrives as text: parsed when it looks like JSON, else kept as is. */
function json(v: unknown): unknown {
  if (typeof v !== 'string' || !/^\s*[[{]/.test(v)) return v;
  try {
    return JSON.parse(v);
  } catch {
    return v;
  }
}

function asObject(v: unknown): Record<string, unknown> {
  const o = json(v);
  return typeof o === 'object' && o !== null && !Array.isArray(o) ? (o as Record<string, unknown>) : {};
}

/** One SpendLogs row → one call; a `failure` status is refined by `metadata.error_information`. */
export function mapLiteLlm(r: Readonly<Record<string, unknown>>): MappedRecord {
  const f = new FieldReader();
  const meta = asObject(r.metadata);
  const id = text(r.request_id);
  const model = text(r.model);
  if (id === '') f.problems.push({ field: 'request_id', expected: 'a request id', got: r.request_id });
  if (model === '') f.problems.push({ field: 'model', expected: 'a model id', got: r.model });
  const group = text(meta.litellm_trace_id) || text(meta.trace_id) || id;
  const row = callRow(group, model);
  const start = f.time('startTime', r.startTime);
  const end = f.time('endTime', r.endTime);
  const first = f.time('completionStartTime', r.completionStartTime);
  setCallTimes(row, start, end, first);
  row.inputTokens = f.amount('prompt_tokens', r.prompt_tokens, true);
  row.outputTokens = f.amount('completion_tokens', r.completion_tokens, true);
  row.costUsd = f.amount('spend', r.spend);
  const status = text(r.status).toLowerCase();
  if (status === 'failure') {
    const err = asObject(meta.error_information);
    row.status = failureStatus(err.error_code, err.error_class, err.error_message);
  } else if (status !== '' && status !== 'success') {
    f.problems.push({ field: 'status', expected: '"success" or "failure"', got: r.status });
  }
  const provider = text(r.custom_llm_provider);
  if (provider) row.tags!.provider = provider;
  if (id !== group) row.tags!.call_id = id;
  const tags = json(r.request_tags);
  if (Array.isArray(tags) && tags.length > 0) row.tags!.request_tags = tags.map(String).join(',');
  for (const k of ['attempted_fallbacks', 'attempted_retries', 'user_api_key_alias', 'user_api_key_team_alias']) {
    const v = text(meta[k]);
    if (v !== '') row.tags![k] = v;
  }
  userFields(row, asObject(meta.spend_logs_metadata), f);
  row.prompt = promptOf(json(r.messages));
  extraTags(row, r, MAPPED);
  return f.done([row]);
}
