/**
 * OpenTelemetry GenAI spans in OTLP/JSON (the collector's file exporter: one ExportTraceServiceRequest per
 * line). A span with `gen_ai.operation.name` (or, from older instrumentations, `gen_ai.system` and a requested
 * model) is a model call; any other span is ignored and counted. The
 * spans of one trace (`traceId`) form one request — a fallback chain's calls share it — so the first model
 * called is its routing decision. int64 values (times, token counts) arrive as strings, per the OTLP JSON
 * mapping.
 */
import type { RowInput } from './builder.ts';
import type { MappedRecord } from './log-call.ts';
import { callRow, FieldReader, failureStatus, text, userFields, setCallTimes } from './log-call.ts';

type Attributes = Record<string, unknown>;

const MAPPED = new Set([
  'gen_ai.operation.name',
  'gen_ai.request.model',
  'gen_ai.response.model',
  'gen_ai.provider.name',
  'gen_ai.system',
  'gen_ai.usage.input_tokens',
  'gen_ai.usage.output_tokens',
  'gen_ai.usage.prompt_tokens',
  'gen_ai.usage.completion_tokens',
  'error.type',
]);

/** True when a record is an ExportTraceServiceRequest. */
export function isOtlpRecord(r: Readonly<Record<string, unknown>>): boolean {
  return Array.isArray(r.resourceSpans);
}

/** An OTLP AnyValue ({stringValue}, {intValue: "12"}, {doubleValue}, {boolValue}, arrays) as a plain value. */
function anyValue(v: unknown): unknown {
  if (typeof v !== 'object' || v === null) return undefined;
  const o = v as Record<string, unknown>;
  if ('stringValue' in o) return o.stringValue;
  if ('intValue' in o) return o.intValue;
  if ('doubleValue' in o) return o.doubleValue;
  if ('boolValue' in o) return o.boolValue;
  if ('arrayValue' in o) {
    const values = (o.arrayValue as { values?: unknown[] } | null)?.values ?? [];
    return values.map(anyValue);
  }
  return undefined;
}

function attributes(list: unknown): Attributes {
  const out: Attributes = {};
  if (!Array.isArray(list)) return out;
  for (const kv of list as { key?: unknown; value?: unknown }[]) {
    if (typeof kv?.key === 'string') out[kv.key] = anyValue(kv.value);
  }
  return out;
}

/**
 * A model call: `gen_ai.operation.name` (current conventions), or — as instrumentations written before it
 * existed (OpenLLMetry and others) mark theirs — `gen_ai.system` with a `gen_ai.request.model`.
 */
function isModelCall(attrs: Attributes): boolean {
  if (attrs['gen_ai.operation.name'] !== undefined) return true;
  return attrs['gen_ai.system'] !== undefined && attrs['gen_ai.request.model'] !== undefined;
}

function array(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

/** Every GenAI span of one ExportTraceServiceRequest → calls; other spans counted as ignored. */
export function mapOtlp(r: Readonly<Record<string, unknown>>): MappedRecord {
  const f = new FieldReader();
  const calls: RowInput[] = [];
  let ignored = 0;
  for (const rs of array(r.resourceSpans) as { resource?: { attributes?: unknown }; scopeSpans?: unknown }[]) {
    const resource = attributes(rs?.resource?.attributes);
    // `instrumentationLibrarySpans`: the name before OTLP 0.15, still written by old collectors.
    const scopes = array(
      rs?.scopeSpans ?? (rs as { instrumentationLibrarySpans?: unknown })?.instrumentationLibrarySpans,
    );
    for (const ss of scopes as { spans?: unknown }[]) {
      for (const span of array(ss?.spans) as Record<string, unknown>[]) {
        const attrs = attributes(span?.attributes);
        if (!isModelCall(attrs)) {
          ignored++;
          continue;
        }
        calls.push(spanCall(span, attrs, resource, f));
      }
    }
  }
  return f.done(calls, ignored);
}

function spanCall(span: Record<string, unknown>, attrs: Attributes, resource: Attributes, f: FieldReader): RowInput {
  const model = text(attrs['gen_ai.response.model']) || text(attrs['gen_ai.request.model']);
  const traceId = text(span.traceId);
  if (traceId === '') f.problems.push({ field: 'traceId', expected: 'a trace id', got: span.traceId });
  if (model === '') {
    f.problems.push({ field: 'gen_ai.request.model', expected: 'a model on a gen_ai span', got: undefined });
  }
  const row = callRow(traceId, model);
  const start = f.nanos('startTimeUnixNano', span.startTimeUnixNano);
  const end = f.nanos('endTimeUnixNano', span.endTimeUnixNano);
  setCallTimes(row, start, end);
  row.inputTokens = f.amount(
    'gen_ai.usage.input_tokens',
    attrs['gen_ai.usage.input_tokens'] ?? attrs['gen_ai.usage.prompt_tokens'],
    true,
  );
  row.outputTokens = f.amount(
    'gen_ai.usage.output_tokens',
    attrs['gen_ai.usage.output_tokens'] ?? attrs['gen_ai.usage.completion_tokens'],
    true,
  );
  const status = span.status as { code?: unknown; message?: unknown } | undefined;
  const code = status?.code;
  const errorType = attrs['error.type'];
  if (errorType !== undefined || code === 2 || code === 'STATUS_CODE_ERROR') {
    row.status = failureStatus(errorType, status?.message, attrs['http.response.status_code']);
  }
  const provider = text(attrs['gen_ai.provider.name']) || text(attrs['gen_ai.system']);
  if (provider) row.tags!.provider = provider;
  row.tags!.span_id = text(span.spanId);
  const service = text(resource['service.name']);
  if (service) row.tags!['service.name'] = service;
  const rest: Attributes = {};
  for (const k in attrs) if (!MAPPED.has(k)) rest[k] = attrs[k];
  userFields(row, rest, f);
  return row;
}
