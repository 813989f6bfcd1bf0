/**
 * Langfuse observations (`GET /api/public/observations`, a UI export, or JSON Lines of them): only
 * `type: "GENERATION"` observations are model calls; spans and events are ignored and counted. The
 * generations of one Langfuse trace (`traceId`) form one request. Usage and cost come from `usageDetails` /
 * `costDetails` (falling back to the older `usage` and `calculatedTotalCost`); `level: "ERROR"` is a failure.
 */
import type { MappedRecord } from './log-call.ts';
import { callRow, FieldReader, failureStatus, promptOf, text, userFields, setCallTimes } from './log-call.ts';

/** True when a record looks like a Langfuse observation. */
export function isLangfuseRecord(r: Readonly<Record<string, unknown>>): boolean {
  return 'traceId' in r && 'startTime' in r && 'type' in r;
}

function obj(v: unknown): Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

/** One observation → one call, or nothing (counted) when it is not a generation. */
export function mapLangfuse(r: Readonly<Record<string, unknown>>): MappedRecord {
  const f = new FieldReader();
  if (text(r.type).toUpperCase() !== 'GENERATION') return f.done([], 1);
  const model = text(r.model);
  const request = text(r.traceId) || text(r.id);
  if (request === '') f.problems.push({ field: 'traceId', expected: 'a trace id', got: r.traceId });
  if (model === '') f.problems.push({ field: 'model', expected: 'a model on a generation', got: r.model });
  const row = callRow(request, model);
  const start = f.time('startTime', r.startTime);
  const end = f.time('endTime', r.endTime);
  const first = f.time('completionStartTime', r.completionStartTime);
  setCallTimes(row, start, end, first);
  const usage = obj(r.usageDetails);
  const legacy = obj(r.usage);
  row.inputTokens = f.amount('usageDetails.input', usage.input ?? legacy.input ?? legacy.promptTokens, true);
  row.outputTokens = f.amount('usageDetails.output', usage.output ?? legacy.output ?? legacy.completionTokens, true);
  row.cachedInputTokens = f.amount('usageDetails.input_cached_tokens', usage.input_cached_tokens, true);
  row.reasoningTokens = f.amount('usageDetails.output_reasoning_tokens', usage.output_reasoning_tokens, true);
  const cost = obj(r.costDetails);
  row.costUsd = f.amount('costDetails.total', cost.total ?? r.calculatedTotalCost ?? r.totalPrice);
  if (text(r.level).toUpperCase() === 'ERROR') row.status = failureStatus(r.statusMessage);
  row.tags!.observation_id = text(r.id);
  for (const k of ['name', 'environment', 'version', 'promptName']) {
    const v = text(r[k]);
    if (v !== '') row.tags![k] = v;
  }
  userFields(row, obj(r.metadata), f);
  row.prompt = promptOf(r.input);
  return f.done([row]);
}
